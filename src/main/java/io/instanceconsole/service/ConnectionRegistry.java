package io.instanceconsole.service;

import io.instanceconsole.domain.ResilienceSettings;
import io.instanceconsole.backend.ComputeBackend;
import io.instanceconsole.concurrent.ConsoleThreads;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.NotFoundException;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static java.util.Objects.requireNonNull;

/**
 * The open connections, each with its backend and resilience policies, and who is listening to them. Thread-safe.
 */
public final class ConnectionRegistry implements AutoCloseable {
    private final Map<String, ManagedConnection> connections = new ConcurrentHashMap<>();
    /** When each connection that cannot be opened was first found so: retries must not move "unreachable since". */
    private final Map<String, Instant> unopenedSince = new ConcurrentHashMap<>();
    private final List<ServiceListener> listeners = new CopyOnWriteArrayList<>();
    private final Clock clock;
    private final ConsoleThreads threads;

    /** @param threads where each connection's host pool comes from */
    public ConnectionRegistry(Clock clock, ConsoleThreads threads) {
        this.clock = requireNonNull(clock, "clock was not specified");
        this.threads = requireNonNull(threads, "threads was not specified");
    }

    /** A registry whose host pools come from a {@link ConsoleThreads} of its own (they hold no shared state). */
    public ConnectionRegistry(Clock clock) {
        this(clock, new ConsoleThreads());
    }

    /** Registers an opened backend for a connection with its own resilience policies. */
    public ManagedConnection register(Connection connection, ComputeBackend backend, ResilienceSettings settings) {
        ManagedConnection managed = new ManagedConnection(connection, backend, settings, clock, threads, this::publishHealth);
        unopenedSince.remove(connection.id());
        ManagedConnection previous = connections.put(connection.id(), managed);
        if (previous != null) {
            previous.close();
        }
        publishHealth(connection.id(), managed.health());
        return managed;
    }

    public ManagedConnection require(String connectionId) {
        ManagedConnection managed = connections.get(connectionId);
        if (managed == null) {
            throw new NotFoundException("no connection with id '" + connectionId + "'");
        }
        return managed;
    }

    public Optional<ManagedConnection> find(String connectionId) {
        return Optional.ofNullable(connections.get(connectionId));
    }

    public List<ManagedConnection> all() {
        return List.copyOf(connections.values());
    }

    public void addListener(ServiceListener listener) {
        listeners.add(requireNonNull(listener, "listener was not specified"));
    }

    public void removeListener(ServiceListener listener) {
        listeners.remove(listener);
    }

    /** Closes and forgets a connection (removed, disabled, or about to be reopened with new settings). */
    public void unregister(String connectionId) {
        unopenedSince.remove(connectionId);
        ManagedConnection previous = connections.remove(connectionId);
        if (previous != null) {
            previous.close();
        }
    }

    /** A disabled connection: its badge says so and its rows keep their last-known state. */
    public void reportDisabled(Connection connection) {
        publishHealth(connection.id(), new ConnectionHealth(ConnectionHealth.State.DISABLED, clock.instant(), null, ""));
    }

    /** A connection that could not even be opened: its badge says unreachable, with why. */
    public void reportUnopened(Connection connection, String detail) {
        Instant since = unopenedSince.computeIfAbsent(connection.id(), id -> clock.instant());
        publishHealth(connection.id(), new ConnectionHealth(ConnectionHealth.State.UNREACHABLE, since, null, detail));
    }

    void publishChanges(InstanceChanges changes) {
        if (!changes.isEmpty()) {
            listeners.forEach(l -> l.instancesChanged(changes));
        }
    }

    void publishConnectionsChanged(Set<String> connectionIds) {
        listeners.forEach(l -> l.connectionsChanged(connectionIds));
    }

    private void publishHealth(String connectionId, ConnectionHealth health) {
        listeners.forEach(l -> l.healthChanged(connectionId, health));
    }

    @Override
    public void close() {
        connections.values().forEach(ManagedConnection::close);
        connections.clear();
    }
}
