package io.instanceconsole.service;

import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.AuditEvent;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.domain.Operation;
import io.instanceconsole.domain.OperationState;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Outcomes reach the table, the store and the trail by themselves, on a host whose events never arrive: an action's
 * result, a deletion, a resync after a lost event, and the settling of operations whose outcome was not known.
 */
class SettlementTest {
    @TempDir
    Path dataDir;

    private ServiceFixture fixture;
    private SilentHost host;
    private ManagedConnection lab;
    private ServiceFixture.Published published;

    @BeforeEach
    void silentHost() {
        fixture = new ServiceFixture(dataDir);
        host = new SilentHost(ServiceFixture.simulator("lab", 20));
        lab = fixture.connect("lab", host, ServiceFixture.testSettings(), false);
        published = fixture.record();
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private List<AuditEvent> auditFor(Instance instance) {
        return fixture.storeJournal.recentAudit(1000).stream().filter(e -> e.instanceId().equals(instance.id())).toList();
    }

    private Optional<InstanceStatus> known(Instance instance) {
        return fixture.known.find(instance.key()).map(Instance::status);
    }

    private Optional<InstanceStatus> stored(Instance instance) {
        return fixture.stored(instance.key()).map(Instance::status);
    }

    private boolean publishedRemoval(InstanceKey key) {
        return published.changes.stream().anyMatch(c -> c.removed().contains(key));
    }

    @Test
    void anActionsResultReachesTheTableWithoutAnEventFromTheHost() {
        Instance running = fixture.firstWithStatus(lab.id(), InstanceStatus.RUNNING);

        ActionResult result = fixture.perform(Action.PAUSE, running.key());

        assertThat(result.outcome()).isEqualTo(OperationState.SUCCEEDED);
        assertThat(published.upserted(i -> i.key().equals(running.key()) && i.status() == InstanceStatus.PAUSED
                && i.statusReason().equals("user"))).isTrue();
        assertThat(known(running)).contains(InstanceStatus.PAUSED);
        assertThat(stored(running)).contains(InstanceStatus.PAUSED);
        assertThat(auditFor(running)).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(OperationState.SUCCEEDED);
            assertThat(e.connectionName()).isEqualTo("lab");
            assertThat(e.instanceName()).isEqualTo(running.name());
            assertThat(e.message()).isEmpty();
        });
    }

    @Test
    void aDeletionRemovesTheRowFromTheTableTheStoreAndTheKnownStateAndIsAudited() {
        Instance stopped = fixture.firstWithStatus(lab.id(), InstanceStatus.STOPPED);

        ActionResult result = fixture.perform(Action.DELETE, stopped.key());

        assertThat(result.outcome()).isEqualTo(OperationState.SUCCEEDED);
        assertThat(result.statusAfter()).isNull();
        assertThat(host.delegate().statusOnHost(stopped.id())).isEmpty();
        assertThat(publishedRemoval(stopped.key())).isTrue();
        assertThat(known(stopped)).isEmpty();
        assertThat(stored(stopped)).isEmpty();
        assertThat(auditFor(stopped)).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("delete");
            assertThat(e.outcome()).isEqualTo(OperationState.SUCCEEDED);
        });
        assertThat(fixture.storeJournal.findUnsettled()).isEmpty();
    }

    @Test
    void aConflictShowsTheStatusTheHostReallyHas() {
        Instance running = fixture.firstWithStatus(lab.id(), InstanceStatus.RUNNING);
        host.delegate().changeExternally(running.id(), InstanceStatus.STOPPED, "exited");

        ActionResult result = fixture.perform(Action.PAUSE, running.key());

        assertThat(result.outcome()).isEqualTo(OperationState.REJECTED);
        assertThat(result.statusAfter()).isEqualTo(InstanceStatus.STOPPED);
        assertThat(published.upserted(i -> i.key().equals(running.key()) && i.status() == InstanceStatus.STOPPED)).isTrue();
        assertThat(known(running)).contains(InstanceStatus.STOPPED);
        assertThat(stored(running)).contains(InstanceStatus.STOPPED);
    }

    @Test
    void aResyncRepairsAChangeWhoseEventWasLost() throws Exception {
        Instance running = fixture.firstWithStatus(lab.id(), InstanceStatus.RUNNING);
        Instance paused = fixture.firstWithStatus(lab.id(), InstanceStatus.PAUSED);
        host.delegate().changeExternally(running.id(), InstanceStatus.STOPPED, "exited");
        host.delegate().changeExternally(paused.id(), InstanceStatus.RUNNING, "");
        assertThat(known(running)).contains(InstanceStatus.RUNNING);

        fixture.reconciler.resync(lab).get(10, TimeUnit.SECONDS);

        assertThat(known(running)).contains(InstanceStatus.STOPPED);
        assertThat(stored(running)).contains(InstanceStatus.STOPPED);
        assertThat(known(paused)).contains(InstanceStatus.RUNNING);
        assertThat(stored(paused)).contains(InstanceStatus.RUNNING);
        assertThat(published.upserted(i -> i.key().equals(running.key()) && i.status() == InstanceStatus.STOPPED)).isTrue();
        assertThat(published.upserted(i -> i.key().equals(paused.key()) && i.status() == InstanceStatus.RUNNING)).isTrue();
    }

    @Test
    void aResyncAfterAnActionRepairsALaterLostChangeOfTheSameInstance() throws Exception {
        Instance running = fixture.firstWithStatus(lab.id(), InstanceStatus.RUNNING);
        assertThat(fixture.perform(Action.PAUSE, running.key()).outcome()).isEqualTo(OperationState.SUCCEEDED);
        host.delegate().changeExternally(running.id(), InstanceStatus.RUNNING, "");

        fixture.reconciler.resync(lab).get(10, TimeUnit.SECONDS);

        assertThat(known(running)).contains(InstanceStatus.RUNNING);
        assertThat(stored(running)).contains(InstanceStatus.RUNNING);
    }

    @Test
    void aResyncRemovesAnInstanceThatWentAwayWithoutAnEvent() throws Exception {
        Instance stopped = fixture.firstWithStatus(lab.id(), InstanceStatus.STOPPED);
        host.delegate().perform(Action.DELETE, stopped.id()); // by someone else; the console hears nothing

        fixture.reconciler.resync(lab).get(10, TimeUnit.SECONDS);

        assertThat(known(stopped)).isEmpty();
        assertThat(stored(stopped)).isEmpty();
        assertThat(publishedRemoval(stopped.key())).isTrue();
    }

    /** An operation a console journaled and never finished (it crashed, or the outcome was not known). */
    private Operation leftBehind(Action action, Instance instance) {
        Operation pending = new Operation(UUID.randomUUID().toString(), instance.key(), instance.name(), action,
                OperationState.PENDING, Instant.now(), null, "", "someone", "");
        fixture.storeJournal.recordPending(pending);
        return pending;
    }

    private Optional<OperationState> settle(Operation operation) {
        return fixture.lifecycle.settler().settle(operation).orTimeout(10, TimeUnit.SECONDS).join();
    }

    private AuditEvent auditOf(Operation operation) {
        return fixture.storeJournal.recentAudit(1000).stream().filter(e -> e.operationId().equals(operation.id()))
                .findFirst().orElseThrow(() -> new AssertionError("no audit event for " + operation));
    }

    @Test
    void anInterruptedActionTheHostShowsDoneIsSettledAsSucceededSayingHow() {
        Instance running = fixture.firstWithStatus(lab.id(), InstanceStatus.RUNNING);
        Operation pause = leftBehind(Action.PAUSE, running);
        host.delegate().perform(Action.PAUSE, running.id());

        assertThat(settle(pause)).contains(OperationState.SUCCEEDED);

        AuditEvent audit = auditOf(pause);
        assertThat(audit.outcome()).isEqualTo(OperationState.SUCCEEDED);
        assertThat(audit.message()).isEqualTo("settled from the host after an interruption: '" + running.name() + "' is paused");
        assertThat(audit.action()).isEqualTo("pause");
        assertThat(audit.user()).isEqualTo("someone");
        assertThat(audit.connectionName()).isEqualTo("lab");
        assertThat(stored(running)).contains(InstanceStatus.PAUSED);
        assertThat(known(running)).contains(InstanceStatus.PAUSED);
        assertThat(fixture.storeJournal.findUnsettled()).isEmpty();
    }

    @Test
    void anInterruptedActionTheHostDoesNotShowDoneIsSettledAsNotDone() {
        Instance running = fixture.firstWithStatus(lab.id(), InstanceStatus.RUNNING);
        Operation stop = leftBehind(Action.STOP, running);

        assertThat(settle(stop)).contains(OperationState.FAILED);

        AuditEvent audit = auditOf(stop);
        assertThat(audit.outcome()).isEqualTo(OperationState.FAILED);
        assertThat(audit.message()).isEqualTo("not done: after an interruption the host shows '" + running.name() + "' running");
        assertThat(stored(running)).contains(InstanceStatus.RUNNING);
        assertThat(fixture.storeJournal.findUnsettled()).isEmpty();
    }

    @Test
    void anInterruptedRestartIsNeverClaimedDone() {
        Instance running = fixture.firstWithStatus(lab.id(), InstanceStatus.RUNNING);
        Operation restart = leftBehind(Action.RESTART, running);

        assertThat(settle(restart)).contains(OperationState.FAILED);

        assertThat(auditOf(restart).message()).isEqualTo("restart of '" + running.name()
                + "' could not be confirmed after an interruption: the host shows it running");
        assertThat(auditOf(restart).outcome()).isEqualTo(OperationState.FAILED);
        assertThat(known(running)).contains(InstanceStatus.RUNNING);
    }

    @Test
    void anInterruptedDeletionTheHostShowsDoneRemovesTheRow() {
        Instance stopped = fixture.firstWithStatus(lab.id(), InstanceStatus.STOPPED);
        Operation delete = leftBehind(Action.DELETE, stopped);
        host.delegate().perform(Action.DELETE, stopped.id());

        assertThat(settle(delete)).contains(OperationState.SUCCEEDED);

        assertThat(auditOf(delete).message()).isEqualTo("settled from the host after an interruption: '" + stopped.name() + "' is gone");
        assertThat(known(stopped)).isEmpty();
        assertThat(stored(stopped)).isEmpty();
        assertThat(publishedRemoval(stopped.key())).isTrue();
    }

    @Test
    void anInterruptedActionOnAnInstanceThatIsGoneIsNotDoneAndTheRowGoes() {
        Instance stopped = fixture.firstWithStatus(lab.id(), InstanceStatus.STOPPED);
        Operation start = leftBehind(Action.START, stopped);
        host.delegate().perform(Action.DELETE, stopped.id());

        assertThat(settle(start)).contains(OperationState.FAILED);

        assertThat(auditOf(start).message()).isEqualTo("not done: after an interruption the host shows '" + stopped.name() + "' gone");
        assertThat(known(stopped)).isEmpty();
        assertThat(stored(stopped)).isEmpty();
    }

    @Test
    void anOperationWhoseHostCannotBeAskedStaysUnsettled() {
        Instance running = fixture.firstWithStatus(lab.id(), InstanceStatus.RUNNING);
        Operation pause = leftBehind(Action.PAUSE, running);
        host.delegate().faults().failNext(1);

        assertThat(settle(pause)).isEmpty();

        assertThat(fixture.storeJournal.findUnsettled()).extracting(Operation::id).containsExactly(pause.id());
        assertThat(auditFor(running)).isEmpty();
    }

    @Test
    void anOperationOfAConnectionThatIsNotOpenStaysUnsettled() {
        Instance running = fixture.firstWithStatus(lab.id(), InstanceStatus.RUNNING);
        Operation pause = leftBehind(Action.PAUSE, running);
        fixture.reconciler.disconnect(lab.id());
        fixture.registry.unregister(lab.id());

        assertThat(settle(pause)).isEmpty();

        assertThat(fixture.storeJournal.findUnsettled()).extracting(Operation::id).containsExactly(pause.id());
        assertThat(auditFor(running)).isEmpty();
    }
}
