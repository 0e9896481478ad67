package io.instanceconsole.service;

import io.instanceconsole.domain.AuditEvent;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.Operation;
import io.instanceconsole.domain.OperationState;
import io.instanceconsole.store.Journal;

import java.time.Clock;
import java.util.List;

/**
 * Writes one operation's settlement (operation state + instance change + audit event, in one transaction), then
 * mirrors it in memory and tells the listeners. The single way outcomes are recorded. Thread-safe.
 */
final class Settlement {
    private final Journal journal;
    private final KnownInstances known;
    private final ConnectionRegistry registry;
    private final Clock clock;
    private final java.util.Map<String, Confirmed> confirmedButUnrecorded = new java.util.concurrent.ConcurrentHashMap<>();

    /** A change the host confirmed whose record could not be written yet. */
    record Confirmed(Instance after, boolean removed) {
    }

    Settlement(Journal journal, KnownInstances known, ConnectionRegistry registry, Clock clock) {
        this.journal = journal;
        this.known = known;
        this.registry = registry;
        this.clock = clock;
    }

    /**
     * Records the outcome; throws the store's exception when the transaction fails, with nothing written.
     *
     * @param observed the instance's snapshot after the operation, or null when unchanged
     * @param removed  true when the instance no longer exists
     * @param audited  whether this outcome gets an audit event (everything settled does; UNKNOWN does not yet)
     */
    void record(Operation pending, OperationState state, String message, Instance observed, boolean removed,
                boolean audited) {
        Operation settled = pending.finish(state, message, clock.instant());
        InstanceKey removedKey = removed ? pending.target() : null;
        AuditEvent audit = audited ? auditOf(settled) : null;
        if (!journal.recordOutcome(new Journal.Outcome(settled, observed, removedKey, audit))) {
            return; // another settler got there first; it wrote the record and told the listeners
        }
        if (observed != null) {
            publish(new InstanceChanges(List.of(observed), List.of()), observed);
        }
        if (removed) {
            known.remove(removedKey);
            registry.publishChanges(InstanceChanges.removal(removedKey));
        }
    }

    /**
     * Remembers, for as long as the process lives, that the host confirmed this operation although its record
     * could not be written: the next settlement records what is known instead of guessing from the host's state.
     */
    void rememberConfirmed(Operation operation, Instance after, boolean removed) {
        confirmedButUnrecorded.put(operation.id(), new Confirmed(after, removed));
    }

    /** What is known of an operation the host confirmed but the store did not record, if anything. */
    java.util.Optional<Confirmed> confirmed(String operationId) {
        return java.util.Optional.ofNullable(confirmedButUnrecorded.get(operationId));
    }

    void forget(String operationId) {
        confirmedButUnrecorded.remove(operationId);
    }

    private void publish(InstanceChanges changes, Instance observed) {
        known.put(observed);
        registry.publishChanges(changes);
    }

    private AuditEvent auditOf(Operation op) {
        String connectionName = registry.find(op.target().connectionId()).map(ManagedConnection::name)
                .orElse(op.target().connectionId());
        return new AuditEvent(0, clock.instant(), op.target().connectionId(), connectionName, op.target().instanceId(),
                op.instanceName(), op.action().key(), op.state(), op.message(), op.user(), op.id());
    }
}
