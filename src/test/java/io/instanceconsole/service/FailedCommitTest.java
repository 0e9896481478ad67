package io.instanceconsole.service;

import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.AuditEvent;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.domain.Operation;
import io.instanceconsole.domain.OperationState;
import io.instanceconsole.domain.UnavailableException;
import io.instanceconsole.testing.FullDisk;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The host did the action but the store could not record it (a full disk): whatever happens next, the row and the
 * audit trail end up saying what the host did, for every kind of action. An action that can be undone is undone; one
 * that cannot is recorded once the store takes writes again; an undo that fails too is settled from what the host
 * confirmed.
 */
class FailedCommitTest {
    private static final String DISK_FULL = FullDisk.MESSAGE;

    @TempDir
    Path dataDir;

    @AutoClose
    private ServiceFixture fixture;
    private final FullDisk disk = new FullDisk();
    /** Its events never reach the console: what the table shows comes from the service's own records. */
    private SilentHost host;
    private ServiceFixture.Published published;

    private void start() {
        fixture = new ServiceFixture(dataDir, disk::under);
        host = new SilentHost(ServiceFixture.simulator("lab", 30));
        fixture.connect("lab", host, ServiceFixture.testSettings(), false);
        published = fixture.record();
    }

    private static InstanceStatus startingStatus(Action action) {
        return switch (action) {
            case RESUME -> InstanceStatus.PAUSED;
            case START, DELETE -> InstanceStatus.STOPPED;
            default -> InstanceStatus.RUNNING;
        };
    }

    private List<AuditEvent> auditFor(Instance instance) {
        return fixture.storeJournal.recentAudit(1000).stream().filter(e -> e.instanceId().equals(instance.id())).toList();
    }

    private Optional<InstanceStatus> onHost(Instance instance) {
        return host.delegate().statusOnHost(instance.id());
    }

    private Optional<InstanceStatus> known(Instance instance) {
        return fixture.known.find(instance.key()).map(Instance::status);
    }

    private Optional<InstanceStatus> stored(Instance instance) {
        return fixture.stored(instance.key()).map(Instance::status);
    }

    /** The store takes writes again and the one unsettled operation is settled, as the next resync does. */
    private OperationState storeWritableAgainAndSettled() {
        disk.takesWritesAgain();
        List<Operation> unsettled = fixture.storeJournal.findUnsettled();
        assertThat(unsettled).hasSize(1);
        Optional<OperationState> settled = fixture.lifecycle.settler().settle(unsettled.get(0))
                .orTimeout(10, TimeUnit.SECONDS).join();
        assertThat(fixture.storeJournal.findUnsettled()).isEmpty();
        return settled.orElseThrow(() -> new AssertionError("not settled"));
    }

