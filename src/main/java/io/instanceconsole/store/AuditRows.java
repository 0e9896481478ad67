package io.instanceconsole.store;

import io.instanceconsole.domain.AuditEvent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Writes audit events inside a caller's transaction, so that they commit with what they record. */
final class AuditRows {
    private AuditRows() {
    }

    static void insert(Connection c, AuditEvent e) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO audit_event(occurred_at, connection_id, connection_name, "
                + "instance_id, instance_name, action, outcome, message, user_name, operation_id) VALUES (?,?,?,?,?,?,?,?,?,?)")) {
            Sql.setInstant(s, 1, e.time());
            s.setString(2, e.connectionId());
            s.setString(3, e.connectionName());
            s.setString(4, e.instanceId());
            s.setString(5, e.instanceName());
            s.setString(6, e.action());
            s.setString(7, e.outcome().name());
            s.setString(8, Sql.message(e.message()));
            s.setString(9, e.user());
            s.setString(10, e.operationId());
            s.executeUpdate();
        }
    }
}
