package io.instanceconsole.app;

import io.instanceconsole.lab.HostLab;
import io.instanceconsole.lab.LabTest;
import io.instanceconsole.service.ConnectionHealth;
import io.instanceconsole.service.ServiceListener;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static io.instanceconsole.app.MainWindowHarness.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console meets an ssh host whose key it does not know: the main window asks (host, type, the fingerprint
 * {@code ssh-keygen -lf} gives for the host's key), Cancel is the default, and Trust connects and shows the host's
 * containers. Against the lab's real sshd and dockerd.
 */
@LabTest
@ExtendWith(ApplicationExtension.class)
class HostKeyPromptLabIT {
    @RegisterExtension
    static final HostLab LAB = HostLab.hosts(1).withDocker();

    @TempDir
    static Path temp;

    private final FxRobot robot = new FxRobot();
    private AppContext context;
    private SshLabConsole user;
    private String container;
    private final Map<String, ConnectionHealth> health = new ConcurrentHashMap<>();

    @Start
    void start(Stage stage) {
        container = LAB.docker(1, "run", "-d", "--network", "none", "--name", "prompt-" + UUID.randomUUID().toString()
                .substring(0, 8), SshLabConsole.IMAGE).strip();
        user = SshLabConsole.trustingNothing(LAB, temp.resolve("user-" + System.nanoTime()));
        context = user.open(temp.resolve("data-" + System.nanoTime()), Map.of("lab1", LAB.dockerSshUri(1)));
        context.registry().addListener(new ServiceListener() {
            @Override
            public void healthChanged(String connectionId, ConnectionHealth newHealth) {
                health.put(connectionId, newHealth);
            }
        });
        BenchWindows.showOn(stage, MainWindowFactory.build(context, stage), 1200, 760);
        context.connectAll();
    }

    @AfterEach
    void tearDown() {
        prompt().ifPresent(pane -> robot.interact(() -> pane.getScene().getWindow().hide()));
        context.close();
        LAB.runOnHost(1, "docker", "rm", "-f", container);
    }

    private static Optional<DialogPane> prompt() {
        return Window.getWindows().stream().filter(Window::isShowing).map(Window::getScene)
                .map(s -> s == null ? null : s.lookup("#host-key-prompt")).filter(DialogPane.class::isInstance)
                .map(DialogPane.class::cast).findFirst();
    }

    @Test
    void anUnknownHostKeyIsShownAndTrustedOnlyWhenTheUserSaysSo() throws Exception {
        waitUntil("the trust prompt opens", () -> prompt().isPresent());
        DialogPane pane = prompt().orElseThrow();
        assertThat(((TextField) pane.lookup("#host-key-fingerprint")).getText()).isEqualTo(user.fingerprint(1));
        assertThat(pane.getHeaderText()).contains(HostLab.address(1) + ":" + HostLab.SSH_PORT);
        assertThat(((Button) pane.lookup("#trust-host-key")).isDefaultButton()).isFalse();
        String id = context.connectionManager().all().get(0).id();
        assertThat(health.get(id).badge(Instant.now())).isEqualTo("host key not trusted");
        assertThat(context.known().all()).isEmpty();

        robot.clickOn("#trust-host-key");

        waitUntil("the host's containers show once the key is trusted", () -> context.known().all().stream()
                .anyMatch(i -> i.id().equals(container)));
        assertThat(Files.readString(context.sshTrustFile())).contains("[" + HostLab.address(1) + "]:" + HostLab.SSH_PORT);
        // The registry's own health, not the last event seen: events come from several threads and may arrive out of order.
        waitUntil("the connection is connected", () -> context.registry().find(id)
                .map(c -> c.health().state() == ConnectionHealth.State.CONNECTED).orElse(false));
    }
}
