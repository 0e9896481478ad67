package io.instanceconsole.service;

import io.instanceconsole.concurrent.DirectExecutor;
import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.domain.OperationState;
import io.instanceconsole.domain.ResilienceSettings;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An action caught by the console beginning to close, at each step before it reaches the host: still queued for the
 * service (never journaled, never sent), or journaled and waiting for a place at its host (recorded as not done, so
 * nothing is left for a settler to guess). Either way the host gets nothing and the result says why.
 */
class LifecycleClosingTest extends HoldingHostTestBase<HoldingHost> {
    /** Tasks wait here until the test runs them, on its own thread. */
    private static final class QueuedExecutor extends DirectExecutor {
        final List<Runnable> queued = new CopyOnWriteArrayList<>();

        @Override
        public void execute(Runnable command) {
            queued.add(command);
        }

        void runAll() {
            while (!queued.isEmpty()) {
                super.execute(queued.removeFirst());
            }
        }
    }

    private void start(ResilienceSettings settings) {
        start(UnaryOperator.identity(), new HoldingHost(ServiceFixture.simulator("lab", 20)), settings);
    }

    @Test
    void anActionStillQueuedWhenTheConsoleBeginsToCloseIsNeitherJournaledNorSent() {
        start(ServiceFixture.testSettings());
        Instance running = fixture.firstWithStatus("conn-lab", InstanceStatus.RUNNING);
        QueuedExecutor queue = new QueuedExecutor();
        Clock clock = Clock.systemUTC();
        Settlement settlement = new Settlement(fixture.storeJournal, fixture.known, fixture.registry, clock);
        LifecycleService lifecycle = new LifecycleService(fixture.registry, fixture.storeJournal, fixture.known, queue,
                clock, "tester", settlement, new OperationSettler(fixture.registry, settlement, clock, queue));

        CompletableFuture<ActionResult> pause = lifecycle.perform(Action.PAUSE, running.key());
        assertThat(lifecycle.finishWork(Duration.ZERO)).as("the pause is still queued").isFalse();
        queue.runAll();

        ActionResult result = pause.join();
        assertThat(result.outcome()).isEqualTo(OperationState.FAILED);
        assertThat(result.statusAfter()).isEqualTo(InstanceStatus.RUNNING);
        assertThat(result.message()).isEqualTo("pause of '" + running.name() + "' was not sent: the console is closing");
        assertThat(host.actionsSent.get()).isZero();
        assertThat(fixture.storeJournal.findUnsettled()).isEmpty();
        assertThat(fixture.storeJournal.recentAudit(10)).isEmpty();
        assertThat(lifecycle.finishWork(Duration.ZERO)).as("nothing left under way").isTrue();
        lifecycle.close();
    }

    @Test
    void anActionJournaledAndWaitingForItsHostWhenTheConsoleBeginsToCloseIsRecordedAsNotDone() throws Exception {
        // one call at a time on this host: the second action waits behind the first
        start(new ResilienceSettings(Duration.ofSeconds(5), 3, Duration.ofSeconds(30), 1, Duration.ofSeconds(30)));
        List<Instance> running = fixture.known.ofConnection("conn-lab").stream()
                .filter(i -> i.status() == InstanceStatus.RUNNING).limit(2).toList();
        CompletableFuture<ActionResult> first = pauseHeldByTheHost(running.get(0));
        CompletableFuture<ActionResult> second = fixture.lifecycle.perform(Action.PAUSE, running.get(1).key());
        ServiceFixture.await(Duration.ofSeconds(10), "the second pause is journaled",
                () -> fixture.storeJournal.findUnsettled().size() == 2);

        assertThat(fixture.lifecycle.finishWork(Duration.ZERO)).isFalse();
        host.release.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS).outcome()).isEqualTo(OperationState.SUCCEEDED);
        ActionResult notSent = second.get(10, TimeUnit.SECONDS);
        assertThat(notSent.outcome()).isEqualTo(OperationState.FAILED);
        assertThat(notSent.statusAfter()).isEqualTo(InstanceStatus.RUNNING);
        assertThat(notSent.message()).isEqualTo("pause of '" + running.get(1).name()
                + "' was not sent: the console is closing");
        assertThat(host.actionsSent.get()).isEqualTo(1);
        assertThat(fixture.storeJournal.findUnsettled()).isEmpty();
        assertThat(fixture.storeJournal.recentAudit(10)).anySatisfy(e -> {
            assertThat(e.instanceId()).isEqualTo(running.get(1).id());
            assertThat(e.outcome()).isEqualTo(OperationState.FAILED);
        });
        assertThat(fixture.known.find(running.get(1).key()).map(Instance::status)).contains(InstanceStatus.RUNNING);
    }
}
