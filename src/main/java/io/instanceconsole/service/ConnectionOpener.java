package io.instanceconsole.service;

import io.instanceconsole.backend.BackendFactory;
import io.instanceconsole.backend.ComputeBackend;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.UntrustedHostKeyException;
import io.instanceconsole.store.ConnectionPolicyRepository;
import io.instanceconsole.store.ConnectionRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * Opens each connection's backend with the connection's own policies, registers it and resyncs it; closes and
 * forgets connections. Opening never blocks the caller. A connection that cannot be opened is reported unreachable
 * and, once {@link #keepTrying()} was called (the GUI), tried again with backoff from 1 s doubling to 60 s for as long
 * as the store still has it, enabled and unchanged. Each open or reopen is a new attempt; what an earlier attempt
 * of the same connection finds out later (it opened, or it failed) is dropped, so a slow retry never overwrites the
 * health of the connection the newer attempt opened. Thread-safe.
 */
public final class ConnectionOpener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionOpener.class);
    private static final long FIRST_RETRY_MILLIS = 1_000;
    private static final long LONGEST_RETRY_MILLIS = 60_000;

    private final BackendFactory backends;
    private final ConnectionRepository connections;
    private final ConnectionPolicyRepository policies;
    private final ConnectionRegistry registry;
    private final Reconciler reconciler;
    private final KnownInstances known;
    private final ExecutorService executor;
    private final ScheduledExecutorService timer;
    private final Map<String, RuntimeException> openErrors = new ConcurrentHashMap<>();
    /** Which engine each open connection reaches ({@link ComputeBackend#engineIdentity()}), by connection id. */
    private final Map<String, String> engines = new ConcurrentHashMap<>();
    /** The current attempt to open each connection; guarded by {@code this} when a result is taken. */
    private final Map<String, Long> attempts = new ConcurrentHashMap<>();
    private volatile boolean keepTrying;
    private volatile boolean closed;

    /**
     * @param connections read to tell whether a connection that failed to open is still wanted
     * @param policies    each connection's resilience settings
     */
    public ConnectionOpener(BackendFactory backends, ConnectionRepository connections,
                            ConnectionPolicyRepository policies, ConnectionRegistry registry, Reconciler reconciler,
                            KnownInstances known, ExecutorService executor, ScheduledExecutorService timer) {
        this.backends = requireNonNull(backends, "backends was not specified");
        this.connections = requireNonNull(connections, "connections was not specified");
        this.policies = requireNonNull(policies, "policies was not specified");
        this.registry = requireNonNull(registry, "registry was not specified");
        this.reconciler = requireNonNull(reconciler, "reconciler was not specified");
        this.known = requireNonNull(known, "known was not specified");
        this.executor = requireNonNull(executor, "executor was not specified");
        this.timer = requireNonNull(timer, "timer was not specified");
    }

    /** From now on, a connection that cannot be opened is tried again with backoff. */
    void keepTrying() {
        keepTrying = true;
    }

    /** Why a connection could not be opened, if it could not. */
    Optional<String> openError(String connectionId) {
        return Optional.ofNullable(openErrors.get(connectionId)).map(ConnectionOpener::message);
    }

    /** The host key a connection could not be opened for, when that is why it could not. */
    Optional<UntrustedHostKeyException> untrustedKey(String connectionId) {
        return openErrors.get(connectionId) instanceof UntrustedHostKeyException untrusted ? Optional.of(untrusted)
                : Optional.empty();
    }

    /** Which engine an open connection reaches, when its backend can tell. */
    Optional<String> engineOf(String connectionId) {
        return Optional.ofNullable(engines.get(connectionId));
    }

    /** The open connections that reach an engine. */
    List<String> connectionsReaching(String engine) {
        return engines.entrySet().stream().filter(e -> e.getValue().equals(engine)).map(Map.Entry::getKey).toList();
    }

    /** A tested connection: the line for people, and which engine it reached. */
    record Tested(String line, Optional<String> engine) {
    }

    /** Opens and resyncs one connection; completes when its first listing is in, or it failed to open. */
    CompletableFuture<Void> open(Connection connection) {
        long attempt = newAttempt(connection.id());
        return CompletableFuture.supplyAsync(() -> open(connection, attempt, 0), executor).thenCompose(this::sync);
    }

    /**
     * Opens and registers one connection without following its events or listing it (instancectl acting on named
     * instances refreshes just those); completes with the connection, or null when it could not be opened.
     */
    CompletableFuture<ManagedConnection> openUnsynced(Connection connection) {
        long attempt = newAttempt(connection.id());
        return CompletableFuture.supplyAsync(() -> open(connection, attempt, 0, false), executor);
    }

    /** Closes a connection and opens it again with the given settings (or reports it disabled). */
    CompletableFuture<Void> reopen(Connection connection) {
        newAttempt(connection.id());
        reconciler.disconnect(connection.id());
        registry.unregister(connection.id());
        if (connection.enabled()) {
            return open(connection);
        }
        registry.reportDisabled(connection);
        return CompletableFuture.completedFuture(null);
    }

    /** Closes a connection that no longer exists and takes its rows off the table. */
    void forget(String connectionId) {
        newAttempt(connectionId);
        reconciler.disconnect(connectionId);
        registry.unregister(connectionId);
        List<InstanceKey> gone = known.ofConnection(connectionId).stream().map(i -> i.key()).toList();
        gone.forEach(known::remove);
        registry.publishChanges(new InstanceChanges(List.of(), gone));
        openErrors.remove(connectionId);
        engines.remove(connectionId);
    }

    /**
     * Opens a backend for the settings and lists it, without saving or registering anything; completes with a line
     * for people, or fails with the reason (naming the URI), within the backend's connect timeout.
     */
    CompletableFuture<Tested> test(Connection candidate) {
        return CompletableFuture.supplyAsync(() -> {
            try (ComputeBackend backend = backends.open(candidate)) {
                int count = backend.list().size();
                return new Tested("reachable: " + count + " instance" + (count == 1 ? "" : "s") + " on "
                        + candidate.uri(), backend.engineIdentity());
            }
        }, executor);
    }

    private CompletableFuture<Void> sync(ManagedConnection connection) {
        return connection == null ? CompletableFuture.completedFuture(null) : reconciler.connect(connection);
    }

    private synchronized long newAttempt(String connectionId) {
        return attempts.merge(connectionId, 1L, Long::sum);
    }

    private boolean isCurrent(String connectionId, long attempt) {
        return attempts.getOrDefault(connectionId, 0L) == attempt;
    }

    /**
     * Opens a connection's backend; on failure, reports it and (with {@link #keepTrying}) tries again with backoff.
     * Null when it failed or a newer attempt took over.
     */
    private ManagedConnection open(Connection connection, long attempt, long previousDelayMillis) {
        return open(connection, attempt, previousDelayMillis, true);
    }

    /**
     * As {@link #open(Connection, long, long)}; without {@code identify}, the engine is not asked which it is (a
     * Docker engine's {@code /info}, for the warning about two connections reaching one engine, which only a
     * listing of all connections shows).
     */
    private ManagedConnection open(Connection connection, long attempt, long previousDelayMillis, boolean identify) {
        ComputeBackend backend;
        try {
            backend = backends.open(connection);
        } catch (RuntimeException e) {
            failed(connection, attempt, previousDelayMillis, e);
            return null;
        }
        if (identify) {
            identify(connection, backend);
        }
        synchronized (this) {
            if (isCurrent(connection.id(), attempt)) {
                openErrors.remove(connection.id());
                return registry.register(connection, backend, policies.findOrDefault(connection).resilience());
            }
        }
        LOG.debug("connection '{}' was opened again meanwhile; closing this older session", connection.name());
        backend.close();
        return null;
    }

    private void failed(Connection connection, long attempt, long previousDelayMillis, RuntimeException e) {
        String message = message(e);
        synchronized (this) {
            if (!isCurrent(connection.id(), attempt)) {
                LOG.debug("an older attempt to open connection '{}' failed: {}", connection.name(), message);
                return;
            }
            LOG.warn("cannot open connection '{}': {}", connection.name(), message);
            openErrors.put(connection.id(), e);
            registry.reportUnopened(connection, message);
        }
        if (keepTrying && !closed) {
            long delay = previousDelayMillis == 0 ? FIRST_RETRY_MILLIS
                    : Math.min(LONGEST_RETRY_MILLIS, previousDelayMillis * 2);
            retryLater(connection, attempt, delay);
        }
    }

    private void identify(Connection connection, ComputeBackend backend) {
        try {
            backend.engineIdentity().ifPresentOrElse(engine -> engines.put(connection.id(), engine),
                    () -> engines.remove(connection.id()));
        } catch (RuntimeException e) {
            LOG.info("cannot tell which engine connection '{}' reaches: {}", connection.name(), e.getMessage());
        }
    }

    private static String message(RuntimeException e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private void retryLater(Connection connection, long attempt, long delayMillis) {
        try {
            timer.schedule(() -> {
                if (stillWanted(connection, attempt)) {
                    CompletableFuture.supplyAsync(() -> open(connection, attempt, delayMillis), executor)
                            .thenCompose(this::sync);
                }
            }, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            LOG.debug("not retrying connection '{}': the timer is closed or full", connection.name());
        }
    }

    /**
     * A retry only for the current attempt of a connection that still exists, is enabled, and has the settings it was
     * opened with.
     */
    private boolean stillWanted(Connection connection, long attempt) {
        return !closed && isCurrent(connection.id(), attempt) && registry.find(connection.id()).isEmpty()
                && connections.findAll().stream().anyMatch(c -> c.equals(connection) && c.enabled());
    }

    /** Stops retrying; connections already open stay the registry's to close. */
    @Override
    public void close() {
        closed = true;
    }
}
