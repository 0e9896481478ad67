package io.instanceconsole.backend.docker;

import com.github.dockerjava.api.exception.InternalServerErrorException;
import io.instanceconsole.backend.BackendListener;
import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.ConflictException;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.domain.OperationState;
import io.instanceconsole.domain.ResilienceSettings;
import io.instanceconsole.service.ActionResult;
import io.instanceconsole.service.ConnectionHealth;
import io.instanceconsole.service.ManagedConnection;
import io.instanceconsole.testing.ForwardingBackend;
import io.instanceconsole.testing.ProjectScripts;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
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

/**
 * The Docker backend against a real Podman 4.3 through its Docker-compatible socket ({@code podman system service},
 * started by .ci/podman-engine.sh); every outcome is checked with Podman's own {@code podman inspect}.
 */
class PodmanIT {
    private static final Duration EVENT_LIMIT = Duration.ofSeconds(2);
    private static PodmanCli podman;
    @TempDir
    Path dataDir;
    private ServiceFixture console;

    @BeforeAll
    static void startPodman() {
        podman = new PodmanCli(ProjectScripts.podmanEngine());
    }

    @BeforeEach
    void openConsole() {
        podman.removeAll();
        console = new ServiceFixture(dataDir);
    }

    @AfterEach
    void close() {
        console.close();
        podman.removeAll();
    }

    @Test
    void containersAreListedAsPodmanWithTheStatesPodmanReports() {
        String running = podman.runDetached(unique("running"));
        String paused = podman.runDetached(unique("paused"));
        String exited = podman.runDetached(unique("exited"));
        podman.podman("pause", paused);
        podman.podman("stop", "-t", "0", exited);

        try (DockerBackend backend = DockerBackend.open(connection(), DockerSettings.defaults(), Clock.systemUTC())) {
            Map<String, Instance> listed = backend.list().stream().collect(Collectors.toMap(Instance::id, Function.identity()));

            assertThat(backend.engine()).isEqualTo(BackendKind.PODMAN);
            assertThat(listed).containsOnlyKeys(running, paused, exited);
            assertThat(listed.values()).extracting(Instance::kind).containsOnly(BackendKind.PODMAN);
            assertThat(listed.values()).extracting(Instance::kindLabel).containsOnly("Podman");
            assertThat(listed.get(running).status()).isEqualTo(InstanceStatus.RUNNING);
            assertThat(listed.get(paused).status()).isEqualTo(InstanceStatus.PAUSED);
            assertThat(listed.get(exited).status()).isEqualTo(InstanceStatus.STOPPED);
            assertThat(backend.inspect(paused).kind()).isEqualTo(BackendKind.PODMAN);
        }
        assertThat(podman.state(paused)).isEqualTo("paused");
        assertThat(podman.state(exited)).isEqualTo("exited");
    }

    @Test
    void pauseAndResumeThroughTheConsoleAreConfirmedByPodmanInspect() {
        String id = podman.runDetached(unique("web"));
        EngineUnderTest engine = EngineUnderTest.connect(console, podman.host(), ResilienceSettings.defaults(),
                DockerSettings.defaults());

        ActionResult pause = console.perform(Action.PAUSE, engine.key(id));
        assertThat(pause.outcome()).as(pause.message()).isEqualTo(OperationState.SUCCEEDED);
        assertThat(podman.state(id)).isEqualTo("paused");
        assertThat(console.stored(engine.key(id)).orElseThrow())
                .extracting(Instance::status, Instance::kind).containsExactly(InstanceStatus.PAUSED, BackendKind.PODMAN);

        ActionResult again = console.perform(Action.PAUSE, engine.key(id));
        assertThat(again.outcome()).as(again.message()).isEqualTo(OperationState.SKIPPED);
        assertThat(again.message()).contains("paused");

        ActionResult resume = console.perform(Action.RESUME, engine.key(id));
        assertThat(resume.outcome()).as(resume.message()).isEqualTo(OperationState.SUCCEEDED);
        assertThat(podman.state(id)).isEqualTo("running");
        assertThat(console.stored(engine.key(id)).orElseThrow().status()).isEqualTo(InstanceStatus.RUNNING);
    }