    @ParameterizedTest
    @EnumSource(value = Action.class, names = {"PAUSE", "RESUME", "START"})
    void anActionThatCanBeUndoneIsUndoneAndTheRowAndTrailSayItWasNotDone(Action action) {
        start();
        Instance instance = fixture.firstWithStatus("conn-lab", startingStatus(action));
        disk.refuseOutcomes(OperationState.SUCCEEDED);

        ActionResult result = fixture.perform(action, instance.key());

        Action undo = action.inverse().orElseThrow();
        assertThat(result.outcome()).isEqualTo(OperationState.COMPENSATED);
        assertThat(result.statusAfter()).isEqualTo(instance.status());
        assertThat(result.message()).isEqualTo(ActionRefusals.verb(action) + " of '" + instance.name() + "' was undone ("
                + ActionRefusals.verb(undo) + ") because it could not be recorded: " + DISK_FULL);
        assertThat(onHost(instance)).contains(instance.status());
        assertThat(known(instance)).contains(instance.status());
        assertThat(stored(instance)).contains(instance.status());
        assertThat(fixture.storeJournal.findUnsettled()).isEmpty();
        assertThat(auditFor(instance)).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(OperationState.COMPENSATED);
            assertThat(e.message()).isEqualTo(result.message());
        });
    }

    @ParameterizedTest
    @EnumSource(value = Action.class, names = {"STOP", "FORCE_STOP", "RESTART"})
    void anActionThatCannotBeUndoneShowsWhatTheHostDidAndIsRecordedOnceTheStoreTakesWrites(Action action) {
        start();
        Instance instance = fixture.firstWithStatus("conn-lab", startingStatus(action));
        InstanceStatus after = action.resultingStatus().orElseThrow();
        disk.refuseOutcomes(OperationState.SUCCEEDED);

        ActionResult result = fixture.perform(action, instance.key());

        assertThat(result.outcome()).isEqualTo(OperationState.FAILED);
        assertThat(result.statusAfter()).isEqualTo(after);
        assertThat(result.message()).isEqualTo(ActionRefusals.verb(action) + " of '" + instance.name()
                + "' happened on the host but could not be recorded (" + DISK_FULL
                + "); it will be recorded when the store is writable again");
        assertThat(onHost(instance)).contains(after);
        assertThat(known(instance)).as("the table shows what the host did").contains(after);
        assertThat(published.upserted(i -> i.key().equals(instance.key()) && i.status() == after)).isTrue();
        assertThat(fixture.storeJournal.findUnsettled()).hasSize(1);
        assertThat(auditFor(instance)).isEmpty();

        assertThat(storeWritableAgainAndSettled()).isEqualTo(OperationState.SUCCEEDED);

        assertThat(stored(instance)).contains(after);
        assertThat(known(instance)).contains(after);
        assertThat(fixture.stored(instance.key()).orElseThrow().statusReason())
                .isEqualTo(LifecycleService.reasonAfter(action));
        assertThat(auditFor(instance)).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(OperationState.SUCCEEDED);
            assertThat(e.action()).isEqualTo(action.key());
            assertThat(e.message()).isEqualTo("done on the host; recorded once the store took writes again");
        });
    }

    @Test
    void aDeletionThatCouldNotBeRecordedRemovesTheRowOnceTheStoreTakesWrites() {
        start();
        Instance instance = fixture.firstWithStatus("conn-lab", InstanceStatus.STOPPED);
        disk.refuseOutcomes(OperationState.SUCCEEDED);

        ActionResult result = fixture.perform(Action.DELETE, instance.key());

        assertThat(result.outcome()).isEqualTo(OperationState.FAILED);
        assertThat(result.statusAfter()).isNull();
        assertThat(result.message()).isEqualTo("delete of '" + instance.name()
                + "' happened on the host but could not be recorded (" + DISK_FULL
                + "); it will be recorded when the store is writable again");
        assertThat(onHost(instance)).isEmpty();
        assertThat(fixture.storeJournal.findUnsettled()).hasSize(1);

        assertThat(storeWritableAgainAndSettled()).isEqualTo(OperationState.SUCCEEDED);

        assertThat(known(instance)).isEmpty();
        assertThat(stored(instance)).isEmpty();
        assertThat(published.changes.stream().anyMatch(c -> c.removed().contains(instance.key()))).isTrue();
        assertThat(auditFor(instance)).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(OperationState.SUCCEEDED);
            assertThat(e.action()).isEqualTo("delete");
        });
    }

    @Test
    void whenTheUndoFailsTooTheResultSaysSoAndWhatTheHostDidIsRecordedLater() {
        start();
        Instance running = fixture.firstWithStatus("conn-lab", InstanceStatus.RUNNING);
        disk.refuseOutcomes(OperationState.SUCCEEDED);
        host.refuse(Action.RESUME, new UnavailableException("simulated host 'lab' dropped the connection (injected)"));

        ActionResult result = fixture.perform(Action.PAUSE, running.key());

        assertThat(result.outcome()).isEqualTo(OperationState.FAILED);
        assertThat(result.statusAfter()).isEqualTo(InstanceStatus.PAUSED);
        assertThat(result.message()).isEqualTo("pause of '" + running.name() + "' happened but could not be recorded ("
                + DISK_FULL + "), and undoing it failed: simulated host 'lab' dropped the connection (injected)."
                + " It will be settled from the host on the next start.");
        assertThat(onHost(running)).contains(InstanceStatus.PAUSED);
        assertThat(fixture.storeJournal.findUnsettled()).hasSize(1);
        assertThat(auditFor(running)).isEmpty();

        host.stopRefusing();
        assertThat(storeWritableAgainAndSettled()).isEqualTo(OperationState.SUCCEEDED);

        assertThat(stored(running)).contains(InstanceStatus.PAUSED);
        assertThat(known(running)).contains(InstanceStatus.PAUSED);
        assertThat(onHost(running)).as("settled from what the host confirmed, not undone").contains(InstanceStatus.PAUSED);
        assertThat(auditFor(running)).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(OperationState.SUCCEEDED);
            assertThat(e.message()).isEqualTo("done on the host; recorded once the store took writes again");
        });
    }

    @Test
    void whenTheUndoCannotBeRecordedEitherItIsSettledFromTheHostLater() {
        start();
        Instance running = fixture.firstWithStatus("conn-lab", InstanceStatus.RUNNING);
        disk.refuseOutcomes(OperationState.SUCCEEDED, OperationState.COMPENSATED);

        ActionResult result = fixture.perform(Action.PAUSE, running.key());

        assertThat(result.outcome()).isEqualTo(OperationState.COMPENSATED);
        assertThat(result.statusAfter()).isEqualTo(InstanceStatus.RUNNING);
        assertThat(result.message()).isEqualTo("pause of '" + running.name() + "' was undone (resume) because it could not"
                + " be recorded: " + DISK_FULL + " (the compensation will be recorded on the next start)");
        assertThat(onHost(running)).contains(InstanceStatus.RUNNING);
        assertThat(fixture.storeJournal.findUnsettled()).hasSize(1);

        assertThat(storeWritableAgainAndSettled()).isEqualTo(OperationState.FAILED);

        assertThat(stored(running)).contains(InstanceStatus.RUNNING);
        assertThat(auditFor(running)).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(OperationState.FAILED);
            assertThat(e.message()).isEqualTo("not done: after an interruption the host shows '" + running.name() + "' running");
        });
    }

    @Test
    void anOutcomeThatCannotBeRecordedSaysSoInTheResult() {
        start();
        Instance running = fixture.firstWithStatus("conn-lab", InstanceStatus.RUNNING);
        host.delegate().changeExternally(running.id(), InstanceStatus.STOPPED, "exited");
        disk.refuseOutcomes(OperationState.REJECTED);

        ActionResult result = fixture.perform(Action.PAUSE, running.key());

        assertThat(result.outcome()).isEqualTo(OperationState.REJECTED);
        assertThat(result.message()).endsWith(" (not recorded: " + DISK_FULL + ")");
        assertThat(onHost(running)).contains(InstanceStatus.STOPPED);
    }
}
