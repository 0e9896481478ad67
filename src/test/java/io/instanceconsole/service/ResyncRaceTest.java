package io.instanceconsole.service;

import io.instanceconsole.backend.BackendListener;
import io.instanceconsole.backend.Capabilities;
import io.instanceconsole.backend.ComputeBackend;
import io.instanceconsole.backend.simulator.SimulatorBackend;
import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.domain.Operation;
import io.instanceconsole.domain.OperationState;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
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

    /** A real simulated host whose listing, once taken, is held until the test lets it go. */
    private static final class HeldListing implements ComputeBackend {
        private final SimulatorBackend host;
        private volatile CountDownLatch taken;
        private volatile CountDownLatch release;
        private volatile CountDownLatch performing;
        private volatile CountDownLatch releasePerform;

        HeldListing(SimulatorBackend host) {
            this.host = host;
        }

        void holdNextListing() {
            taken = new CountDownLatch(1);
            release = new CountDownLatch(1);
        }

        void holdNextAction() {
            performing = new CountDownLatch(1);
            releasePerform = new CountDownLatch(1);
        }

        @Override
        public List<Instance> list() {
            List<Instance> listing = host.list();
            CountDownLatch held = release;
            if (held != null) {
                taken.countDown();
                try {
                    held.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return listing;
        }

        @Override
        public BackendKind kind() {
            return host.kind();
        }

        @Override
        public Instance inspect(String instanceId) {
            return host.inspect(instanceId);
        }

        @Override
        public void perform(Action action, String instanceId) {
            CountDownLatch held = releasePerform;
            if (held != null) {
                performing.countDown();
                try {
                    held.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            host.perform(action, instanceId);
        }

        @Override
        public Capabilities capabilities() {
            return host.capabilities();
        }

        @Override
        public Subscription subscribe(BackendListener listener) {
            return host.subscribe(listener);
        }

        @Override
        public void close() {
            host.close();
        }
    }

    @Test
    void aListingTakenBeforeAnActionDoesNotUndoItsResult() throws Exception {
        try (ServiceFixture fixture = new ServiceFixture(dir)) {
            HeldListing backend = new HeldListing(ServiceFixture.simulator("lab", 10));
            ManagedConnection lab = fixture.connect("lab", backend, ServiceFixture.testSettings(), false);
            Instance running = fixture.firstWithStatus(lab.id(), InstanceStatus.RUNNING);

            backend.holdNextListing();
            CompletableFuture<Void> resync = fixture.reconciler.resync(lab);
            assertThat(backend.taken.await(10, TimeUnit.SECONDS)).isTrue(); // it says "running"
            assertThat(fixture.perform(Action.PAUSE, running.key()).outcome()).isEqualTo(OperationState.SUCCEEDED);
            backend.release.countDown();
            resync.get(10, TimeUnit.SECONDS);

            assertThat(fixture.known.find(running.key()).orElseThrow().status()).isEqualTo(InstanceStatus.PAUSED);
            assertThat(fixture.storedMatches(running.key(), i -> i.status() == InstanceStatus.PAUSED)).isTrue();
        }
    }

    @Test
    void aResyncDoesNotSettleAnActionStillUnderWay() throws Exception {
        try (ServiceFixture fixture = new ServiceFixture(dir)) {
            HeldListing backend = new HeldListing(ServiceFixture.simulator("lab", 10));
            ManagedConnection lab = fixture.connect("lab", backend, ServiceFixture.testSettings(), false);
            Instance running = fixture.firstWithStatus(lab.id(), InstanceStatus.RUNNING);

            backend.holdNextAction();
            CompletableFuture<ActionResult> pause = fixture.lifecycle.perform(Action.PAUSE, running.key());
            assertThat(backend.performing.await(10, TimeUnit.SECONDS)).isTrue(); // journaled PENDING, host not yet paused
            fixture.reconciler.resyncAll().get(10, TimeUnit.SECONDS);
            backend.releasePerform.countDown();

            assertThat(pause.get(10, TimeUnit.SECONDS).outcome()).isEqualTo(OperationState.SUCCEEDED);
            assertThat(fixture.storeJournal.findUnsettled()).isEmpty();
            assertThat(new AuditTrail(fixture.storeJournal).newest(10)).filteredOn(e -> e.instanceId().equals(running.id()))
                    .singleElement().satisfies(e -> assertThat(e.outcome()).isEqualTo(OperationState.SUCCEEDED));
            assertThat(fixture.known.find(running.key()).orElseThrow().status()).isEqualTo(InstanceStatus.PAUSED);
        }
    }

    @Test
    void aResyncSettlesAnOperationPendingForLongerThanAnyCallCanTake() throws Exception {
        try (ServiceFixture fixture = new ServiceFixture(dir)) {
            ManagedConnection lab = fixture.connect("lab", ServiceFixture.simulator("lab", 10), ServiceFixture.testSettings(), false);
            Instance running = fixture.firstWithStatus(lab.id(), InstanceStatus.RUNNING);
            Instant longAgo = Instant.now().minus(lab.longestCall()).minus(OperationSettler.IN_FLIGHT_MARGIN).minusSeconds(1);
            fixture.storeJournal.recordPending(new Operation("op-left-behind", running.key(), running.name(), Action.PAUSE,
                    OperationState.PENDING, longAgo, null, "", "someone"));

            fixture.reconciler.resyncAll().get(10, TimeUnit.SECONDS);

            assertThat(fixture.storeJournal.findUnsettled()).isEmpty();
            assertThat(new AuditTrail(fixture.storeJournal).newest(10)).anySatisfy(e ->
                    assertThat(e.message()).startsWith("not done: after an interruption"));
        }
    }
}
