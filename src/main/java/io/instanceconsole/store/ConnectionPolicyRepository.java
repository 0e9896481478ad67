package io.instanceconsole.store;

import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.ConnectionPolicy;
import io.instanceconsole.domain.ResilienceSettings;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Optional;

/** Each connection's colour and resilience limits; a connection without a row uses the defaults. Thread-safe. */
public final class ConnectionPolicyRepository {
    private final Database database;

    public ConnectionPolicyRepository(Database database) {
        this.database = database;
    }

    public Optional<ConnectionPolicy> find(String connectionId) {
        return database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT * FROM connection_policy WHERE connection_id = ?")) {
                s.setString(1, connectionId);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    ResilienceSettings settings = ResilienceSettings.defaults()
                            .withCallTimeout(Duration.ofMillis(rs.getLong("call_timeout_ms")))
                            .withBreaker(rs.getInt("failure_threshold"), Duration.ofMillis(rs.getLong("breaker_delay_ms")))
                            .withBulkhead(rs.getInt("max_concurrent_calls"), ResilienceSettings.defaults().maxQueueWait());
                    return Optional.of(new ConnectionPolicy(rs.getString("colour"), settings));
                }
            }
        });
    }

    /** The connection's saved policy, or the defaults of its kind. */
    public ConnectionPolicy findOrDefault(Connection connection) {
        return find(connection.id()).orElse(ConnectionPolicy.defaultsFor(connection.kind()));
    }

    public void save(String connectionId, ConnectionPolicy policy) {
        database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("MERGE INTO connection_policy(connection_id, colour, call_timeout_ms, "
                    + "failure_threshold, breaker_delay_ms, max_concurrent_calls) KEY(connection_id) VALUES (?,?,?,?,?,?)")) {
                ResilienceSettings r = policy.resilience();
                s.setString(1, connectionId);
                s.setString(2, policy.colour());
                s.setLong(3, r.callTimeout().toMillis());
                s.setInt(4, r.failureThreshold());
                s.setLong(5, r.breakerDelay().toMillis());
                s.setInt(6, r.maxConcurrentCalls());
                return s.executeUpdate();
            }
        });
    }
}
