package io.instanceconsole.store;

import io.instanceconsole.domain.AuditEvent;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.Operation;

import java.time.Instant;
import java.util.List;

/**
 * The durable record of actions: operations (the journal) and audit events. Implementations are thread-safe and
 * every method is one transaction: when it returns, what it wrote is committed.
 */
public interface Journal {

    /** Records an operation as {@code PENDING} before its backend is called. */
    void recordPending(Operation operation);

    /**
     * Settles an operation: its new state, the instance's new snapshot (or its removal) and the audit event are
     * committed together or not at all. Only an operation still PENDING or UNKNOWN can be settled, so two settlers
     * racing for one operation write it once.
     *
     * @return false, with nothing written, when the operation was already settled
     */
    boolean recordOutcome(Outcome outcome);

    /** Operations still {@code PENDING} or {@code UNKNOWN}, oldest first. */
    List<Operation> findUnsettled();

    /** Appends an audit event that settles no operation (an observed external change, a refusal). */
    void appendAudit(AuditEvent event);

    /** The newest audit events first. */
    List<AuditEvent> recentAudit(int limit);

    /** Audit events at or after {@code since}, oldest first, at most {@code limit}. */
    List<AuditEvent> auditSince(Instant since, int limit);

    /**
     * What one settlement writes.
     *
     * @param operation the operation with its final (or UNKNOWN) state
     * @param observed  the instance's new snapshot, or null to leave it as it is
     * @param removed   the instance that no longer exists, or null
     * @param audit     the audit event, or null when nothing happened on a host
     */
    record Outcome(Operation operation, Instance observed, InstanceKey removed, AuditEvent audit) {
    }
}
