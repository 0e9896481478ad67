package io.instanceconsole.backend.docker;

import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.domain.OperationState;
import io.instanceconsole.service.ActionResult;
import io.instanceconsole.service.ConnectionHealth;
import io.instanceconsole.domain.ResilienceSettings;
import io.instanceconsole.testing.ProjectScripts;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine stops in the middle of a session and comes back: the connection shows it, the breaker opens, actions
 * keep answering promptly, and the console recovers on its own once the engine is back.
 */
class DockerEngineOutageIT {
    private static final String ENGINE = "a";
    @TempDir
    Path dataDir;
    private ServiceFixture console;

    @AfterEach
    void close() {
        if (console != null) {
            console.close();
        }
        // leave the shared engine running for the other ITs
        new DockerCli(ProjectScripts.dockerEngine(ENGINE)).removeAll();
    }

    @Test
    void engineStoppedMidSessionOpensTheBreakerAndRecoversWithoutUserAction() throws Exception {
        DockerCli cli = new DockerCli(ProjectScripts.dockerEngine(ENGINE));
        cli.removeAll();
        ResilienceSettings resilience = ResilienceSettings.defaults()
                .withCallTimeout(Duration.ofSeconds(5))
                .withBreaker(3, Duration.ofSeconds(3));
        DockerSettings docker = EngineA.quickStops().withReconnect(Duration.ofMillis(100), Duration.ofSeconds(1));
        // the resync timer is what AppContext runs too (every 30 s there); short here to keep the test short
        console = new ServiceFixture(dataDir);
        ServiceFixture.Published published = console.record();
        EngineUnderTest engine = EngineUnderTest.connect(console, cli.host(), resilience, docker);
        console.reconciler.startPeriodicResync(Duration.ofSeconds(1));
        String before = cli.runDetached("before-outage");
        ServiceFixture.await(Duration.ofSeconds(2), "container seen running",
                () -> console.stored(engine.key(before)).map(i -> i.status() == InstanceStatus.RUNNING).orElse(false));
        Instance lastKnown = console.stored(engine.key(before)).orElseThrow();

        ProjectScripts.stopDockerEngine(ENGINE);

        ServiceFixture.await(Duration.ofSeconds(5), "connection reported unreachable", () -> published.health.stream()
                .anyMatch(h -> h.state() == ConnectionHealth.State.UNREACHABLE));
        // the table keeps its last-known row, as it does when the console starts while the engine is down
        console.known.load(List.of(lastKnown));
        List<Long> millis = new ArrayList<>();
        List<ActionResult> results = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            long start = System.nanoTime();
            CompletableFuture<ActionResult> pending = console.lifecycle.perform(Action.PAUSE, engine.key(before));
            results.add(pending.get(3, TimeUnit.SECONDS));
            millis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }
        assertThat(results).allSatisfy(r -> {
            assertThat(r.succeeded()).as(r.message()).isFalse();
            assertThat(r.outcome()).isIn(OperationState.FAILED, OperationState.UNKNOWN);
            assertThat(r.message()).contains("engine-under-test");
        });
        assertThat(millis).as("each action answered promptly (ms)").allSatisfy(ms -> assertThat(ms).isLessThan(2_000));
        ServiceFixture.await(Duration.ofSeconds(5), "breaker open", () -> engine.managed().isBreakerOpen()
                || published.health.stream().anyMatch(h -> h.state() == ConnectionHealth.State.CIRCUIT_OPEN));
        assertThat(published.health).anyMatch(h -> h.state() == ConnectionHealth.State.CIRCUIT_OPEN
                && h.retryAt() != null);
        assertThat(engine.managed().health().isUsable()).isFalse();

        // the engine comes back (empty: the project's script removes containers when stopping)
        DockerCli restarted = new DockerCli(ProjectScripts.dockerEngine(ENGINE));
        String after = restarted.runDetached("after-outage");

        Duration recovery = ServiceFixture.await(Duration.ofSeconds(30), "recovered: connected and rows fresh",
                () -> engine.managed().health().state() == ConnectionHealth.State.CONNECTED
                        && console.stored(engine.key(after)).map(i -> i.status() == InstanceStatus.RUNNING).orElse(false)
                        && console.stored(engine.key(before)).isEmpty());
        assertThat(restarted.state(after)).isEqualTo("running");
        assertThat(restarted.exists(before)).isFalse();
        assertThat(recovery).isLessThan(Duration.ofSeconds(30));

        // the event stream is back too, not only the resync timer
        restarted.docker("pause", after);
        ServiceFixture.await(Duration.ofSeconds(1), "live events after recovery",
                () -> console.stored(engine.key(after)).map(i -> i.status() == InstanceStatus.PAUSED).orElse(false));
        assertThat(restarted.state(after)).isEqualTo("paused");
    }
}
