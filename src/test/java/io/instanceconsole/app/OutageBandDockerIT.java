package io.instanceconsole.app;

import io.instanceconsole.backend.docker.DockerCli;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.ConnectionPolicy;
import io.instanceconsole.domain.ResilienceSettings;
import io.instanceconsole.service.BulkOperation;
import io.instanceconsole.testing.ProjectScripts;
import io.instanceconsole.ui.instances.InstanceRowViewModel;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableRow;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.controlsfx.control.StatusBar;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.instanceconsole.app.MainWindowHarness.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 24's outage and recovery in the main window against a real Docker Engine: the engine's process is frozen
 * (as a host lost on the network would be), then thawed. The band, the red chip and the last-known rows come, and go
 * again by themselves; an action that failed meanwhile leaves no error behind once the host answers.
 */
@ExtendWith(ApplicationExtension.class)
class OutageBandDockerIT {
    private static final String ENGINE = "outage";

    @TempDir
    static Path temp;

    private MainWindowHarness h;
    private DockerCli docker;
    private Connection engine;

    @Start
    void start(Stage stage) {
        docker = new DockerCli(ProjectScripts.dockerEngine(ENGINE));
        docker.removeAll();
        docker.runDetached("band-web");
        docker.runDetached("band-db");
        AppContext context = TestContexts.context(temp.resolve("data-" + System.nanoTime()));
        engine = context.connectionManager().add("engine", BackendKind.DOCKER, docker.host(), "", false,
                new ConnectionPolicy("", ResilienceSettings.defaults().withCallTimeout(Duration.ofSeconds(2))
                        .withBreaker(1, Duration.ofSeconds(1))));
        context.connectAll().orTimeout(60, TimeUnit.SECONDS).join();
        h = MainWindowHarness.open(context, stage);
    }

    @AfterEach
    void tearDown() throws Exception {
        signalEngine("CONT");
        h.close();
        docker.removeAll();
    }

    @Test
    void aFrozenEngineIsABandAndLastKnownRowsAndEverythingClearsWhenItAnswersAgain() throws Exception {
        waitUntil("the engine's rows show", () -> engineRows().size() == 2);
        assertThat(band().isVisible()).as("no band while every host answers").isFalse();
        InstanceRowViewModel web = engineRows().stream().filter(r -> r.snapshot().name().equals("band-web"))
                .findFirst().orElseThrow();

        // the engine stops answering just as a pause is sent: the pause times out and the host is found down
        signalEngine("STOP");
        h.select(web.snapshot());
        h.type(KeyCode.CONTROL, KeyCode.P);

        waitUntil("the band names the engine", () -> band().isVisible() && bandText().contains("engine"));
        assertThat(bandText()).contains("rows show the last known state");
        assertThat(h.robot().lookup("#retry-now").query().isVisible()).isTrue();
        Label chip = h.robot().lookup(".host-down-chip").queryAs(Label.class);
        assertThat(chip.isVisible()).isTrue();
        waitUntil("the summary counts the engine's rows apart", () -> summary().contains("2 last known"));
        waitUntil("its rows are greyed", () -> engineTableRows().stream().allMatch(row ->
                row.getPseudoClassStates().stream().anyMatch(p -> p.getPseudoClassName().equals("stale"))));
        assertThat(engineRows()).as("no live figures from a host that does not answer")
                .allMatch(r -> r.statsProperty().get() == null);
        waitUntil("the pause's outcome is unknown, and the panel says so", () ->
                h.panelNames(BulkOperation.ItemState.UNKNOWN).contains("band-web"));

        signalEngine("CONT");
        h.robot().clickOn("#retry-now");

        waitUntil("the band goes when the engine answers again", () -> !band().isVisible());
        assertThat(chip.isVisible()).isFalse();
        waitUntil("the summary counts them as live again", () -> !summary().contains("last known"));
        waitUntil("the panel's unknown item is settled from the host",
                () -> h.panelNames(BulkOperation.ItemState.UNKNOWN).isEmpty());
        assertThat(web.state().error()).isEmpty();
        String onEngine = docker.state("band-web");
        waitUntil("the row shows what the engine says (" + onEngine + ")",
                () -> web.snapshot().status().key().equals(onEngine.equals("paused") ? "paused" : "running"));
    }

    private Node band() {
        return h.robot().lookup(".outage-band").query();
    }

    private String bandText() {
        return h.robot().lookup(".outage-band .label").queryAs(Label.class).getText();
    }

    private String summary() {
        return h.robot().lookup(".status-bar").queryAs(StatusBar.class).getText();
    }

    private List<InstanceRowViewModel> engineRows() {
        return h.table().getItems().stream().filter(r -> r.key().connectionId().equals(engine.id())).toList();
    }

    private List<TableRow<?>> engineTableRows() {
        return h.robot().lookup(".instance-table .table-row-cell").queryAll().stream()
                .<TableRow<?>>map(n -> (TableRow<?>) n)
                .filter(row -> row.getItem() instanceof InstanceRowViewModel r && r.key().connectionId().equals(engine.id()))
                .toList();
    }

    private static void signalEngine(String signal) throws Exception {
        String pid = Files.readString(Path.of(System.getProperty("ic.engineRoot", "/tmp/instance-console-engines"),
                ENGINE, "docker.pid")).strip();
        assertThat(new ProcessBuilder("kill", "-" + signal, pid).start().waitFor()).isZero();
    }
}
