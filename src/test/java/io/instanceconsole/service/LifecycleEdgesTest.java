package io.instanceconsole.service;

import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.domain.OperationState;
import io.instanceconsole.domain.UnsupportedException;
import io.instanceconsole.testing.FullDisk;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an action's result says when it never got to the host, or the host answered with something the console's own
 * rules did not expect: every result names the instance and the status it really has.
 */
class LifecycleEdgesTest extends HoldingHostTestBase<HoldingHost> {
    private final FullDisk disk = new FullDisk();

    private void start() {
        start(disk::under, new HoldingHost(ServiceFixture.simulator("lab", 20)), ServiceFixture.testSettings());
    }

    @Test
    void aSecondActionWhileOneIsUnderWayIsSkippedWithTheInstancesStatus() throws Exception {
        start();
        Instance running = fixture.firstWithStatus("conn-lab", InstanceStatus.RUNNING);
        CompletableFuture<ActionResult> first = pauseHeldByTheHost(running);

        ActionResult second = fixture.perform(Action.STOP, running.key());
        host.release.countDown();

        assertThat(second.outcome()).isEqualTo(OperationState.SKIPPED);
        assertThat(second.instanceName()).isEqualTo(running.name());
        assertThat(second.statusAfter()).isEqualTo(InstanceStatus.RUNNING);
        assertThat(second.message()).isEqualTo("'" + running.name() + "' has a pause under way");
        assertThat(first.get(10, TimeUnit.SECONDS).outcome()).isEqualTo(OperationState.SUCCEEDED);
        assertThat(host.actionsSent.get()).isEqualTo(1);
    }

    @Test
    void finishingWorkSaysWhenAnActionDidNotComeBackInTimeAndNothingMoreIsSent() throws Exception {
        start();
        Instance running = fixture.firstWithStatus("conn-lab", InstanceStatus.RUNNING);
        Instance paused = fixture.firstWithStatus("conn-lab", InstanceStatus.PAUSED);
        CompletableFuture<ActionResult> held = pauseHeldByTheHost(running);

        assertThat(fixture.lifecycle.finishWork(Duration.ofMillis(100))).as("the held pause is still out").isFalse();

        ActionResult known = fixture.perform(Action.RESUME, paused.key());
        ActionResult unknown = fixture.perform(Action.RESUME, new InstanceKey("conn-lab", "no-such-vm"));
        assertThat(known.outcome()).isEqualTo(OperationState.FAILED);
        assertThat(known.instanceName()).isEqualTo(paused.name());
        assertThat(known.statusAfter()).isEqualTo(InstanceStatus.PAUSED);
        assertThat(known.message()).isEqualTo("resume of '" + paused.name() + "' was not sent: the console is closing");
        assertThat(unknown.outcome()).isEqualTo(OperationState.FAILED);
        assertThat(unknown.instanceName()).isEqualTo("no-such-vm");
        assertThat(unknown.statusAfter()).isNull();

        host.release.countDown();
        assertThat(held.get(10, TimeUnit.SECONDS).outcome()).isEqualTo(OperationState.SUCCEEDED);
        assertThat(fixture.lifecycle.finishWork(Duration.ofSeconds(10))).isTrue();
        assertThat(host.actionsSent.get()).isEqualTo(1);
    }

    @Test
    void anActionThatCannotBeJournaledIsNotSent() {
        start();
        Instance running = fixture.firstWithStatus("conn-lab", InstanceStatus.RUNNING);
        disk.refuseEntries();

        ActionResult result = fixture.perform(Action.PAUSE, running.key());

        assertThat(result.outcome()).isEqualTo(OperationState.FAILED);
        assertThat(result.statusAfter()).isEqualTo(InstanceStatus.RUNNING);
        assertThat(result.message()).isEqualTo("could not record the pause of '" + running.name()
                + "', so it was not sent: database test.mv.db: disk full (injected)");
        assertThat(host.actionsSent.get()).isZero();

        disk.takesWritesAgain();
        assertThat(fixture.perform(Action.PAUSE, running.key()).outcome())
                .as("the instance is free for the next try").isEqualTo(OperationState.SUCCEEDED);
    }

    @Test
    void anInstanceTheHostNoLongerHasIsRejectedAndItsRowGoes() {
        start();
        Instance stopped = fixture.firstWithStatus("conn-lab", InstanceStatus.STOPPED);
        host.delegate().perform(Action.DELETE, stopped.id()); // by someone else; the console heard nothing
        ServiceFixture.Published published = fixture.record();

        ActionResult result = fixture.perform(Action.START, stopped.key());

        assertThat(result.outcome()).isEqualTo(OperationState.REJECTED);
        assertThat(result.statusAfter()).isNull();
        assertThat(fixture.known.find(stopped.key())).isEmpty();
        assertThat(fixture.stored(stopped.key())).isEmpty();
        assertThat(published.changes).anyMatch(c -> c.removed().contains(stopped.key()));
        assertThat(fixture.storeJournal.recentAudit(10)).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo(OperationState.REJECTED));
    }

    @Test
    void anActionTheHostRefusesAsUnsupportedIsRejectedAndChangesNothing() {
        start();
        Instance running = fixture.firstWithStatus("conn-lab", InstanceStatus.RUNNING);
        host.refuseAll(new UnsupportedException("this guest has no pause support"));

        ActionResult result = fixture.perform(Action.PAUSE, running.key());

        assertThat(result.outcome()).isEqualTo(OperationState.REJECTED);
        assertThat(result.message()).isEqualTo("this guest has no pause support");
        assertThat(result.statusAfter()).isEqualTo(InstanceStatus.RUNNING);
        assertThat(fixture.known.find(running.key()).map(Instance::status)).contains(InstanceStatus.RUNNING);
        assertThat(fixture.storeJournal.findUnsettled()).isEmpty();
        assertThat(fixture.storeJournal.recentAudit(10)).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo(OperationState.REJECTED));
    }
}
