package io.instanceconsole.service;

import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.AuditEvent;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.domain.Operation;
import io.instanceconsole.domain.OperationState;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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

    @AutoClose
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

    /**
     * An operation left behind on an instance of status {@code from}, what the host did meanwhile ({@code doneOnHost},
     * null: nothing), and how the settler records it: the outcome, the audit message (with the instance's name for
     * {@code %s}), and the status the row then has (null: the row goes).
     */
    record Interrupted(String what, InstanceStatus from, Action action, String auditAction, Action doneOnHost,
                       OperationState settled, String message, InstanceStatus after) {
        @Override
        public String toString() {
            return what;
        }
    }

    static List<Interrupted> interrupted() {
        return List.of(
                new Interrupted("a pause the host shows done is settled as succeeded, saying how",
                        InstanceStatus.RUNNING, Action.PAUSE, "pause", Action.PAUSE, OperationState.SUCCEEDED,
                        "settled from the host after an interruption: '%s' is paused", InstanceStatus.PAUSED),
                new Interrupted("a stop the host does not show done is settled as not done",
                        InstanceStatus.RUNNING, Action.STOP, "stop", null, OperationState.FAILED,
                        "not done: after an interruption the host shows '%s' running", InstanceStatus.RUNNING),
                new Interrupted("a restart is never claimed done",
                        InstanceStatus.RUNNING, Action.RESTART, "restart", null, OperationState.FAILED,
                        "restart of '%s' could not be confirmed after an interruption: the host shows it running",
                        InstanceStatus.RUNNING),
                new Interrupted("a deletion the host shows done removes the row",
                        InstanceStatus.STOPPED, Action.DELETE, "delete", Action.DELETE, OperationState.SUCCEEDED,
                        "settled from the host after an interruption: '%s' is gone", null),
                new Interrupted("a start of an instance that is gone is not done and the row goes",
                        InstanceStatus.STOPPED, Action.START, "start", Action.DELETE, OperationState.FAILED,
                        "not done: after an interruption the host shows '%s' gone", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("interrupted")
    void anInterruptedOperationIsSettledFromWhatTheHostShows(Interrupted c) {
        Instance instance = fixture.firstWithStatus(lab.id(), c.from());
        Operation operation = leftBehind(c.action(), instance);
        if (c.doneOnHost() != null) {
            host.delegate().perform(c.doneOnHost(), instance.id());
        }

        assertThat(settle(operation)).contains(c.settled());

        AuditEvent audit = auditOf(operation);
        assertThat(audit.outcome()).isEqualTo(c.settled());
        assertThat(audit.message()).isEqualTo(c.message().formatted(instance.name()));
        assertThat(audit.action()).isEqualTo(c.auditAction());
        assertThat(audit.user()).isEqualTo("someone");
        assertThat(audit.connectionName()).isEqualTo("lab");
        assertThat(known(instance)).isEqualTo(Optional.ofNullable(c.after()));
        assertThat(stored(instance)).isEqualTo(Optional.ofNullable(c.after()));
        assertThat(fixture.storeJournal.findUnsettled()).isEmpty();
        if (c.after() == null) {
            assertThat(publishedRemoval(instance.key())).isTrue();
        }
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
