package io.instanceconsole.service;

import io.instanceconsole.backend.simulator.SimulatorBackend;
import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.domain.OperationState;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An action the host cannot do is refused by the console before it reaches the host: it is not journaled, not sent
 * and not audited, whatever the instance's status. Counted at the host (a host that refuses it itself would give the
 * same message, so only the count tells the two apart).
 */
class UnsupportedActionTest {
    @TempDir
    Path dataDir;

    @AutoClose
    private ServiceFixture fixture;
    private SilentHost host;

    @BeforeEach
    void hostThatCannotDoAnything() {
        fixture = new ServiceFixture(dataDir);
        SimulatorBackend simulator = ServiceFixture.simulator("old", 20);
        for (Action action : Action.values()) {
            simulator.disable(action, "this host cannot " + action.key());
        }
        host = new SilentHost(simulator);
        fixture.connect("old", host, ServiceFixture.testSettings(), false);
    }

    private static InstanceStatus allowedFrom(Action action) {
        return action.allowedFrom().stream().filter(s -> s != InstanceStatus.CREATED && s != InstanceStatus.ERROR)
                .findFirst().orElseThrow();
    }

    @Test
    void noUnsupportedActionReachesTheHostOrTheJournal() {
        for (Action action : Action.values()) {
            Instance instance = fixture.firstWithStatus("conn-old", allowedFrom(action));

            ActionResult result = fixture.perform(action, instance.key());

            assertThat(result.outcome()).as(action.key()).isEqualTo(OperationState.REJECTED);
            assertThat(result.message()).isEqualTo("this host cannot " + action.key());
            assertThat(result.statusAfter()).isEqualTo(instance.status());
            assertThat(fixture.lifecycle.whyNot(action, instance)).contains("this host cannot " + action.key());
        }
        assertThat(host.actionsSent.get()).as("actions that reached the host").isZero();
        assertThat(fixture.storeJournal.findUnsettled()).isEmpty();
        assertThat(fixture.storeJournal.recentAudit(100)).isEmpty();
    }

    @Test
    void anUnsupportedActionIsRefusedEvenWhereTheStatusWouldNotAllowIt() {
        Instance paused = fixture.firstWithStatus("conn-old", InstanceStatus.PAUSED);

        ActionResult result = fixture.perform(Action.RESTART, paused.key());

        assertThat(result.outcome()).isEqualTo(OperationState.REJECTED);
        assertThat(result.message()).isEqualTo("this host cannot restart");
        assertThat(host.actionsSent.get()).isZero();
    }

    @Test
    void aBulkRunOverAHostThatCannotDoTheActionSendsNothing() {
        List<Instance> all = fixture.known.ofConnection("conn-old");
        BulkPlan plan = BulkPlan.of(Action.PAUSE, all, fixture.lifecycle);

        List<ActionResult> results = BulkOperation.start(plan, fixture.lifecycle, update -> { })
                .completion().orTimeout(30, TimeUnit.SECONDS).join();

        assertThat(plan.willRun()).isEmpty();
        assertThat(plan.skippedCount()).isEqualTo(all.size());
        assertThat(results).isEmpty();
        assertThat(host.actionsSent.get()).isZero();
    }
}
