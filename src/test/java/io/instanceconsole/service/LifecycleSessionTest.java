package io.instanceconsole.service;

import io.instanceconsole.backend.Capabilities;
import io.instanceconsole.concurrent.DirectExecutor;
import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.domain.Operation;
import io.instanceconsole.domain.OperationState;
import io.instanceconsole.testing.FullDisk;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lifecycle service as one console session among others on the same store: an operation it is still working on
 * is left alone by every settler; one it is done with (even when its outcome could not be recorded) is settled by the
 * next resync while the console runs; closing the session hands what it did not finish to whoever settles next. And
 * whatever goes wrong before the host is asked, the result says so: too busy to queue, or an unexpected error.
 */
class LifecycleSessionTest extends HoldingHostTestBase<LifecycleSessionTest.HeldHost> {
    private final FullDisk disk = new FullDisk();

    /** A silent simulated host that holds the next action until released, or fails to say what it can do. */
    static final class HeldHost extends HoldingHost {
        volatile RuntimeException capabilitiesFailure;

        HeldHost() {
            super(ServiceFixture.simulator("lab", 20));
        }

        @Override
        public Capabilities capabilities() {
            RuntimeException failure = capabilitiesFailure;
            if (failure != null) {
                throw failure;
            }
            return super.capabilities();
        }
    }

    private void start() {
        start(disk::under, new HeldHost(), ServiceFixture.testSettings());
    }

    private List<Operation> unsettled() {
        return fixture.storeJournal.findUnsettled();
    }

    @Test
    void anActionWhoseOutcomeCouldNotBeRecordedIsSettledByTheNextResyncWhileTheConsoleRuns() throws Exception {
        start();
        Instance running = fixture.firstWithStatus("conn-lab", InstanceStatus.RUNNING);
        disk.refuseEveryOutcome();

        ActionResult result = fixture.perform(Action.PAUSE, running.key());

        assertThat(result.outcome()).isEqualTo(OperationState.COMPENSATED);
        assertThat(unsettled()).hasSize(1);

        disk.takesWritesAgain();
        fixture.reconciler.resyncAll().get(10, TimeUnit.SECONDS);

        assertThat(unsettled()).isEmpty();
        assertThat(fixture.storeJournal.recentAudit(10)).anySatisfy(e -> {
            assertThat(e.instanceId()).isEqualTo(running.id());
            assertThat(e.outcome()).isEqualTo(OperationState.FAILED); // undone: the host shows it running
        });
    }

    @Test
    void anActionStillAtTheHostIsLeftAloneUntilTheSessionClosesThenItIsAnybodysToSettle() throws Exception {
        start();
        Instance running = fixture.firstWithStatus("conn-lab", InstanceStatus.RUNNING);
        CompletableFuture<ActionResult> pause = pauseHeldByTheHost(running);

        fixture.reconciler.settleUnsettled().get(10, TimeUnit.SECONDS);
        assertThat(unsettled()).as("this console is still working on it").hasSize(1);

        fixture.lifecycle.close();
        fixture.reconciler.settleUnsettled().get(10, TimeUnit.SECONDS);

        assertThat(unsettled()).as("settled from the host once its session closed").isEmpty();
        host.release.countDown();
        assertThat(pause.get(10, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void anActionTheConsoleIsTooBusyToQueueFailsAtOnceAndLeavesTheInstanceFree() {
        start();
        Instance running = fixture.firstWithStatus("conn-lab", InstanceStatus.RUNNING);
        Clock clock = Clock.systemUTC();
        Settlement settlement = new Settlement(fixture.storeJournal, fixture.known, fixture.registry, clock);
        LifecycleService busy = new LifecycleService(fixture.registry, fixture.storeJournal, fixture.known,
                new RejectingExecutor(), clock, "tester", settlement,
                new OperationSettler(fixture.registry, settlement, clock, Runnable::run));

        for (int attempt = 0; attempt < 2; attempt++) { // the second is not "under way": the first left nothing behind
            ActionResult result = busy.perform(Action.PAUSE, running.key()).join();
            assertThat(result.outcome()).isEqualTo(OperationState.FAILED);
            assertThat(result.isError()).isTrue();
            assertThat(result.message()).isEqualTo("the console is too busy to queue more actions; nothing was done");
            assertThat(result.key()).isEqualTo(running.key());
            assertThat(result.action()).isEqualTo(Action.PAUSE);
        }
        assertThat(host.actionsSent.get()).isZero();
        assertThat(unsettled()).isEmpty();
        busy.close();
    }

    @Test
    void anUnexpectedErrorBeforeTheHostIsAskedIsAnUnknownOutcomeNamingTheErrorAndFreesTheInstance() {
        start();
        Instance running = fixture.firstWithStatus("conn-lab", InstanceStatus.RUNNING);
        host.capabilitiesFailure = new IllegalStateException("capabilities unreadable (injected)");

        ActionResult result = fixture.perform(Action.PAUSE, running.key());

        assertThat(result.outcome()).isEqualTo(OperationState.UNKNOWN);
        assertThat(result.statusAfter()).isNull();
        assertThat(result.message()).isEqualTo("unexpected error during pause of '" + running.id()
                + "': java.lang.IllegalStateException: capabilities unreadable (injected)");
        assertThat(host.actionsSent.get()).isZero();

        host.capabilitiesFailure = null;
        assertThat(fixture.perform(Action.PAUSE, running.key()).outcome()).isEqualTo(OperationState.SUCCEEDED);
    }

    @Test
    void aResultSucceededOnlyWhenItsOutcomeIsSucceeded() {
        InstanceKey key = new InstanceKey("conn-lab", "web");
        for (OperationState state : OperationState.values()) {
            ActionResult result = new ActionResult(key, "web", Action.PAUSE, state, null, "");
            assertThat(result.succeeded()).as(state.name()).isEqualTo(state == OperationState.SUCCEEDED);
            assertThat(result.isError()).as(state.name())
                    .isEqualTo(state != OperationState.SUCCEEDED && state != OperationState.SKIPPED);
        }
    }

    /** An executor whose queue is always full. */
    private static final class RejectingExecutor extends DirectExecutor {
        @Override
        public void execute(Runnable command) {
            throw new RejectedExecutionException("queue full (injected)");
        }
    }
}
