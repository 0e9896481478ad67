package io.instanceconsole.service;

import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.InstanceStats;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.testing.DelegatingBackend;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
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
 * The stats sampler asks a host for at most two samples at a time. Each tick replaces a host's queue with the rows
 * visible now: rows scrolled away before their turn are never asked for, and a host that is not usable is not asked
 * at all.
 */
class StatsServiceTest {
    @TempDir
    Path dir;

    @AutoClose
    private ServiceFixture fixture;
    private HeldStats host;
    private ManagedConnection lab;
    private StatsService stats;
    private final Map<InstanceKey, InstanceStats> samples = new ConcurrentHashMap<>();

    /** A simulated host whose samples wait for the test's release, recording which rows were asked for. */
    private static final class HeldStats extends DelegatingBackend {
        final CountDownLatch release = new CountDownLatch(1);
        final List<String> asked = new CopyOnWriteArrayList<>();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger mostInFlight = new AtomicInteger();

        HeldStats() {
            super(ServiceFixture.simulator("lab", 60));
        }

        @Override
        public InstanceStats stats(String instanceId) {
            asked.add(instanceId);
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

    @BeforeEach
    void start() {
        fixture = new ServiceFixture(dir);
        host = new HeldStats();
        lab = fixture.connect("lab", host, ServiceFixture.testSettings(), false);
        stats = new StatsService(fixture.registry);
    }

    @AfterEach
    void tearDown() {
        host.release.countDown();
    }

    private List<Instance> running() {
        return fixture.known.all().stream().filter(i -> i.status() == InstanceStatus.RUNNING).toList();
    }

    @Test
    void samplesEveryVisibleRunningRowAtMostTwoAtATimePerHost() {
        List<Instance> visible = fixture.known.all().subList(0, 12);
        long running = visible.stream().filter(i -> i.status() == InstanceStatus.RUNNING).count();
        assertThat(running).as("rows to queue behind the first two").isGreaterThan(StatsService.PER_HOST);

        stats.sample(visible, samples::put);
        ServiceFixture.await(Duration.ofSeconds(10), "two samples in flight",
                () -> host.inFlight.get() == StatsService.PER_HOST);
        stats.sample(visible, samples::put); // the next tick replaces the queue; nothing more starts meanwhile

        assertThat(host.asked).as("calls started while two are held").hasSize(StatsService.PER_HOST);
        assertThat(samples).isEmpty();

        host.release.countDown();
        ServiceFixture.await(Duration.ofSeconds(10), "a sample of every running row", () -> samples.size() >= running);
        assertThat(host.mostInFlight.get()).isEqualTo(StatsService.PER_HOST);
        assertThat(samples).hasSize((int) running);
        assertThat(samples.keySet()).allMatch(k -> visible.stream().anyMatch(v -> v.key().equals(k)));
        assertThat(samples.keySet()).allMatch(k -> fixture.known.find(k).orElseThrow().status() == InstanceStatus.RUNNING);
        assertThat(samples.values()).allMatch(s -> s.memoryBytes() > 0 && s.memoryLimit() >= s.memoryBytes());
    }

    @Test
    void aRunningRowItsHostCannotSeeNowIsNeverAskedFor() {
        Instance seen = running().get(0);
        Instance lastKnown = lastKnown(running().get(1));
        host.release.countDown();

        stats.sample(List.of(lastKnown, seen), samples::put);

        ServiceFixture.await(Duration.ofSeconds(10), "the seen row's sample", () -> samples.containsKey(seen.key()));
        assertThat(host.asked).as("only the seen row is asked for").containsExactly(seen.id());
    }

    private static Instance lastKnown(Instance instance) {
        return new Instance(instance.key(), instance.name(), instance.kind(), instance.image(), instance.status(),
                Instance.LAST_KNOWN + "member m3 does not answer", instance.created(), instance.lastSeen(), "m3");
    }

    @Test
    void rowsScrolledAwayBeforeTheirTurnAreNeverAskedFor() {
        List<Instance> running = running();
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

    @Test
    void aHostThatIsNotUsableIsNotAskedAndRowsNotRunningNeverAre() {
        host.release.countDown();
        List<Instance> notRunning = fixture.known.all().stream().filter(i -> i.status() != InstanceStatus.RUNNING).toList();

        stats.sample(notRunning, samples::put);
        lab.markUnreachable("lab: no route to host");
        stats.sample(running(), samples::put);

        assertThat(host.asked).isEmpty();
        assertThat(samples).isEmpty();
    }
}
