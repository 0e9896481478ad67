package io.instanceconsole.store;

import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.AuditEvent;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.Operation;
import io.instanceconsole.domain.OperationState;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@link Journal} on the H2 store. Thread-safe. */
public final class StoreJournal implements Journal {
    private final Database database;

    public StoreJournal(Database database) {
        this.database = database;
    }

    @Override
    public void recordPending(Operation op) {
        database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO operation(id, connection_id, instance_id, "
                    + "instance_name, action, state, requested_at, finished_at, message, user_name, owner) VALUES (?,?,?,?,?,?,?,?,?,?,?)")) {
                s.setString(1, op.id());
                s.setString(2, op.target().connectionId());
                s.setString(3, op.target().instanceId());
                s.setString(4, op.instanceName());
                s.setString(5, op.action().name());
                s.setString(6, op.state().name());
                Sql.setInstant(s, 7, op.requestedAt());
                Sql.setInstant(s, 8, op.finishedAt());
                s.setString(9, op.message());
                s.setString(10, op.user());
                s.setString(11, op.owner());
                return s.executeUpdate();
            }
        });
    }

    @Override
    public boolean recordOutcome(Outcome outcome) {
        return database.inTransaction(c -> {
            Operation op = outcome.operation();
            try (PreparedStatement s = c.prepareStatement("UPDATE operation SET state = ?, finished_at = ?, message = ? "
                    + "WHERE id = ? AND state IN ('PENDING', 'UNKNOWN')")) {
                s.setString(1, op.state().name());
                Sql.setInstant(s, 2, op.finishedAt());
                s.setString(3, Sql.message(op.message()));
                s.setString(4, op.id());
                if (s.executeUpdate() != 1) {
                    return false; // settled already (by a racing settler), or not in the journal: write nothing
                }
            }
            if (outcome.observed() != null) {
                InstanceRepository.upsert(c, outcome.observed());
            }
            if (outcome.removed() != null) {
                InstanceRepository.delete(c, outcome.removed());
            }
            if (outcome.audit() != null) {
                AuditRows.insert(c, outcome.audit());
            }
            return true;
        });
    }

    @Override
    public List<Operation> findUnsettled() {
        return database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT * FROM operation WHERE state IN ('PENDING', 'UNKNOWN') ORDER BY requested_at");
                 ResultSet rs = s.executeQuery()) {
                List<Operation> result = new ArrayList<>();
                while (rs.next()) {
                    result.add(new Operation(rs.getString("id"),
                            new InstanceKey(rs.getString("connection_id"), rs.getString("instance_id")),
                            rs.getString("instance_name"), Action.valueOf(rs.getString("action")),
                            OperationState.valueOf(rs.getString("state")), Sql.getInstant(rs, "requested_at"),
                            Sql.getInstant(rs, "finished_at"), rs.getString("message"), rs.getString("user_name"),
                            rs.getString("owner")));
                }
                return result;
            }
        });
    }

    @Override
    public void appendAudit(AuditEvent event) {
        database.inTransaction(c -> {
            AuditRows.insert(c, event);
            return null;
        });
    }

    @Override
    public List<AuditEvent> recentAudit(int limit) {
        return queryAudit("SELECT * FROM audit_event ORDER BY seq DESC LIMIT ?", null, limit);
    }

    @Override
    public List<AuditEvent> auditSince(Instant since, int limit) {
        return queryAudit("SELECT * FROM audit_event WHERE occurred_at >= ? ORDER BY seq LIMIT ?", since, limit);
    }

    /** Audit events appended after {@code seq} (by any process on this store), oldest first. */
    public List<AuditEvent> auditAfter(long seq, int limit) {
        return queryAudit("SELECT * FROM audit_event WHERE seq > ? ORDER BY seq LIMIT ?", seq, limit);
    }

    private List<AuditEvent> queryAudit(String sql, Object bound, int limit) {
        return database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                int index = 1;
                if (bound instanceof Instant since) {
                    Sql.setInstant(s, index++, since);
                } else if (bound instanceof Long seq) {
                    s.setLong(index++, seq);
                }
                s.setInt(index, limit);
                try (ResultSet rs = s.executeQuery()) {
                    List<AuditEvent> result = new ArrayList<>();
                    while (rs.next()) {
                        result.add(new AuditEvent(rs.getLong("seq"), Sql.getInstant(rs, "occurred_at"),
                                rs.getString("connection_id"), rs.getString("connection_name"),
                                rs.getString("instance_id"), rs.getString("instance_name"), rs.getString("action"),
                                OperationState.valueOf(rs.getString("outcome")), rs.getString("message"),
                                rs.getString("user_name"), rs.getString("operation_id")));
                    }
                    return result;
                }
            }
        });
    }
}
