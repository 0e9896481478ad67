package io.instanceconsole.testing;

import io.instanceconsole.domain.AuditEvent;
import io.instanceconsole.domain.Operation;
import io.instanceconsole.store.Journal;

import java.time.Instant;
import java.util.List;

/** A real journal with one step to override: for tests that inject commit failures or slow commits. */
public abstract class DelegatingJournal implements Journal {
    private final Journal real;

    protected DelegatingJournal(Journal real) {
        this.real = real;
    }

    @Override
    public void recordPending(Operation operation) {
        real.recordPending(operation);
    }

    @Override
    public boolean recordOutcome(Outcome outcome) {
        return real.recordOutcome(outcome);
    }

    @Override
    public List<Operation> findUnsettled() {
        return real.findUnsettled();
    }

    @Override
    public void appendAudit(AuditEvent event) {
        real.appendAudit(event);
    }

    @Override
    public List<AuditEvent> recentAudit(int limit) {
        return real.recentAudit(limit);
    }

    @Override
    public List<AuditEvent> auditSince(Instant since, int limit) {
        return real.auditSince(since, limit);
    }
}
