package io.instanceconsole.service;

import io.instanceconsole.backend.BackendFactory;
import io.instanceconsole.backend.ComputeBackend;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.UntrustedHostKeyException;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.ResilienceSettings;
import io.instanceconsole.store.ConnectionPolicyRepository;
import io.instanceconsole.domain.ConnectionPolicy;
import io.instanceconsole.store.ConnectionRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The connections' lifecycle: add, edit, remove, enable, test, and opening each one's backend with its own
 * policies. Opening never blocks the caller; a connection that cannot be opened is shown unreachable and, in the
 * GUI, tried again with backoff for as long as the console runs. Thread-safe.
 */
public final class ConnectionManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionManager.class);

    private final ConnectionRepository connections;
    private final ConnectionPolicyRepository policies;
    private final BackendFactory backends;
    private final ConnectionRegistry registry;
    private final Reconciler reconciler;
    private final KnownInstances known;
    private final ExecutorService executor;
    private final ScheduledExecutorService timer;
    private final Map<String, RuntimeException> openErrors = new ConcurrentHashMap<>();
    /** Which engine each open connection reaches ({@link ComputeBackend#engineIdentity()}), by connection id. */
    private final Map<String, String> engines = new ConcurrentHashMap<>();
    private final Map<String, String> names = new ConcurrentHashMap<>();
    private final Map<String, String> colours = new ConcurrentHashMap<>();
    /** The connections as this process last applied them; guarded by {@code this}. */
    private final Map<String, Connection> applied = new java.util.LinkedHashMap<>();
    private volatile boolean keepTrying;
    private volatile boolean closed;

    public ConnectionManager(ConnectionRepository connections, ConnectionPolicyRepository policies, BackendFactory backends,
                             ConnectionRegistry registry, Reconciler reconciler, KnownInstances known,
                             ExecutorService executor, ScheduledExecutorService timer) {
        this.connections = connections;
        this.policies = policies;
        this.backends = backends;
        this.registry = registry;
        this.reconciler = reconciler;
        this.known = known;
        this.executor = executor;
        this.timer = timer;
        connections.findAll().forEach(c -> {
            names.put(c.id(), c.name());
            colours.put(c.id(), policies.findOrDefault(c.id()).colour());
            applied.put(c.id(), c);
        });
    }

    /** A connection's display colour (CSS hex), or empty. */
    public String colour(String connectionId) {
        return colours.getOrDefault(connectionId, "");
    }

    public List<Connection> all() {
        return connections.findAll();
    }

    public ConnectionPolicy policy(String connectionId) {
        return policies.findOrDefault(connectionId);
    }

    /** Display name of a connection id (the id itself for one removed meanwhile). */
    public String name(String connectionId) {
        String name = names.get(connectionId);
        if (name == null) {
            name = connections.findAll().stream().filter(c -> c.id().equals(connectionId)).map(Connection::name)
                    .findFirst().orElse(connectionId);
            names.put(connectionId, name);
        }
        return name;
    }

    /**
     * When a connection reaches an engine that another connection reaches too (every instance would show twice, and
     * a bulk action would send two actions to each), the sentence that says so, naming the other connection.
     */
    public Optional<String> duplicateWarning(String connectionId) {
        String engine = engines.get(connectionId);
        return engine == null ? Optional.empty() : sameEngine(connectionId, name(connectionId), engine);
    }

    private Optional<String> sameEngine(String connectionId, String connectionName, String engine) {
        return engines.entrySet().stream()
                .filter(e -> !e.getKey().equals(connectionId) && e.getValue().equals(engine))
                .map(e -> name(e.getKey())).sorted().findFirst()
                .map(other -> "connection '" + connectionName + "' reaches the same engine as connection '" + other
                        + "' (" + engine + "): each of its instances would show twice and bulk actions would reach"
                        + " them twice; remove or disable one of them");
    }

    private void identify(Connection connection, ComputeBackend backend) {
        try {
            backend.engineIdentity().ifPresentOrElse(engine -> engines.put(connection.id(), engine),
                    () -> engines.remove(connection.id()));
            duplicateWarning(connection.id()).ifPresent(LOG::warn);
        } catch (RuntimeException e) {
            LOG.info("cannot tell which engine connection '{}' reaches: {}", connection.name(), e.getMessage());
        }
    }

    /** The host key a connection could not be opened for, when that is why it could not. */
    public Optional<UntrustedHostKeyException> untrustedKey(String connectionId) {
        return openErrors.get(connectionId) instanceof UntrustedHostKeyException untrusted ? Optional.of(untrusted)
                : Optional.empty();
    }

    /** Why a connection could not be opened, if it could not. */
    public Optional<String> openError(String connectionId) {
        return Optional.ofNullable(openErrors.get(connectionId)).map(e -> e.getMessage() == null ? e.toString() : e.getMessage());
    }

    /** Opens every enabled connection and keeps at it: for the GUI, which runs until the user quits. */
    public CompletableFuture<Void> connectAll() {
        keepTrying = true;
        reconciler.startPeriodicResync(Duration.ofSeconds(30));
        reconciler.startHeartbeat(Duration.ofSeconds(5));
        followStore(FOLLOW_STORE_EVERY);
        return connect(Connection::enabled);
    }

    /** How often the GUI looks for connections another process (the CLI) added, removed or changed. */
    static final Duration FOLLOW_STORE_EVERY = Duration.ofSeconds(2);

    /** Applies, every {@code interval}, the connection changes another process made to the store. */
    void followStore(Duration interval) {
        timer.scheduleWithFixedDelay(() -> {
            try {
                executor.execute(this::applyStoreChanges);
            } catch (java.util.concurrent.RejectedExecutionException busyOrClosing) {
                // the next round looks again
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Makes this process match the connections in the store: opens the ones added elsewhere, closes and forgets the
     * ones removed elsewhere (their rows go; their audit trail stays), reopens the ones whose settings changed. The
     * store is the truth, so the GUI follows what {@code instancectl connections add/remove} did.
     */
    void applyStoreChanges() {
        if (closed) {
            return;
        }
        List<String> removed = new java.util.ArrayList<>();
        List<Connection> changed = new java.util.ArrayList<>();
        java.util.Set<String> ids;
        synchronized (this) {
            Map<String, Connection> stored = new java.util.LinkedHashMap<>();
            connections.findAll().forEach(c -> stored.put(c.id(), c));
            if (stored.equals(applied)) {
                return;
            }
            applied.keySet().stream().filter(id -> !stored.containsKey(id)).forEach(removed::add);
            stored.values().stream().filter(c -> !c.equals(applied.get(c.id()))).forEach(changed::add);
            applied.clear();
            applied.putAll(stored);
            ids = java.util.Set.copyOf(stored.keySet());
        }
        LOG.info("applying connection changes made by another process: {} removed, {} added or changed",
                removed.size(), changed.size());
        removed.forEach(this::forget);
        changed.forEach(this::reopen);
        registry.publishConnectionsChanged(ids);
    }

    /** Opens and resyncs the chosen connections once, then settles their unsettled operations. */
    public CompletableFuture<Void> connect(Predicate<Connection> which) {
        List<Connection> stored;
        synchronized (this) {
            // includes connections saved without this manager (first-start detection): they are opened here, so
            // following the store must not open them a second time
            stored = connections.findAll();
            applied.clear();
            stored.forEach(c -> applied.put(c.id(), c));
        }
        stored.forEach(c -> {
            names.put(c.id(), c.name());
            colours.put(c.id(), policies.findOrDefault(c.id()).colour());
        });
        List<CompletableFuture<Void>> all = stored.stream().filter(which).map(this::openAndSync).toList();
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                .thenCompose(ignored -> reconciler.settleUnsettled());
    }

    /**
     * Saves a new connection after validating it; nothing is saved when it is refused
     * ({@link IllegalArgumentException} or a duplicate name say what is wrong). {@link #open} connects it.
     */
    public Connection add(String name, BackendKind kind, String uri, String tlsDir, boolean readOnly, ConnectionPolicy policy) {
        Connection connection = ConnectionSettings.create(name, kind, uri, tlsDir, readOnly);
        validate(policy.resilience());
        synchronized (this) {
            connections.add(connection);
            policies.save(connection.id(), policy);
            applied.put(connection.id(), connection);
        }
        names.put(connection.id(), connection.name());
        colours.put(connection.id(), policy.colour());
        publishConnections();
        return connection;
    }

    /** Opens and resyncs one saved connection. */
    public CompletableFuture<Void> open(Connection connection) {
        return openAndSync(connection);
    }

    /** Saves edited settings and reopens the connection with them. */
    public CompletableFuture<Void> update(Connection edited, ConnectionPolicy policy) {
        ConnectionSettings.create(edited.name(), edited.kind(), edited.uri(), edited.tlsDir(), edited.readOnly());
        validate(policy.resilience());
        synchronized (this) {
            connections.update(edited);
            policies.save(edited.id(), policy);
            applied.put(edited.id(), edited);
        }
        publishConnections();
        return reopen(edited);
    }

    /** Enables or disables a connection; a disabled one is closed and its rows stay as last known. */
    public CompletableFuture<Void> setEnabled(String connectionId, boolean enabled) {
        Connection current = require(connectionId);
        Connection changed = new Connection(current.id(), current.name(), current.kind(), current.uri(), current.tlsDir(),
                current.readOnly(), enabled);
        synchronized (this) {
            connections.update(changed);
            applied.put(changed.id(), changed);
        }
        publishConnections();
        return reopen(changed);
    }

    /** Removes a connection and its rows; its operations and audit events stay in the trail. */
    public void remove(String connectionId) {
        synchronized (this) {
            connections.remove(connectionId);
            applied.remove(connectionId);
        }
        forget(connectionId);
        publishConnections();
    }

    /** Closes a connection that no longer exists and takes its rows off the table. */
    private void forget(String connectionId) {
        reconciler.disconnect(connectionId);
        registry.unregister(connectionId);
        List<InstanceKey> gone = known.ofConnection(connectionId).stream().map(i -> i.key()).toList();
        gone.forEach(known::remove);
        registry.publishChanges(new InstanceChanges(List.of(), gone));
        openErrors.remove(connectionId);
        engines.remove(connectionId);
    }

    /** Closes a saved connection and opens it again (after its host key was trusted, for instance). */
    public CompletableFuture<Void> reopen(String connectionId) {
        return reopen(require(connectionId));
    }

    /** Closes a connection and opens it again with the given settings (or reports it disabled). */
    private CompletableFuture<Void> reopen(Connection connection) {
        names.put(connection.id(), connection.name());
        colours.put(connection.id(), policies.findOrDefault(connection.id()).colour());
        reconciler.disconnect(connection.id());
        registry.unregister(connection.id());
        return connection.enabled() ? openAndSync(connection) : disabled(connection);
    }

    private void publishConnections() {
        java.util.Set<String> ids;
        synchronized (this) {
            ids = java.util.Set.copyOf(applied.keySet());
        }
        registry.publishConnectionsChanged(ids);
    }

    /**
     * Opens a backend for the settings and lists it, without saving anything; completes with a line for people,
     * or fails with the reason (naming the URI), within the backend's connect timeout.
     */
    public CompletableFuture<String> test(String name, BackendKind kind, String uri, String tlsDir) {
        Connection candidate = ConnectionSettings.create(name, kind, uri, tlsDir, true);
        return CompletableFuture.supplyAsync(() -> {
            try (ComputeBackend backend = backends.open(candidate)) {
                int count = backend.list().size();
                String line = "reachable: " + count + " instance" + (count == 1 ? "" : "s") + " on " + uri;
                Optional<String> engine = backend.engineIdentity();
                String savedId = all().stream().filter(c -> c.name().equals(name)).map(Connection::id).findFirst()
                        .orElse(candidate.id());
                return engine.flatMap(e -> sameEngine(savedId, name, e)).map(w -> line + "; warning: " + w).orElse(line);
            }
        }, executor);
    }

    private CompletableFuture<Void> openAndSync(Connection connection) {
        return CompletableFuture.supplyAsync(() -> open(connection, 0), executor).thenCompose(this::sync);
    }

    private CompletableFuture<Void> disabled(Connection connection) {
        registry.reportDisabled(connection);
        return CompletableFuture.completedFuture(null);
    }

    private CompletableFuture<Void> sync(ManagedConnection connection) {
        return connection == null ? CompletableFuture.completedFuture(null) : reconciler.connect(connection);
    }

    /** Opens a connection's backend; on failure, reports it and (in the GUI) tries again with backoff up to 60 s. */
    private ManagedConnection open(Connection connection, long previousDelayMillis) {
        try {
            ComputeBackend backend = backends.open(connection);
            openErrors.remove(connection.id());
            identify(connection, backend);
            return registry.register(connection, backend, policies.findOrDefault(connection.id()).resilience());
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            LOG.warn("cannot open connection '{}': {}", connection.name(), message);
            openErrors.put(connection.id(), e);
            registry.reportUnopened(connection, message);
            if (keepTrying && !closed) {
                long delay = previousDelayMillis == 0 ? 1_000 : Math.min(60_000, previousDelayMillis * 2);
                timer.schedule(() -> {
                    if (stillWanted(connection)) {
                        CompletableFuture.supplyAsync(() -> open(connection, delay), executor).thenCompose(this::sync);
                    }
                }, delay, TimeUnit.MILLISECONDS);
            }
            return null;
        }
    }

    /** A retry only for a connection that still exists, is enabled, and has the settings it was opened with. */
    private boolean stillWanted(Connection connection) {
        return !closed && registry.find(connection.id()).isEmpty()
                && connections.findAll().stream().anyMatch(c -> c.equals(connection) && c.enabled());
    }

    private Connection require(String connectionId) {
        return connections.findAll().stream().filter(c -> c.id().equals(connectionId)).findFirst()
                .orElseThrow(() -> new io.instanceconsole.domain.NotFoundException("no connection with id '" + connectionId + "'"));
    }

    private static void validate(ResilienceSettings settings) {
        if (settings.callTimeout().isNegative() || settings.callTimeout().isZero()) {
            throw new IllegalArgumentException("the call timeout must be positive");
        }
        if (settings.failureThreshold() < 1 || settings.maxConcurrentCalls() < 1 || settings.maxConcurrentCalls() > 256) {
            throw new IllegalArgumentException("the breaker threshold must be at least 1, and calls in flight 1 to 256");
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
