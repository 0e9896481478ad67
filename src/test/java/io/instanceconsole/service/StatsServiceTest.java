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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class StatsServiceTest {
    @TempDir
    Path dir;

    @Test
    void samplesEveryVisibleRunningRowAtMostTwoAtATimePerHost() {
        try (ServiceFixture fixture = new ServiceFixture(dir)) {
            HeldStats host = new HeldStats();
            fixture.connect("lab", host, ServiceFixture.testSettings(), false);
            StatsService stats = new StatsService(fixture.registry);
            Map<InstanceKey, InstanceStats> samples = new ConcurrentHashMap<>();
            List<Instance> visible = fixture.known.all().subList(0, 12);
            long running = visible.stream().filter(i -> i.status() == InstanceStatus.RUNNING).count();
            assertThat(running).as("rows to queue behind the first two").isGreaterThan(StatsService.PER_HOST);

            stats.sample(visible, samples::put);
            ServiceFixture.await(Duration.ofSeconds(10), "two samples in flight",
                    () -> host.inFlight.get() == StatsService.PER_HOST);
            stats.sample(visible, samples::put); // the next tick replaces the queue; nothing more starts meanwhile

            assertThat(host.calls.get()).as("calls started while two are held").isEqualTo(StatsService.PER_HOST);
            assertThat(samples).isEmpty();

            host.release.countDown();
            ServiceFixture.await(Duration.ofSeconds(10), "a sample of every running row", () -> samples.size() >= running);
            assertThat(host.mostInFlight.get()).isEqualTo(StatsService.PER_HOST);
            assertThat(samples).hasSize((int) running);
            assertThat(samples.keySet()).allMatch(k -> visible.stream().anyMatch(v -> v.key().equals(k)));
            assertThat(samples.keySet()).allMatch(k -> fixture.known.find(k).orElseThrow().status() == InstanceStatus.RUNNING);
            assertThat(samples.values()).allMatch(s -> s.memoryBytes() > 0 && s.memoryLimit() >= s.memoryBytes());
        }
    }

    /** A simulated host whose samples wait for the test's release, counting the calls in flight. */
    private static final class HeldStats extends DelegatingBackend {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger mostInFlight = new AtomicInteger();

        HeldStats() {
            super(ServiceFixture.simulator("lab", 60));
        }

        @Override
        public InstanceStats stats(String instanceId) {
            calls.incrementAndGet();
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
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
}
