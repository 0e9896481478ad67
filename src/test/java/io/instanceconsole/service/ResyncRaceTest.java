package io.instanceconsole.service;

import io.instanceconsole.backend.BackendListener;
import io.instanceconsole.backend.Capabilities;
import io.instanceconsole.backend.ComputeBackend;
import io.instanceconsole.backend.simulator.SimulatorBackend;
import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.domain.OperationState;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A resync's listing is older than the changes that land while the host is answering it. */
class ResyncRaceTest {
    @TempDir
    Path dir;

    /** A real simulated host whose listing, once taken, is held until the test lets it go. */
    private static final class HeldListing implements ComputeBackend {
        private final SimulatorBackend host;
        private volatile CountDownLatch taken;
        private volatile CountDownLatch release;

        HeldListing(SimulatorBackend host) {
            this.host = host;
        }

        void holdNextListing() {
            taken = new CountDownLatch(1);
            release = new CountDownLatch(1);
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
}
