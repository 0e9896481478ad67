package io.instanceconsole.service;

import io.instanceconsole.domain.AuditEvent;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.Operation;
import io.instanceconsole.domain.OperationState;
import io.instanceconsole.store.Journal;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * Writes one operation's settlement (operation state + instance change + audit event, in one transaction), then
 * mirrors it in memory and tells the listeners. The single way outcomes are recorded. Thread-safe.
 */
public final class Settlement {
    private final Journal journal;
    private final KnownInstances known;
    private final ConnectionRegistry registry;
    private final Clock clock;
    private final Map<String, Confirmed> confirmedButUnrecorded = new ConcurrentHashMap<>();

    /** Whether the instance exists after the operation. */
    enum Presence {
        KEPT, REMOVED;

        static Presence removedIf(boolean removed) {
            return removed ? REMOVED : KEPT;
        }
    }

    /** Whether the outcome gets its audit event now: everything settled does; UNKNOWN waits for its settlement. */
    enum Audit {
        NOW, WHEN_SETTLED
    }

    /** A change the host confirmed whose record could not be written yet. */
    record Confirmed(Instance after, Presence presence) {
    }

    public Settlement(Journal journal, KnownInstances known, ConnectionRegistry registry, Clock clock) {
        this.journal = requireNonNull(journal, "journal was not specified");
        this.known = requireNonNull(known, "known was not specified");
        this.registry = requireNonNull(registry, "registry was not specified");
        this.clock = requireNonNull(clock, "clock was not specified");
    }

    /**
     * Records the outcome; throws the store's exception when the transaction fails, with nothing written.
     *
     * @param observed the instance's snapshot after the operation, or null when unchanged
     */
    void record(Operation pending, OperationState state, String message, Instance observed, Presence presence,
                Audit audit) {
        Operation settled = pending.finish(state, message, clock.instant());
        boolean removed = presence == Presence.REMOVED;
        InstanceKey removedKey = removed ? pending.target() : null;
        AuditEvent event = audit == Audit.NOW ? auditOf(settled) : null;
        if (!journal.recordOutcome(new Journal.Outcome(settled, observed, removedKey, event))) {
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
    void rememberConfirmed(Operation operation, Instance after, Presence presence) {
        confirmedButUnrecorded.put(operation.id(), new Confirmed(after, presence));
    }

    /** What is known of an operation the host confirmed but the store did not record, if anything. */
    Optional<Confirmed> confirmed(String operationId) {
        return Optional.ofNullable(confirmedButUnrecorded.get(operationId));
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
