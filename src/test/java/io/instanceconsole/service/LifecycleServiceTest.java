package io.instanceconsole.service;

import io.instanceconsole.backend.ComputeBackend;
import io.instanceconsole.backend.simulator.SimulatorBackend;
import io.instanceconsole.backend.simulator.SimulatorSettings;
import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.AuditEvent;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.domain.OperationState;
import io.instanceconsole.domain.ResilienceSettings;
import io.instanceconsole.testing.DelegatingBackend;
import io.instanceconsole.testing.FullDisk;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Steps 1-8 of "One action, end to end", over the real store, executor and Failsafe policies and the simulator. */
class LifecycleServiceTest {
    @TempDir
    Path dataDir;

    @AutoClose
    private ServiceFixture fixture;
    private final FullDisk disk = new FullDisk();

    /** Starts the service stack with {@code host} connected as "lab" under the test policies. */
    private ManagedConnection start(ComputeBackend host) {
        return start(host, ServiceFixture.testSettings());
    }

    private ManagedConnection start(ComputeBackend host, ResilienceSettings settings) {
        fixture = new ServiceFixture(dataDir, disk::under);
        return fixture.connect("lab", host, settings, false);
    }

    private ActionResult perform(Action action, Instance instance) {
        return fixture.lifecycle.perform(action, instance.key()).orTimeout(20, TimeUnit.SECONDS).join();
    }

    private List<AuditEvent> auditFor(Instance instance) {
        return fixture.storeJournal.recentAudit(1000).stream()
                .filter(e -> e.instanceId().equals(instance.id())).toList();
    }

