package io.instanceconsole.store;

import io.instanceconsole.domain.AuditEvent;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Configured connections. Thread-safe. */
public final class ConnectionRepository {
    private final Database database;

    public ConnectionRepository(Database database) {
        this.database = database;
    }

    public List<Connection> findAll() {
        return database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT * FROM connection ORDER BY name");
                 ResultSet rs = s.executeQuery()) {
                List<Connection> result = new ArrayList<>();
                while (rs.next()) {
                    result.add(read(rs));
                }
                return result;
            }
        });
    }

    public Optional<Connection> findByName(String name) {
        return findAll().stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** Adds a connection; a duplicate name is refused with a message naming it. */
    public void add(Connection connection) {
        add(connection, null);
    }

    /** Adds a connection and, in the same transaction, the audit event that records it (null: none). */
    public void add(Connection connection, AuditEvent change) {
        if (findByName(connection.name()).isPresent()) {
            throw new StoreException("a connection named '" + connection.name() + "' already exists");
        }
        database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO connection(id, name, kind, uri, tls_dir, read_only, enabled, created_at) VALUES (?,?,?,?,?,?,?,?)")) {
                s.setString(1, connection.id());
                setSettings(s, 2, connection);
                Sql.setInstant(s, 8, Instant.now());
                s.executeUpdate();
            }
            record(c, change);
            return null;
        });
    }

    /** Replaces a connection's settings (same id); a name taken by another connection is refused. */
    public void update(Connection connection) {
        update(connection, null);
    }

    /** Replaces a connection's settings and, in the same transaction, records the change (null: no audit event). */
    public void update(Connection connection, AuditEvent change) {
        findByName(connection.name()).filter(other -> !other.id().equals(connection.id())).ifPresent(other -> {
            throw new StoreException("a connection named '" + connection.name() + "' already exists");
        });
        database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE connection SET name = ?, kind = ?, uri = ?, tls_dir = ?, read_only = ?, enabled = ? WHERE id = ?")) {
                setSettings(s, 1, connection);
                s.setString(7, connection.id());
                if (s.executeUpdate() != 1) {
                    throw new SQLException("connection '" + connection.name() + "' no longer exists");
                }
            }
            record(c, change);
            return null;
        });
    }

    /** Removes a connection and its cached instances; its operations and audit events stay. */
    public boolean remove(String id) {
        return remove(id, null);
    }

    /**
     * Removes a connection and its cached instances and records it in the same transaction (null: no audit event);
     * nothing is recorded when there was no such connection.
     */
    public boolean remove(String id, AuditEvent change) {
        return database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM connection WHERE id = ?")) {
                s.setString(1, id);
                if (s.executeUpdate() == 0) {
                    return false;
                }
            }
            record(c, change);
            return true;
        });
    }

    /** Records a change to a connection that leaves its row as it is (a host key trusted for it). */
    public void recordChange(AuditEvent change) {
        database.inTransaction(c -> {
            AuditRows.insert(c, change);
            return null;
        });
    }

    private static void record(java.sql.Connection c, AuditEvent change) throws SQLException {
        if (change != null) {
            AuditRows.insert(c, change);
        }
    }

    /** Sets name, kind, uri, tls_dir, read_only and enabled, in that order, from parameter {@code first} on. */
    private static void setSettings(PreparedStatement s, int first, Connection connection) throws SQLException {
        s.setString(first, connection.name());
        s.setString(first + 1, connection.kind().key());
        s.setString(first + 2, connection.uri());
        s.setString(first + 3, connection.tlsDir());
        s.setBoolean(first + 4, connection.readOnly());
        s.setBoolean(first + 5, connection.enabled());
    }

    private static Connection read(ResultSet rs) throws SQLException {
        return new Connection(rs.getString("id"), rs.getString("name"), BackendKind.fromKey(rs.getString("kind")),
                rs.getString("uri"), rs.getString("tls_dir"), rs.getBoolean("read_only"), rs.getBoolean("enabled"));
    }
}
