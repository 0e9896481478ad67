package io.instanceconsole.backend.docker;

import com.github.dockerjava.api.exception.InternalServerErrorException;
import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.ConflictException;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.domain.NotFoundException;
import io.instanceconsole.service.ConnectionHealth;
import io.instanceconsole.domain.ResilienceSettings;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
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
    @RegisterExtension
    static final EngineA engineA = EngineA.removingContainersAfterEachTest("it-conn");

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
        String running = engineA.cli().runDetached(unique("running"));
        String paused = engineA.cli().runDetached(unique("paused"));
        engineA.cli().docker("pause", paused);
        String killed = engineA.cli().runDetached(unique("killed"));
        engineA.cli().docker("kill", killed);
        String created = engineA.cli().create(unique("created"));

        Map<String, Instance> listed = engineA.backend().list().stream().collect(Collectors.toMap(Instance::id, Function.identity()));

        assertThat(engineA.cli().state(running)).isEqualTo("running");
        assertThat(engineA.cli().state(paused)).isEqualTo("paused");
        assertThat(engineA.cli().state(killed)).isEqualTo("exited");
        assertThat(engineA.cli().state(created)).isEqualTo("created");
        assertThat(listed).containsKeys(running, paused, killed, created);
        assertThat(listed.get(running).status()).isEqualTo(InstanceStatus.RUNNING);
        assertThat(listed.get(paused).status()).isEqualTo(InstanceStatus.PAUSED);
        assertThat(listed.get(killed).status()).isEqualTo(InstanceStatus.STOPPED);
        assertThat(listed.get(killed).statusReason()).isEqualTo("exited (" + engineA.cli().exitCode(killed) + ")").contains("137");
        assertThat(listed.get(created).status()).isEqualTo(InstanceStatus.CREATED);
        Instance row = listed.get(running);
        assertThat(row.name()).doesNotStartWith("/").startsWith("running-");
        assertThat(row.image()).isEqualTo(DockerCli.IMAGE);
        assertThat(row.kind()).isEqualTo(BackendKind.DOCKER);
        assertThat(row.created()).isNotNull();
        // a listing and an inspect describe the same container identically (no phantom changes on resync)
        assertThat(engineA.backend().inspect(running).differsFrom(row)).isFalse();
        assertThat(engineA.backend().inspect(killed).differsFrom(listed.get(killed))).isFalse();
    }

    @Test
    void pauseThenResumeRoundTripIsConfirmedByInspect() {
        String id = engineA.cli().runDetached(unique("roundtrip"));

        engineA.backend().perform(Action.PAUSE, id);
        assertThat(engineA.cli().state(id)).isEqualTo("paused");
        assertThat(engineA.backend().inspect(id).status()).isEqualTo(InstanceStatus.PAUSED);

        engineA.backend().perform(Action.RESUME, id);
        assertThat(engineA.cli().state(id)).isEqualTo("running");
        assertThat(engineA.backend().inspect(id).status()).isEqualTo(InstanceStatus.RUNNING);
    }

    @Test
    void pauseOfPausedContainerIsConflictNamingTheContainerAndHost() {
        String name = unique("twice");
        String id = engineA.cli().runDetached(name);
        engineA.backend().list(); // learn the name, as the console always has
        engineA.cli().docker("pause", id);

        assertThatThrownBy(() -> engineA.backend().perform(Action.PAUSE, id))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining(name)
                .hasMessageContaining(engineA.cli().host());
        assertThat(engineA.cli().state(id)).isEqualTo("paused");
    }

    @Test
    void unpauseOfRunningContainerIsConflictNotHostFailure() {
        String name = unique("notpaused");
        String id = engineA.cli().runDetached(name);
        engineA.backend().list();

        // Docker 20.10 answers 500 here; the adapter must read the state and say Conflict
        assertThatThrownBy(() -> engineA.backend().perform(Action.RESUME, id))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining(name)
                .hasMessageContaining("running");
        assertThat(engineA.cli().state(id)).isEqualTo("running");
    }

    @Test
    void repeatedUnpauseOfRunningContainerNeverOpensTheBreaker(@TempDir Path dataDir) {
        String id = engineA.cli().runDetached(unique("breaker"));
        ResilienceSettings strict = ResilienceSettings.defaults().withBreaker(2, Duration.ofSeconds(30));
        try (ServiceFixture console = new ServiceFixture(dataDir)) {
            ServiceFixture.Published published = console.record();
            EngineUnderTest engine = EngineUnderTest.connect(console, engineA.cli().host(), strict, DockerSettings.defaults());
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
            assertThat(engineA.cli().state(id)).isEqualTo("running");
        }
    }

    @Test
    void actionsOnMissingContainerAreNotFound() {
        String ghost = "0123456789ab" + "0".repeat(52);
        for (Action action : Action.values()) {
            assertThatThrownBy(() -> engineA.backend().perform(action, ghost))
                    .as(action.key())
                    .isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("0123456789ab")
                    .hasMessageContaining(engineA.cli().host());
        }
        assertThatThrownBy(() -> engineA.backend().inspect(ghost)).isInstanceOf(NotFoundException.class);
        assertThat(engineA.cli().exists(ghost)).isFalse();
    }

    @Test
    void stopStartRestartKillAndDeleteDoWhatTheEngineReports() {
        String id = engineA.cli().runDetached(unique("lifecycle"));

        engineA.backend().perform(Action.STOP, id);
        assertThat(engineA.cli().state(id)).isEqualTo("exited");
        assertThatThrownBy(() -> engineA.backend().perform(Action.STOP, id)).isInstanceOf(ConflictException.class);

        engineA.backend().perform(Action.START, id);
        assertThat(engineA.cli().state(id)).isEqualTo("running");
        assertThatThrownBy(() -> engineA.backend().perform(Action.START, id)).isInstanceOf(ConflictException.class);

        engineA.backend().perform(Action.RESTART, id);
        assertThat(engineA.cli().state(id)).isEqualTo("running");

        assertThatThrownBy(() -> engineA.backend().perform(Action.DELETE, id))
                .as("a running container is not removed")
                .isInstanceOf(ConflictException.class);
        assertThat(engineA.cli().exists(id)).isTrue();

        engineA.backend().perform(Action.FORCE_STOP, id);
        assertThat(engineA.cli().state(id)).isEqualTo("exited");
        assertThat(engineA.cli().exitCode(id)).isEqualTo(137);
        assertThat(engineA.backend().inspect(id).statusReason()).isEqualTo("exited (137)");

        engineA.backend().perform(Action.DELETE, id);
        assertThat(engineA.cli().exists(id)).isFalse();
        assertThatThrownBy(() -> engineA.backend().inspect(id)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void capabilitiesSupportEveryAction() {
        for (Action action : Action.values()) {
            assertThat(engineA.backend().capabilities().supports(action)).as(action.key()).isTrue();
        }
    }
}
