package io.instanceconsole.service;

import io.instanceconsole.backend.simulator.SimulatorBackend;
import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.domain.Operation;
import io.instanceconsole.domain.OperationState;
import io.instanceconsole.testing.DelegatingBackend;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A resync races with the actions and events that land while the host answers it. */
class ResyncRaceTest {
    @TempDir
    Path dir;

    @AutoClose
    private ServiceFixture fixture;
    private HeldHost backend;
    private ManagedConnection lab;

    /** Holds the next thread that passes until the test lets it go; until armed, lets everyone through. */
    private static final class Gate {
        private volatile CountDownLatch reached;
        private volatile CountDownLatch release;

        void arm() {
            reached = new CountDownLatch(1);
            release = new CountDownLatch(1);
        }

        void pass() {
            CountDownLatch held = release;
            if (held != null) {
                reached.countDown();
                try {
                    held.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        boolean awaitReached() throws InterruptedException {
            return reached.await(10, TimeUnit.SECONDS);
        }

        void open() {
            release.countDown();
        }
    }

    /** A real simulated host whose listing (taken first) or action (sent after) can be held at a gate. */
    private static final class HeldHost extends DelegatingBackend {
        final Gate listing = new Gate();
        final Gate action = new Gate();

        HeldHost(SimulatorBackend host) {
            super(host);
        }

        @Override
        public List<Instance> list() {
            List<Instance> taken = super.list();
            listing.pass();
            return taken;
        }

        @Override
        public void perform(Action action, String instanceId) {
            this.action.pass();
            super.perform(action, instanceId);
        }
    }

    /** Every test's host: 10 simulated instances as "lab", let through until a test arms a gate. */
    @BeforeEach
    void start() {
        fixture = new ServiceFixture(dir);
        backend = new HeldHost(ServiceFixture.simulator("lab", 10));
        lab = fixture.connect("lab", backend, ServiceFixture.testSettings(), false);
    }

    @Test
    void aListingTakenBeforeAnActionDoesNotUndoItsResult() throws Exception {
        Instance running = fixture.firstWithStatus(lab.id(), InstanceStatus.RUNNING);

        backend.listing.arm();
        CompletableFuture<Void> resync = fixture.reconciler.resync(lab);
        assertThat(backend.listing.awaitReached()).isTrue(); // it says "running"
        assertThat(fixture.perform(Action.PAUSE, running.key()).outcome()).isEqualTo(OperationState.SUCCEEDED);
        backend.listing.open();
        resync.get(10, TimeUnit.SECONDS);

        assertThat(fixture.known.find(running.key()).orElseThrow().status()).isEqualTo(InstanceStatus.PAUSED);
        assertThat(fixture.storedMatches(running.key(), i -> i.status() == InstanceStatus.PAUSED)).isTrue();
    }

    @Test
    void aResyncDoesNotSettleAnActionStillUnderWay() throws Exception {
        Instance running = fixture.firstWithStatus(lab.id(), InstanceStatus.RUNNING);

        CompletableFuture<ActionResult> pause = pauseHeldByTheHost(running);
        fixture.reconciler.resyncAll().get(10, TimeUnit.SECONDS);
        backend.action.open();

        assertThat(pause.get(10, TimeUnit.SECONDS).outcome()).isEqualTo(OperationState.SUCCEEDED);
        assertThat(fixture.storeJournal.findUnsettled()).isEmpty();
        assertThat(new AuditTrail(fixture.storeJournal).newest(10)).filteredOn(e -> e.instanceId().equals(running.id()))
                .singleElement().satisfies(e -> assertThat(e.outcome()).isEqualTo(OperationState.SUCCEEDED));
        assertThat(fixture.known.find(running.key()).orElseThrow().status()).isEqualTo(InstanceStatus.PAUSED);
    }

    @Test
    void aSecondActionOnAnInstanceWithOneUnderWayIsSkippedNotSent() throws Exception {
        Instance running = fixture.firstWithStatus(lab.id(), InstanceStatus.RUNNING);

        CompletableFuture<ActionResult> first = pauseHeldByTheHost(running);
        assertThat(fixture.lifecycle.whyNot(Action.PAUSE, running)).contains("'" + running.name() + "' has a pause under way");
        ActionResult second = fixture.perform(Action.PAUSE, running.key());
        ActionResult other = fixture.perform(Action.FORCE_STOP, running.key());
        backend.action.open();

        assertThat(second.outcome()).isEqualTo(OperationState.SKIPPED);
        assertThat(second.message()).isEqualTo("'" + running.name() + "' has a pause under way");
        assertThat(other.outcome()).isEqualTo(OperationState.SKIPPED);
        assertThat(first.get(10, TimeUnit.SECONDS).outcome()).isEqualTo(OperationState.SUCCEEDED);
        assertThat(new AuditTrail(fixture.storeJournal).newest(10)).filteredOn(e -> e.instanceId().equals(running.id()))
                .as("one operation sent").singleElement();
        assertThat(fixture.lifecycle.whyNot(Action.RESUME, fixture.known.find(running.key()).orElseThrow()))
                .as("free again once it is done").isEmpty();
    }

    /** Ctrl-C on instancectl, or the window closed, during a bulk run: what was sent is recorded, nothing more is sent. */
    @Test
    void finishingWorkRecordsWhatWasSentAndSendsNothingMore() throws Exception {
        List<Instance> running = fixture.known.ofConnection(lab.id()).stream()
                .filter(i -> i.status() == InstanceStatus.RUNNING).toList();
        assertThat(running).hasSizeGreaterThanOrEqualTo(2);

        CompletableFuture<ActionResult> sent = pauseHeldByTheHost(running.get(0));
        CompletableFuture<Boolean> finished = CompletableFuture.supplyAsync(
                () -> fixture.lifecycle.finishWork(Duration.ofSeconds(10)));
        // probed on the instance under way, which is SKIPPED until finishing begins and changes nothing either way
        ServiceFixture.await(Duration.ofSeconds(5), "finishing has begun",
                () -> fixture.perform(Action.PAUSE, running.get(0).key()).outcome() == OperationState.FAILED);
        ActionResult after = fixture.perform(Action.PAUSE, running.get(1).key());
        assertThat(finished).isNotDone(); // it waits for the one the host holds
        backend.action.open();

        assertThat(finished.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(sent.get(10, TimeUnit.SECONDS).outcome()).isEqualTo(OperationState.SUCCEEDED);
        assertThat(after.message()).isEqualTo("pause of '" + running.get(1).name() + "' was not sent: the console is closing");
        assertThat(backend.delegate().statusOnHost(running.get(1).id())).contains(InstanceStatus.RUNNING);
        assertThat(fixture.storeJournal.findUnsettled()).isEmpty();
        assertThat(new AuditTrail(fixture.storeJournal).newest(10)).filteredOn(e -> e.instanceId().equals(running.get(0).id()))
                .singleElement().satisfies(e -> assertThat(e.outcome()).isEqualTo(OperationState.SUCCEEDED));
    }

    @Test
    void aResyncSettlesAnOperationPendingForLongerThanAnyCallCanTake() throws Exception {
        Process otherConsole = new ProcessBuilder("sleep", "60").start();
        try {
            Instance running = fixture.firstWithStatus(lab.id(), InstanceStatus.RUNNING);
            Instant longAgo = Instant.now().minus(lab.longestCall()).minus(OperationSettler.IN_FLIGHT_MARGIN).minusSeconds(1);
            fixture.storeJournal.recordPending(new Operation("op-left-behind", running.key(), running.name(), Action.PAUSE,
                    OperationState.PENDING, longAgo, null, "", "someone", ownerIn(otherConsole)));

            fixture.reconciler.resyncAll().get(10, TimeUnit.SECONDS);

            assertThat(fixture.storeJournal.findUnsettled()).isEmpty();
            assertThat(new AuditTrail(fixture.storeJournal).newest(10)).anySatisfy(e ->
                    assertThat(e.message()).startsWith("not done: after an interruption"));
        } finally {
            otherConsole.destroy();
        }
    }

    /**
     * Another console on the same store (instancectl while the GUI runs) is in the middle of an action: a console
     * starting meanwhile must leave it alone. It settled it as "not done", and the action succeeded a moment later.
     */
    @Test
    void aConsoleStartingLeavesAloneAnActionAnotherLiveConsoleIsWorkingOn() throws Exception {
        Process otherConsole = new ProcessBuilder("sleep", "60").start();
        try {
            Instance running = fixture.firstWithStatus(lab.id(), InstanceStatus.RUNNING);
            fixture.storeJournal.recordPending(new Operation("op-under-way", running.key(), running.name(), Action.PAUSE,
                    OperationState.PENDING, Instant.now(), null, "", "someone", ownerIn(otherConsole)));

            fixture.reconciler.settleUnsettled().get(10, TimeUnit.SECONDS);
            fixture.reconciler.resyncAll().get(10, TimeUnit.SECONDS);
            assertThat(fixture.storeJournal.findUnsettled()).as("still the other console's").hasSize(1);

            otherConsole.destroy();
            otherConsole.waitFor(10, TimeUnit.SECONDS);
            fixture.reconciler.settleUnsettled().get(10, TimeUnit.SECONDS);
            assertThat(fixture.storeJournal.findUnsettled()).as("its console is gone").isEmpty();
            assertThat(new AuditTrail(fixture.storeJournal).newest(10)).anySatisfy(e ->
                    assertThat(e.message()).startsWith("not done: after an interruption"));
        } finally {
            otherConsole.destroy();
        }
    }

    /** Sends a pause that the host holds until the test opens its gate: journaled PENDING, sent, not yet done. */
    private CompletableFuture<ActionResult> pauseHeldByTheHost(Instance instance) throws InterruptedException {
        backend.action.arm();
        CompletableFuture<ActionResult> pause = fixture.lifecycle.perform(Action.PAUSE, instance.key());
        assertThat(backend.action.awaitReached()).as("the pause reached the host").isTrue();
        return pause;
    }

    /** An operation whose owner is the given process, as that process's console would have written it. */
    private static String ownerIn(Process process) {
        return process.pid() + ":" + process.info().startInstant().orElseThrow().toEpochMilli() + ":another-console";
    }
}
