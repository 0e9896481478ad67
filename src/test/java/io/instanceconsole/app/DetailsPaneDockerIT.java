package io.instanceconsole.app;

import io.instanceconsole.backend.docker.DockerCli;
import io.instanceconsole.domain.LogLine;
import io.instanceconsole.service.ConnectionHealth;
import io.instanceconsole.testing.ProjectScripts;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.instanceconsole.app.MainWindowHarness.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The details pane on the whole main window over a real Docker Engine (.ci/docker-engine.sh): a busybox container
 * that prints a line a second shows each line in the pane within a second of its printing, its log stops while it is
 * paused and goes on when resumed, and its facts show its variable by name with the value hidden until asked; a
 * container whose log the engine keeps none of says so in one line, and the host stays healthy.
 */
@ExtendWith(ApplicationExtension.class)
class DetailsPaneDockerIT {
    private static final String TICKER = "i=0; while true; do echo tick-$i; i=$((i+1)); sleep 1; done";
    private static final String SECRET = "pane-secret-42";

    @TempDir
    static Path temp;

    private final FxRobot robot = new FxRobot();
    private MainWindowHarness h;
    private DockerCli docker;

    @Start
    void start(Stage stage) {
        docker = new DockerCli(ProjectScripts.dockerEngine("a"));
        docker.removeAll();
        docker.docker("run", "-d", "--network", "none", "--name", "pane-ticker", "-e", "API_TOKEN=" + SECRET,
                DockerCli.IMAGE, "sh", "-c", TICKER);
        h = MainWindowHarness.openWithConnection(temp, stage, "engine", "--docker", docker.host());
    }

    @AfterEach
    void tearDown() {
        h.close();
        docker.removeAll();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theTickersLinesShowWithinASecondAndStopWhilePaused() throws Exception {
        h.openDetailsOn("pane-ticker");

        // the variable: listed by name, its value hidden until Show
        waitUntil("the variable is listed", () -> robot.lookup("#env-API_TOKEN").tryQuery().isPresent());
        TextField value = robot.lookup("#env-API_TOKEN").queryAs(TextField.class);
        assertThat(value.getText()).doesNotContain(SECRET);
        robot.interact(() -> robot.lookup("#reveal-API_TOKEN").queryButton().fire());
        waitUntil("the value shows once asked", () -> value.getText().equals(SECRET));

        ListView<LogLine> lines = robot.lookup("#log-lines").queryAs(ListView.class);
        List<Instant> arrived = new CopyOnWriteArrayList<>();
        List<LogLine> added = new CopyOnWriteArrayList<>();
        robot.interact(() -> lines.getItems().addListener((ListChangeListener<LogLine>) c -> {
            while (c.next()) {
                for (LogLine line : c.getAddedSubList()) {
                    arrived.add(Instant.now());
                    added.add(line);
                }
            }
        }));
        waitUntil("five new lines in the pane", () -> added.size() >= 5);
        for (int i = 0; i < added.size(); i++) {
            assertThat(Duration.between(added.get(i).time(), arrived.get(i)))
                    .as("'%s' in the pane within a second of its printing", added.get(i).text())
                    .isLessThan(Duration.ofSeconds(1));
        }

        docker.docker("pause", "pane-ticker");
        Thread.sleep(400);
        int paused = added.size();
        Thread.sleep(2_500);
        assertThat(added).as("no line while paused").hasSize(paused);
        docker.docker("unpause", "pane-ticker");
        waitUntil("lines again once resumed", () -> added.size() > paused);
    }

    @Test
    void aHostThatKeepsNoLogForAContainerSaysSoInOneLineAndStaysHealthy() {
        docker.docker("run", "-d", "--network", "none", "--log-driver", "none", "--name", "pane-nolog",
                DockerCli.IMAGE, "sh", "-c", TICKER);
        h.openDetailsOn("pane-nolog");

        Label note = robot.lookup("#log-note").queryAs(Label.class);
        waitUntil("the refusal is said", () -> note.getText().contains("does not support reading"));
        assertThat(note.getText()).contains("'pane-nolog'").doesNotContain("\n").doesNotContain("Exception");
        assertThat(h.context.registry().all()).as("a refused log is no host failure")
                .allMatch(host -> host.health().state() == ConnectionHealth.State.CONNECTED);
    }
}