    /**
     * A console that has not heard of the changes yet (no event stream here, as in a race with a change made outside
     * it) sends the action, and Podman answers 500 "container state improper" where Docker answers 409.
     */
    @Test
    void podmansWrongStateAnswersAreRejectedConflictsAndNeverOpenTheBreaker() {
        String id = podman.runDetached(unique("stale"));
        ResilienceSettings strict = ResilienceSettings.defaults().withBreaker(2, Duration.ofSeconds(30));
        ServiceFixture.Published published = console.record();
        Connection connection = connection();
        DockerBackend backend = DockerBackend.open(connection, DockerSettings.defaults(), Clock.systemUTC());
        ManagedConnection managed = console.connect(connection, new WithoutEvents(backend), strict);
        InstanceKey key = new InstanceKey(managed.id(), id);

        podman.podman("pause", id);
        assertRejected(console.perform(Action.PAUSE, key), "already paused", InstanceStatus.PAUSED);
        assertThat(podman.state(id)).isEqualTo("paused");

        podman.podman("unpause", id);
        assertRejected(console.perform(Action.RESUME, key), "not paused", InstanceStatus.RUNNING);
        assertThat(podman.state(id)).isEqualTo("running");

        podman.podman("stop", "-t", "0", id);
        assertRejected(console.perform(Action.PAUSE, key), "not running", InstanceStatus.STOPPED);
        assertThat(podman.state(id)).isEqualTo("exited");

        for (int i = 0; i < 5; i++) {
            // straight through the connection's policies, past the console's own checks: the 500 itself is the Conflict
            Throwable error = managed.call(() -> {
                backend.perform(Action.PAUSE, id);
                return true;
            }).handle((ok, e) -> e).join();
            assertThat(unwrap(error)).isInstanceOf(ConflictException.class)
                    .hasMessageContaining("container state improper")
                    .hasRootCauseInstanceOf(InternalServerErrorException.class);
        }
        assertThat(managed.isBreakerOpen()).as("breaker open after 8 conflicts (threshold 2)").isFalse();
        assertThat(managed.health().state()).as("%s", published.health).isEqualTo(ConnectionHealth.State.CONNECTED);
    }

    @Test
    void aPauseMadeWithPodmanReachesTheRowThroughEvents() {
        String id = podman.runDetached(unique("outside"));
        ServiceFixture.Published published = console.record();
        EngineUnderTest engine = EngineUnderTest.connect(console, podman.host(), ResilienceSettings.defaults(),
                DockerSettings.defaults());
        assertThat(console.stored(engine.key(id)).orElseThrow().status()).isEqualTo(InstanceStatus.RUNNING);

        podman.podman("pause", id);
        Duration took = ServiceFixture.await(EVENT_LIMIT, "the external pause reaches the store",
                () -> console.storedMatches(engine.key(id), i -> i.status() == InstanceStatus.PAUSED));
        ServiceFixture.await(EVENT_LIMIT, "listeners told (the row)",
                () -> published.upserted(i -> i.id().equals(id) && i.status() == InstanceStatus.PAUSED));
        assertThat(podman.state(id)).isEqualTo("paused");
        System.out.printf("PodmanIT: external pause reached the store after %d ms%n", took.toMillis());

        podman.podman("unpause", id);
        ServiceFixture.await(EVENT_LIMIT, "the external unpause reaches the store",
                () -> console.storedMatches(engine.key(id), i -> i.status() == InstanceStatus.RUNNING));
        assertThat(podman.state(id)).isEqualTo("running");
    }

    private static void assertRejected(ActionResult result, String podmanSaid, InstanceStatus after) {
        assertThat(result.outcome()).as(result.message()).isEqualTo(OperationState.REJECTED);
        // Podman's own words are the refusal, taken as they are: no second look at the container ("it is paused (Docker:")
        assertThat(result.message()).contains(podmanSaid).endsWith("container state improper")
                .doesNotContain("HTTP 500").doesNotContain("(Docker:");
        assertThat(result.statusAfter()).isEqualTo(after);
    }

    private static Connection connection() {
        return new Connection(UUID.randomUUID().toString(), "podman-under-test", BackendKind.DOCKER, podman.host(), "",
                false, true);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** The real backend with its event stream left closed: the console knows only what it lists and inspects. */
    private static final class WithoutEvents extends ForwardingBackend {
        WithoutEvents(DockerBackend backend) {
            super(backend);
        }

        @Override
        public Subscription subscribe(BackendListener listener) {
            return () -> { };
        }
    }
}
