package io.instanceconsole.backend.docker;

import com.github.dockerjava.api.exception.InternalServerErrorException;
import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.ConflictException;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.domain.NotFoundException;
import io.instanceconsole.service.ConnectionHealth;
import io.instanceconsole.domain.ResilienceSettings;
import io.instanceconsole.testing.ProjectScripts;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The adapter against a real Docker Engine 20.10 started by .ci/docker-engine.sh; every outcome is checked with the
 * engine's own {@code docker inspect}.
 */
class DockerBackendIT {
    private static DockerCli cli;
    private static DockerBackend backend;

    @BeforeAll
    static void startEngine() {
        String host = ProjectScripts.dockerEngine("a");
        cli = new DockerCli(host);
        cli.removeAll();
        backend = DockerBackend.open(new Connection("it-conn", "engine-a", BackendKind.DOCKER, host, "", false, true),
                quickStops(), Clock.systemUTC());
    }

    @AfterAll
    static void closeBackend() {
        if (backend != null) {
            backend.close();
        }
    }

    @AfterEach
    void removeContainers() {
        cli.removeAll();
    }

    /** busybox sleep as PID 1 ignores SIGTERM: a short grace period keeps stop and restart tests quick. */
    static DockerSettings quickStops() {
        return DockerSettings.defaults().withStopTimeout(Duration.ofSeconds(1));
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void listsRunningPausedExitedAndCreatedContainersWithDockersStatus() {
        String running = cli.runDetached(unique("running"));
        String paused = cli.runDetached(unique("paused"));
        cli.docker("pause", paused);
        String killed = cli.runDetached(unique("killed"));
        cli.docker("kill", killed);
        String created = cli.create(unique("created"));

        Map<String, Instance> listed = backend.list().stream().collect(Collectors.toMap(Instance::id, Function.identity()));

        assertThat(cli.state(running)).isEqualTo("running");
        assertThat(cli.state(paused)).isEqualTo("paused");
        assertThat(cli.state(killed)).isEqualTo("exited");
        assertThat(cli.state(created)).isEqualTo("created");
        assertThat(listed).containsKeys(running, paused, killed, created);
        assertThat(listed.get(running).status()).isEqualTo(InstanceStatus.RUNNING);
        assertThat(listed.get(paused).status()).isEqualTo(InstanceStatus.PAUSED);
        assertThat(listed.get(killed).status()).isEqualTo(InstanceStatus.STOPPED);
        assertThat(listed.get(killed).statusReason()).isEqualTo("exited (" + cli.exitCode(killed) + ")").contains("137");
        assertThat(listed.get(created).status()).isEqualTo(InstanceStatus.CREATED);
        Instance row = listed.get(running);
        assertThat(row.name()).doesNotStartWith("/").startsWith("running-");
        assertThat(row.image()).isEqualTo(DockerCli.IMAGE);
        assertThat(row.kind()).isEqualTo(BackendKind.DOCKER);
        assertThat(row.created()).isNotNull();
        // a listing and an inspect describe the same container identically (no phantom changes on resync)
        assertThat(backend.inspect(running).differsFrom(row)).isFalse();
        assertThat(backend.inspect(killed).differsFrom(listed.get(killed))).isFalse();
    }

    @Test
    void pauseThenResumeRoundTripIsConfirmedByInspect() {
        String id = cli.runDetached(unique("roundtrip"));

        backend.perform(Action.PAUSE, id);
        assertThat(cli.state(id)).isEqualTo("paused");
        assertThat(backend.inspect(id).status()).isEqualTo(InstanceStatus.PAUSED);

        backend.perform(Action.RESUME, id);
        assertThat(cli.state(id)).isEqualTo("running");
        assertThat(backend.inspect(id).status()).isEqualTo(InstanceStatus.RUNNING);
    }

    @Test
    void pauseOfPausedContainerIsConflictNamingTheContainerAndHost() {
        String name = unique("twice");
        String id = cli.runDetached(name);
        backend.list(); // learn the name, as the console always has
        cli.docker("pause", id);

        assertThatThrownBy(() -> backend.perform(Action.PAUSE, id))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining(name)
                .hasMessageContaining(cli.host());
        assertThat(cli.state(id)).isEqualTo("paused");
    }

    @Test
    void unpauseOfRunningContainerIsConflictNotHostFailure() {
        String name = unique("notpaused");
        String id = cli.runDetached(name);
        backend.list();

        // Docker 20.10 answers 500 here; the adapter must read the state and say Conflict
        assertThatThrownBy(() -> backend.perform(Action.RESUME, id))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining(name)
                .hasMessageContaining("running");
        assertThat(cli.state(id)).isEqualTo("running");
    }

    @Test
    void repeatedUnpauseOfRunningContainerNeverOpensTheBreaker(@TempDir Path dataDir) {
        String id = cli.runDetached(unique("breaker"));
        ResilienceSettings strict = ResilienceSettings.defaults().withBreaker(2, Duration.ofSeconds(30));
        try (ServiceFixture console = new ServiceFixture(dataDir)) {
            ServiceFixture.Published published = console.record();
            EngineUnderTest engine = EngineUnderTest.connect(console, cli.host(), strict, DockerSettings.defaults());
            for (int i = 0; i < 5; i++) {
                // through the connection's real policies, as a race with an external unpause would send it
                Throwable error = engine.managed().call(() -> {
                    engine.backend().perform(Action.RESUME, id);
                    return true;
                }).handle((ok, e) -> e).join();
                assertThat(unwrap(error))
                        .isInstanceOf(ConflictException.class)
                        .hasRootCauseInstanceOf(InternalServerErrorException.class);
            }
            assertThat(engine.managed().isBreakerOpen()).as("breaker open after 5 conflicts (threshold 2)").isFalse();
            assertThat(engine.managed().health().state()).as("%s", published.health).isEqualTo(ConnectionHealth.State.CONNECTED);
            assertThat(cli.state(id)).isEqualTo("running");
        }
    }

    @Test
    void actionsOnMissingContainerAreNotFound() {
        String ghost = "0123456789ab" + "0".repeat(52);
        for (Action action : Action.values()) {
            assertThatThrownBy(() -> backend.perform(action, ghost))
                    .as(action.key())
                    .isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("0123456789ab")
                    .hasMessageContaining(cli.host());
        }
        assertThatThrownBy(() -> backend.inspect(ghost)).isInstanceOf(NotFoundException.class);
        assertThat(cli.exists(ghost)).isFalse();
    }

    @Test
    void stopStartRestartKillAndDeleteDoWhatTheEngineReports() {
        String id = cli.runDetached(unique("lifecycle"));

        backend.perform(Action.STOP, id);
        assertThat(cli.state(id)).isEqualTo("exited");
        assertThatThrownBy(() -> backend.perform(Action.STOP, id)).isInstanceOf(ConflictException.class);

        backend.perform(Action.START, id);
        assertThat(cli.state(id)).isEqualTo("running");
        assertThatThrownBy(() -> backend.perform(Action.START, id)).isInstanceOf(ConflictException.class);

        backend.perform(Action.RESTART, id);
        assertThat(cli.state(id)).isEqualTo("running");

        assertThatThrownBy(() -> backend.perform(Action.DELETE, id))
                .as("a running container is not removed")
                .isInstanceOf(ConflictException.class);
        assertThat(cli.exists(id)).isTrue();

        backend.perform(Action.FORCE_STOP, id);
        assertThat(cli.state(id)).isEqualTo("exited");
        assertThat(cli.exitCode(id)).isEqualTo(137);
        assertThat(backend.inspect(id).statusReason()).isEqualTo("exited (137)");

        backend.perform(Action.DELETE, id);
        assertThat(cli.exists(id)).isFalse();
        assertThatThrownBy(() -> backend.inspect(id)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void capabilitiesSupportEveryAction() {
        for (Action action : Action.values()) {
            assertThat(backend.capabilities().supports(action)).as(action.key()).isTrue();
        }
    }
}
