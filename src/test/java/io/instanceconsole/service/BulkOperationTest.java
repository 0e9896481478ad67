package io.instanceconsole.service;

import io.instanceconsole.backend.simulator.SimulatorBackend;
import io.instanceconsole.backend.simulator.SimulatorSettings;
import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.service.BulkOperation.ItemState;
import io.instanceconsole.service.BulkOperation.ItemUpdate;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Bulk runs over the real service stack and simulated hosts. */
class BulkOperationTest {
    @TempDir
    Path dataDir;

    @AutoClose
    private ServiceFixture fixture;

    private final List<ItemUpdate> updates = new CopyOnWriteArrayList<>();

    private Map<String, ItemState> finalStates() {
        Map<String, ItemState> states = new ConcurrentHashMap<>();
        updates.forEach(u -> states.put(u.key().toString(), u.state()));
        return states;
    }

    @Test
    void previewCountsMixedStatesAndSkippedRowsAreNeverSentToTheHost() {
        fixture = new ServiceFixture(dataDir);
        LifecycleServiceTest.CountingBackend host = new LifecycleServiceTest.CountingBackend(ServiceFixture.simulator("lab", 40), Duration.ZERO);
        fixture.connect("lab", host, ServiceFixture.testSettings(), false);
        List<Instance> all = fixture.known.ofConnection("conn-lab");
        long running = all.stream().filter(i -> i.status() == InstanceStatus.RUNNING).count();
        long paused = all.stream().filter(i -> i.status() == InstanceStatus.PAUSED).count();

        BulkPlan plan = BulkPlan.of(Action.PAUSE, all, fixture.lifecycle);

        assertThat(plan.willRun()).hasSize((int) running);
        assertThat(plan.skipped().get("already paused")).hasSize((int) paused);
        // the skipped groups come in the order their first rows come, which is the store's, not a sorted one
        assertThat(plan.summary()).startsWith(running + " will pause · ").contains(" · " + paused + " skipped: already paused");

        BulkOperation operation = BulkOperation.start(plan, fixture.lifecycle, updates::add);
        List<ActionResult> results = operation.completion().orTimeout(30, TimeUnit.SECONDS).join();

        assertThat(results).hasSize((int) running).allMatch(ActionResult::succeeded);
        assertThat(host.actionsSent.get()).isEqualTo((int) running);
        assertThat(finalStates().values()).doesNotContain(ItemState.QUEUED, ItemState.RUNNING);
    }

    @Test
    void cancelStopsItemsNotYetStartedAndReportsThemCancelled() {
        fixture = new ServiceFixture(dataDir);
        SimulatorBackend slow = new SimulatorBackend("conn-lab", "lab", SimulatorSettings.inMemory(200, Duration.ofMillis(100)), Clock.systemUTC());
        fixture.connect("lab", slow, ServiceFixture.testSettings().withBulkhead(2, Duration.ofMinutes(1)), false);
        BulkPlan plan = BulkPlan.of(Action.PAUSE, fixture.known.ofConnection("conn-lab"), fixture.lifecycle);
        assertThat(plan.willRun().size()).isGreaterThan(BulkOperation.WINDOW_PER_HOST * 2);

        BulkOperation operation = BulkOperation.start(plan, fixture.lifecycle, updates::add);
        operation.cancel();
        List<ActionResult> results = operation.completion().orTimeout(30, TimeUnit.SECONDS).join();

        long cancelled = finalStates().values().stream().filter(s -> s == ItemState.CANCELLED).count();
        assertThat(results).hasSizeLessThanOrEqualTo(BulkOperation.WINDOW_PER_HOST);
        assertThat(cancelled).isEqualTo(plan.willRun().size() - results.size());
        long pausedOnHost = plan.willRun().stream().filter(i -> slow.statusOnHost(i.id()).orElseThrow() == InstanceStatus.PAUSED).count();
        assertThat(pausedOnHost).isEqualTo(results.stream().filter(ActionResult::succeeded).count());
    }

    @Test
    void retryOfFailedItemsRerunsOnlyTheFailures() {
        fixture = new ServiceFixture(dataDir);
        LifecycleServiceTest.CountingBackend host = new LifecycleServiceTest.CountingBackend(ServiceFixture.simulator("lab", 40), Duration.ZERO);
        SimulatorBackend simulator = host.delegate();
        fixture.connect("lab", host, ServiceFixture.testSettings().withBreaker(100, Duration.ofSeconds(30)), false);
        BulkPlan plan = BulkPlan.of(Action.PAUSE, fixture.known.ofConnection("conn-lab"), fixture.lifecycle);
        // Conflicts touch actions only, so exactly three items fail whatever else runs meanwhile.
        simulator.faults().rejectNextWithConflict(3);

        BulkOperation first = BulkOperation.start(plan, fixture.lifecycle, updates::add);
        first.completion().orTimeout(30, TimeUnit.SECONDS).join();
        List<InstanceKey> failed = first.failed();
        assertThat(failed).hasSize(3);
        int sentBefore = host.actionsSent.get();

        List<Instance> again = failed.stream().map(k -> fixture.known.find(k).orElseThrow()).toList();
        BulkOperation retry = BulkOperation.start(BulkPlan.of(Action.PAUSE, again, fixture.lifecycle), fixture.lifecycle, u -> { });
        List<ActionResult> retried = retry.completion().orTimeout(30, TimeUnit.SECONDS).join();

        assertThat(retried).hasSize(3).allMatch(ActionResult::succeeded);
        assertThat(host.actionsSent.get() - sentBefore).isEqualTo(3);
    }

    @Test
    void aHungHostHoldsOnlyItsOwnItemsWhileHealthyHostsFinish() {
        fixture = new ServiceFixture(dataDir);
        List<SimulatorBackend> healthy = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            SimulatorBackend host = ServiceFixture.simulator("ok" + i, 50);
            fixture.connect("ok" + i, host, ServiceFixture.testSettings(), false);
            healthy.add(host);
        }
        SimulatorBackend sick = ServiceFixture.simulator("sick", 50);
        fixture.connect("sick", sick, ServiceFixture.testSettings().withCallTimeout(Duration.ofSeconds(20)), false);
        sick.faults().hang();
        BulkPlan plan = BulkPlan.of(Action.PAUSE, fixture.known.all(), fixture.lifecycle);
        Map<String, Integer> healthyDone = new ConcurrentHashMap<>();

        long start = System.nanoTime();
        BulkOperation operation = BulkOperation.start(plan, fixture.lifecycle, u -> {
            if (u.state() == ItemState.SUCCEEDED && !u.key().connectionId().equals("conn-sick")) {
                healthyDone.merge("done", 1, Integer::sum);
            }
        });
        long healthyCount = plan.willRun().stream().filter(i -> !i.connectionId().equals("conn-sick")).count();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (healthyDone.getOrDefault("done", 0) < healthyCount && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(healthyDone.getOrDefault("done", 0)).isEqualTo((int) healthyCount);
        assertThat(tookMs).as("healthy hosts must not wait for the hung one's 20 s timeout").isLessThan(10_000);
        assertThat(operation.completion()).isNotDone();
        sick.faults().release();
        operation.completion().orTimeout(30, TimeUnit.SECONDS).join();
    }
}