    @Test
    void pauseOfARunningInstancePausesItOnTheHostAndRecordsStatusOperationAndAuditTogether() {
        SimulatorBackend host = ServiceFixture.simulator("lab", 20);
        start(host);
        Instance running = fixture.firstWithStatus("conn-lab", InstanceStatus.RUNNING);

        ActionResult result = perform(Action.PAUSE, running);

        assertThat(result.outcome()).isEqualTo(OperationState.SUCCEEDED);
        assertThat(result.statusAfter()).isEqualTo(InstanceStatus.PAUSED);
        assertThat(host.statusOnHost(running.id())).contains(InstanceStatus.PAUSED);
        assertThat(fixture.instances.find(running.key()).orElseThrow().status()).isEqualTo(InstanceStatus.PAUSED);
        assertThat(fixture.storeJournal.findUnsettled()).isEmpty();
        assertThat(auditFor(running)).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(OperationState.SUCCEEDED);
            assertThat(e.action()).isEqualTo("pause");
            assertThat(e.user()).isEqualTo("tester");
        });
    }

    @Test
    void pauseOfAnInstanceThatIsAlreadyPausedIsSkippedAndNeverSentToTheHost() {
        CountingBackend host = new CountingBackend(ServiceFixture.simulator("lab", 20), Duration.ZERO);
        start(host);
        Instance paused = fixture.firstWithStatus("conn-lab", InstanceStatus.PAUSED);

        ActionResult result = perform(Action.PAUSE, paused);

        assertThat(result.outcome()).isEqualTo(OperationState.SKIPPED);
        assertThat(result.message()).contains(paused.name()).contains("already paused");
        assertThat(host.actionsSent.get()).isZero();
        assertThat(auditFor(paused)).isEmpty();
    }

    @Test
    void conflictFromTheHostRereadsTheRealStatusAndIsRejected() {
        SimulatorBackend host = ServiceFixture.simulator("lab", 20);
        start(host);
        Instance running = fixture.firstWithStatus("conn-lab", InstanceStatus.RUNNING);
        // Someone paused it behind our back, and the event was lost: the console still thinks it is running.
        host.subscribe(e -> { }).close();
        fixture.reconciler.close();
        host.changeExternally(running.id(), InstanceStatus.PAUSED, "user");

        ActionResult result = perform(Action.PAUSE, running);

        assertThat(result.outcome()).isEqualTo(OperationState.REJECTED);
        assertThat(result.message()).contains(running.name());
        assertThat(fixture.instances.find(running.key()).orElseThrow().status()).isEqualTo(InstanceStatus.PAUSED);
        assertThat(auditFor(running)).singleElement().extracting(AuditEvent::outcome).isEqualTo(OperationState.REJECTED);
    }

    @Test
    void breakerNeverOpensAfterConflictsButOpensAfterRepeatedIoFailures() {
        SimulatorBackend host = ServiceFixture.simulator("lab", 30);
        ManagedConnection connection = start(host);
        List<Instance> running = fixture.known.ofConnection("conn-lab").stream()
                .filter(i -> i.status() == InstanceStatus.RUNNING).toList();

        host.faults().rejectNextWithConflict(10);
        for (int i = 0; i < 5; i++) {
            assertThat(perform(Action.PAUSE, running.get(i)).outcome()).isEqualTo(OperationState.REJECTED);
        }
        assertThat(connection.isBreakerOpen()).isFalse();

        host.faults().clear();
        host.faults().failNext(100);
        for (int i = 5; i < 8; i++) {
            perform(Action.PAUSE, running.get(i));
        }
        assertThat(connection.isBreakerOpen()).isTrue();
        assertThat(connection.health().state()).isEqualTo(ConnectionHealth.State.CIRCUIT_OPEN);
        ActionResult whileOpen = perform(Action.PAUSE, running.get(9));
        assertThat(whileOpen.outcome()).isEqualTo(OperationState.FAILED);
        assertThat(whileOpen.message()).contains("circuit open").contains("'lab'");
        assertThat(host.statusOnHost(running.get(9).id())).contains(InstanceStatus.RUNNING);
    }

    @Test
    void ioFailureLeavesTheOutcomeUnknownUntilTheHostIsObservedThenSettlesAsFailed() {
        SimulatorBackend host = ServiceFixture.simulator("lab", 20);
        start(host);
        Instance running = fixture.firstWithStatus("conn-lab", InstanceStatus.RUNNING);
        host.faults().failNext(1);

        ActionResult result = perform(Action.PAUSE, running);

        assertThat(result.outcome()).isEqualTo(OperationState.UNKNOWN);
        assertThat(host.statusOnHost(running.id())).contains(InstanceStatus.RUNNING);
        ServiceFixture.await(Duration.ofSeconds(10), "the unknown outcome is settled",
                () -> fixture.storeJournal.findUnsettled().isEmpty());
        assertThat(auditFor(running)).singleElement().extracting(AuditEvent::outcome).isEqualTo(OperationState.FAILED);
    }

    @Test
    void callThatHangsTimesOutAndIsSettledFromTheHostOnceItAnswers() {
        SimulatorBackend host = ServiceFixture.simulator("lab", 20);
        ManagedConnection connection = start(host, ServiceFixture.testSettings().withCallTimeout(Duration.ofMillis(300)));
        Instance running = fixture.firstWithStatus("conn-lab", InstanceStatus.RUNNING);
        host.faults().hang();

        long start = System.nanoTime();
        ActionResult result = perform(Action.PAUSE, running);
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(result.outcome()).isEqualTo(OperationState.UNKNOWN);
        assertThat(result.message()).contains("did not answer");
        assertThat(tookMs).as("a hung host must not hold the caller beyond the timeout").isLessThan(5_000);
        assertThat(fixture.storeJournal.findUnsettled()).hasSize(1);

        host.faults().release();
        fixture.reconciler.settleUnsettled().orTimeout(10, TimeUnit.SECONDS).join();
        assertThat(fixture.storeJournal.findUnsettled()).isEmpty();
        assertThat(connection.isBreakerOpen()).isFalse();
    }

    @Test
    void bulkheadLimitsCallsInFlightOnOneHost() {
        CountingBackend host = new CountingBackend(ServiceFixture.simulator("lab", 60), Duration.ofMillis(50));
        start(host, ServiceFixture.testSettings().withBulkhead(3, Duration.ofSeconds(30)));
        List<Instance> running = fixture.known.ofConnection("conn-lab").stream()
                .filter(i -> i.status() == InstanceStatus.RUNNING).limit(20).toList();

        List<CompletableFuture<ActionResult>> all = new ArrayList<>();
        running.forEach(i -> all.add(fixture.lifecycle.perform(Action.PAUSE, i.key())));
        all.forEach(f -> assertThat(f.orTimeout(30, TimeUnit.SECONDS).join().outcome()).isEqualTo(OperationState.SUCCEEDED));

        assertThat(host.maxInFlight.get()).isEqualTo(3);
    }

    @Test
    void failedCommitAfterPauseResumesTheInstanceAndReportsBothOutcomes() {
        SimulatorBackend host = ServiceFixture.simulator("lab", 20);
        start(host);
        Instance running = fixture.firstWithStatus("conn-lab", InstanceStatus.RUNNING);
        disk.refuseNextSuccess();

        ActionResult result = perform(Action.PAUSE, running);

        assertThat(result.outcome()).isEqualTo(OperationState.COMPENSATED);
        assertThat(result.message()).contains("undone").contains("resume").contains("disk full (injected)");
        assertThat(host.statusOnHost(running.id())).contains(InstanceStatus.RUNNING);
        assertThat(fixture.storeJournal.findUnsettled()).isEmpty();
        assertThat(auditFor(running)).singleElement().extracting(AuditEvent::outcome).isEqualTo(OperationState.COMPENSATED);
    }

    @Test
    void readOnlyConnectionRefusesEveryMutatingActionBeforeTheHost() {
        fixture = new ServiceFixture(dataDir);
        CountingBackend host = new CountingBackend(ServiceFixture.simulator("prod", 20), Duration.ZERO);
        fixture.connect("prod", host, ServiceFixture.testSettings(), true);
        Instance running = fixture.firstWithStatus("conn-prod", InstanceStatus.RUNNING);

        for (Action action : Action.values()) {
            ActionResult result = perform(action, running);
            assertThat(result.outcome()).isEqualTo(OperationState.REJECTED);
            assertThat(result.message()).contains("read-only").contains("'prod'");
        }
        assertThat(host.actionsSent.get()).isZero();
    }

    @Test
    void unknownInstanceIsRejectedNamingIt() {
        start(ServiceFixture.simulator("lab", 5));

        ActionResult result = fixture.lifecycle.perform(Action.PAUSE, new InstanceKey("conn-lab", "no-such-vm")).join();

        assertThat(result.outcome()).isEqualTo(OperationState.REJECTED);
        assertThat(result.message()).contains("no-such-vm").contains("'lab'");
    }

    @Test
    void unsupportedActionIsRejectedWithTheBackendsReasonAndNotSent() {
        SimulatorBackend simulator = ServiceFixture.simulator("lab", 20);
        simulator.disable(Action.RESTART, "this host cannot restart guests");
        start(simulator);
        Instance running = fixture.firstWithStatus("conn-lab", InstanceStatus.RUNNING);

        ActionResult result = perform(Action.RESTART, running);

        assertThat(result.outcome()).isEqualTo(OperationState.REJECTED);
        assertThat(result.message()).isEqualTo("this host cannot restart guests");
    }

    /** Delegates to a real simulator, counting actions sent and the most calls in flight at once. */
    static final class CountingBackend extends DelegatingBackend {
        final AtomicInteger actionsSent = new AtomicInteger();
        /** Actions the host confirmed (returned normally): the changes made on it. */
        final AtomicInteger succeededOnHost = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        private final Duration extraLatency;

        CountingBackend(SimulatorBackend delegate, Duration extraLatency) {
            super(delegate);
            this.extraLatency = extraLatency;
        }

        @Override
        public void perform(Action action, String instanceId) {
            actionsSent.incrementAndGet();
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(extraLatency);
                super.perform(action, instanceId);
                succeededOnHost.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }
}
