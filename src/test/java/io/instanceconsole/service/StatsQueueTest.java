package io.instanceconsole.service;

import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.InstanceStats;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.testing.DelegatingBackend;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each tick of the stats sampler replaces a host's queue with the rows visible now: rows scrolled away before their
 * turn are never asked for, and a host that is not usable is not asked at all.
 */
class StatsQueueTest {
    @TempDir
    Path dir;

    /** A simulated host whose samples wait for the test's release, recording which rows were asked for. */
    private static final class HeldStats extends DelegatingBackend {
        final CountDownLatch release = new CountDownLatch(1);
        final List<String> asked = new CopyOnWriteArrayList<>();
        final AtomicInteger inFlight = new AtomicInteger();

        HeldStats() {
            super(ServiceFixture.simulator("lab", 24));
        }

        @Override
        public InstanceStats stats(String instanceId) {
            asked.add(instanceId);
            inFlight.incrementAndGet();
            try {
                if (!release.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never released the samples");
                }
                return delegate().stats(instanceId);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    private static List<Instance> running(ServiceFixture fixture) {
        return fixture.known.all().stream().filter(i -> i.status() == InstanceStatus.RUNNING).toList();
    }

    @Test
    void rowsScrolledAwayBeforeTheirTurnAreNeverAskedFor() {
        try (ServiceFixture fixture = new ServiceFixture(dir)) {
            HeldStats host = new HeldStats();
            fixture.connect("lab", host, ServiceFixture.testSettings(), false);
            StatsService stats = new StatsService(fixture.registry);
            Map<InstanceKey, InstanceStats> samples = new ConcurrentHashMap<>();
            List<Instance> running = running(fixture);
            assertThat(running).hasSizeGreaterThanOrEqualTo(8);
            List<Instance> firstView = running.subList(0, 6);
            List<Instance> secondView = running.subList(6, 8);

            stats.sample(firstView, samples::put);
            ServiceFixture.await(Duration.ofSeconds(10), "two samples in flight",
                    () -> host.inFlight.get() == StatsService.PER_HOST);
            stats.sample(secondView, samples::put);
            host.release.countDown();

            ServiceFixture.await(Duration.ofSeconds(10), "the rows in view now are sampled",
                    () -> secondView.stream().allMatch(i -> samples.containsKey(i.key())));
            assertThat(host.asked).containsExactlyInAnyOrder(firstView.get(0).id(), firstView.get(1).id(),
                    secondView.get(0).id(), secondView.get(1).id());
        }
    }

    @Test
    void aHostThatIsNotUsableIsNotAskedAndRowsNotRunningNeverAre() {
        try (ServiceFixture fixture = new ServiceFixture(dir)) {
            HeldStats host = new HeldStats();
            ManagedConnection lab = fixture.connect("lab", host, ServiceFixture.testSettings(), false);
            host.release.countDown();
            StatsService stats = new StatsService(fixture.registry);
            Map<InstanceKey, InstanceStats> samples = new ConcurrentHashMap<>();
            List<Instance> notRunning = fixture.known.all().stream().filter(i -> i.status() != InstanceStatus.RUNNING).toList();

            stats.sample(notRunning, samples::put);
            lab.markUnreachable("lab: no route to host");
            stats.sample(running(fixture), samples::put);

            assertThat(host.asked).isEmpty();
            assertThat(samples).isEmpty();
        }
    }
}
