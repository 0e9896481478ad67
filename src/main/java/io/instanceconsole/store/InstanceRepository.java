package io.instanceconsole.store;

import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.InstanceStatus;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Last-known snapshot of every instance: what the table paints before any host answers. Thread-safe. */
public final class InstanceRepository {
    private static final String MERGE = "MERGE INTO instance(connection_id, instance_id, name, kind, image, status, "
            + "status_reason, created_at, last_seen, location) KEY(connection_id, instance_id) VALUES (?,?,?,?,?,?,?,?,?,?)";

    private final Database database;

    public InstanceRepository(Database database) {
        this.database = database;
    }

    public List<Instance> findAll() {
        return database.inTransaction(c -> query(c, "SELECT * FROM instance ORDER BY connection_id, name", null));
    }

    public List<Instance> findByConnection(String connectionId) {
        return database.inTransaction(c -> query(c, "SELECT * FROM instance WHERE connection_id = ? ORDER BY name", connectionId));
    }

    public Optional<Instance> find(InstanceKey key) {
        return database.inTransaction(c -> find(c, key));
    }

    /**
     * Writes what a resync found different, in one transaction: changed or new rows, and rows that vanished. A resync
     * of 10,000 instances where one changed writes one row, not 10,000.
     */
    public void apply(Collection<Instance> changed, Collection<InstanceKey> removed) {
        database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement(MERGE)) {
                for (Instance instance : changed) {
                    bind(s, instance);
                    s.addBatch();
                }
                s.executeBatch();
            }
            for (InstanceKey key : removed) {
                delete(c, key);
            }
            return null;
        });
    }

    public void upsert(Instance instance) {
        database.inTransaction(c -> {
            upsert(c, instance);
            return null;
        });
    }

    public void delete(InstanceKey key) {
        database.inTransaction(c -> {
            delete(c, key);
            return null;
        });
    }

    static void upsert(Connection c, Instance instance) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(MERGE)) {
            bind(s, instance);
            s.executeUpdate();
        }
    }

    static void delete(Connection c, InstanceKey key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM instance WHERE connection_id = ? AND instance_id = ?")) {
            s.setString(1, key.connectionId());
            s.setString(2, key.instanceId());
            s.executeUpdate();
        }
    }

    static Optional<Instance> find(Connection c, InstanceKey key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT * FROM instance WHERE connection_id = ? AND instance_id = ?")) {
            s.setString(1, key.connectionId());
            s.setString(2, key.instanceId());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    private static List<Instance> query(Connection c, String sql, String parameter) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            if (parameter != null) {
                s.setString(1, parameter);
            }
            try (ResultSet rs = s.executeQuery()) {
                List<Instance> result = new ArrayList<>();
                while (rs.next()) {
                    result.add(read(rs));
                }
                return result;
            }
        }
    }

    private static void bind(PreparedStatement s, Instance instance) throws SQLException {
        s.setString(1, instance.connectionId());
        s.setString(2, instance.id());
        s.setString(3, instance.name());
        s.setString(4, instance.kind().key());
        s.setString(5, instance.image());
        s.setString(6, instance.status().name());
        s.setString(7, instance.statusReason());
        Sql.setInstant(s, 8, instance.created());
        Sql.setInstant(s, 9, instance.lastSeen());
        s.setString(10, instance.location());
    }

    private static Instance read(ResultSet rs) throws SQLException {
        return new Instance(new InstanceKey(rs.getString("connection_id"), rs.getString("instance_id")),
                rs.getString("name"), BackendKind.fromKey(rs.getString("kind")), rs.getString("image"),
                InstanceStatus.valueOf(rs.getString("status")), rs.getString("status_reason"),
                Sql.getInstant(rs, "created_at"), Sql.getInstant(rs, "last_seen"), rs.getString("location"));
    }
}
