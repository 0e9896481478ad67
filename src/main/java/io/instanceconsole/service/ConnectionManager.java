package io.instanceconsole.service;

import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.ConnectionPolicy;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.NotFoundException;
import io.instanceconsole.domain.UntrustedHostKeyException;
import io.instanceconsole.domain.ResilienceSettings;
import io.instanceconsole.store.ConnectionPolicyRepository;
import io.instanceconsole.store.ConnectionRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static java.util.Objects.requireNonNull;

/**
 * The catalogue of connections: add, edit, remove, enable and test them, with their display names and colours, and
 * following the changes another process (instancectl) makes to the store. Opening them is the
 * {@link ConnectionOpener}'s: it never blocks the caller, and a connection that cannot be opened is shown unreachable
 * and, in the GUI, tried again with backoff for as long as the console runs. Every change a person makes here is
 * recorded in the audit trail in the same transaction as the change ({@link ConnectionChanges}). Thread-safe.
 */
public final class ConnectionManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionManager.class);

    private final ConnectionRepository connections;
    private final ConnectionPolicyRepository policies;
    private final ConnectionOpener opener;
    private final ConnectionRegistry registry;
    private final Reconciler reconciler;
    private final ExecutorService executor;
    private final ScheduledExecutorService timer;
    private final ConnectionChanges changes;
    private final Map<String, String> names = new ConcurrentHashMap<>();
    private final Map<String, String> colours = new ConcurrentHashMap<>();
    /** The connections as this process last applied them; guarded by {@code this}. */
    private final Map<String, Connection> applied = new LinkedHashMap<>();
    private volatile boolean closed;

    /** @param opener opens what this catalogue holds, over the same {@code connections} and {@code policies} */
    public ConnectionManager(ConnectionRepository connections, ConnectionPolicyRepository policies,
                             ConnectionOpener opener, ConnectionRegistry registry, Reconciler reconciler,
                             ExecutorService executor, ScheduledExecutorService timer, ConnectionChanges changes) {
        this.connections = requireNonNull(connections, "connections was not specified");
        this.policies = requireNonNull(policies, "policies was not specified");
        this.opener = requireNonNull(opener, "opener was not specified");
        this.registry = requireNonNull(registry, "registry was not specified");
        this.reconciler = requireNonNull(reconciler, "reconciler was not specified");
        this.executor = requireNonNull(executor, "executor was not specified");
        this.timer = requireNonNull(timer, "timer was not specified");
        this.changes = requireNonNull(changes, "changes was not specified");
        connections.findAll().forEach(c -> {
            remember(c);
            applied.put(c.id(), c);
        });
    }

    /** Keeps a connection's name and colour for display (they outlive its removal, for the trail). */
    private void remember(Connection connection) {
        names.put(connection.id(), connection.name());
        colours.put(connection.id(), policies.findOrDefault(connection).colour());
    }

    /** A connection's display colour (CSS hex), or empty. */
    public String colour(String connectionId) {
        return colours.getOrDefault(connectionId, "");
    }

    public List<Connection> all() {
        return connections.findAll();
    }

    /** The connection's colour and limits: as saved, or the defaults of its kind. */
    public ConnectionPolicy policy(Connection connection) {
        return policies.findOrDefault(connection);
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

    /** Why a connection could not be opened, if it could not. */
    public Optional<String> openError(String connectionId) {
        return opener.openError(connectionId);
    }

    /** The host key a connection could not be opened for, when that is why it could not. */
    public Optional<UntrustedHostKeyException> untrustedKey(String connectionId) {
        return opener.untrustedKey(connectionId);
    }

    /**
     * When a connection reaches an engine that another connection reaches too (every instance would show twice, and
     * a bulk action would send two actions to each), the sentence that says so, naming the other connection.
     */
    public Optional<String> duplicateWarning(String connectionId) {
        return opener.engineOf(connectionId).flatMap(engine -> sameEngine(connectionId, name(connectionId), engine));
    }

    private Optional<String> sameEngine(String connectionId, String connectionName, String engine) {
        return opener.connectionsReaching(engine).stream().filter(id -> !id.equals(connectionId))
                .map(this::name).sorted().findFirst()
                .map(other -> "connection '" + connectionName + "' reaches the same engine as connection '" + other
                        + "' (" + engine + "): each of its instances would show twice and bulk actions would reach"
                        + " them twice; remove or disable one of them");
    }

    /** Opens every enabled connection and keeps at it: for the GUI, which runs until the user quits. */
    public CompletableFuture<Void> connectAll() {
        opener.keepTrying();
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
            } catch (RejectedExecutionException busyOrClosing) {
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
        List<String> removed = new ArrayList<>();
        List<Connection> changed = new ArrayList<>();
        Set<String> ids;
        synchronized (this) {
            Map<String, Connection> stored = new LinkedHashMap<>();
            connections.findAll().forEach(c -> stored.put(c.id(), c));
            if (stored.equals(applied)) {
                return;
            }
            applied.keySet().stream().filter(id -> !stored.containsKey(id)).forEach(removed::add);
            stored.values().stream().filter(c -> !c.equals(applied.get(c.id()))).forEach(changed::add);
            applied.clear();
            applied.putAll(stored);
            ids = Set.copyOf(stored.keySet());
        }
        LOG.info("applying connection changes made by another process: {} removed, {} added or changed",
                removed.size(), changed.size());
        removed.forEach(opener::forget);
        changed.forEach(this::reopen);
        registry.publishConnectionsChanged(ids);
    }

    /**
     * The stored connections, taken as applied and remembered for display: they include connections saved without this
     * manager (first-start detection), which are opened by the caller, so following the store must not open them a
     * second time.
     */
    private List<Connection> catchUpWithStore() {
        List<Connection> stored;
        synchronized (this) {
            stored = connections.findAll();
            applied.clear();
            stored.forEach(c -> applied.put(c.id(), c));
        }
        stored.forEach(this::remember);
        return stored;
    }

    /** Opens and resyncs the chosen connections once, then settles their unsettled operations. */
    public CompletableFuture<Void> connect(Predicate<Connection> which) {
        List<CompletableFuture<Void>> all = catchUpWithStore().stream().filter(which).map(opener::open).toList();
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                .thenCompose(ignored -> reconciler.settleUnsettled());
    }

    /**
     * Opens only the connections of {@code instances} and brings those instances up to date with one inspect each,
     * without listing any host or following its events; then settles what was left unsettled, as {@link #connect}
     * does. What a command about named instances needs (docs/decisions/0018-instancectl-per-call-cost.md): the
     * instances' current state, not the whole fleet's. A connection that cannot be opened or asked is reported as
     * by {@link #connect}.
     */
    public CompletableFuture<Void> connectFor(Collection<InstanceKey> instances) {
        Map<String, List<String>> idsByConnection = new LinkedHashMap<>();
        instances.forEach(key -> idsByConnection.computeIfAbsent(key.connectionId(), id -> new ArrayList<>())
                .add(key.instanceId()));
        List<CompletableFuture<Void>> all = catchUpWithStore().stream().filter(c -> idsByConnection.containsKey(c.id()))
                .map(c -> opener.openUnsynced(c).thenCompose(managed -> managed == null
                        ? CompletableFuture.<Void>completedFuture(null)
                        : reconciler.refresh(managed, idsByConnection.get(c.id()))))
                .toList();
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
            connections.add(connection, changes.added(connection));
            policies.save(connection.id(), policy);
            applied.put(connection.id(), connection);
        }
        remember(connection);
        publishConnections();
        return connection;
    }

    /** Opens and resyncs one saved connection. */
    public CompletableFuture<Void> open(Connection connection) {
        return opener.open(connection);
    }

    /** Saves edited settings and reopens the connection with them. */
    public CompletableFuture<Void> update(Connection edited, ConnectionPolicy policy) {
        ConnectionSettings.create(edited.name(), edited.kind(), edited.uri(), edited.tlsDir(), edited.readOnly());
        validate(policy.resilience());
        synchronized (this) {
            Connection before = require(edited.id());
            connections.update(edited, changes.edited(before, policies.findOrDefault(before), edited, policy));
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
            connections.update(changed, current.enabled() == enabled ? null : changes.enabledOrDisabled(changed));
            applied.put(changed.id(), changed);
        }
        publishConnections();
        return reopen(changed);
    }

    /** Removes a connection and its rows; its operations and audit events stay in the trail. */
    public void remove(String connectionId) {
        synchronized (this) {
            // another process may have removed it already: then there is nothing to remove or record
            connections.findAll().stream().filter(c -> c.id().equals(connectionId)).findFirst()
                    .ifPresent(gone -> connections.remove(connectionId, changes.removed(gone)));
            applied.remove(connectionId);
        }
        opener.forget(connectionId);
        publishConnections();
    }

    /** Records that the user trusted the host key with this fingerprint for the connection, and opens it again. */
    public CompletableFuture<Void> keyTrusted(Connection connection, String fingerprint) {
        connections.recordChange(changes.keyTrusted(connection, fingerprint));
        return reopen(connection.id());
    }

    /** Closes a saved connection and opens it again (after its host key was trusted, for instance). */
    public CompletableFuture<Void> reopen(String connectionId) {
        return reopen(require(connectionId));
    }

    /** Closes a connection and opens it again with the given settings (or reports it disabled). */
    private CompletableFuture<Void> reopen(Connection connection) {
        remember(connection);
        return opener.reopen(connection);
    }

    private void publishConnections() {
        Set<String> ids;
        synchronized (this) {
            ids = Set.copyOf(applied.keySet());
        }
        registry.publishConnectionsChanged(ids);
    }

    /**
     * Opens a backend for the settings and lists it, without saving anything; completes with a line for people,
     * or fails with the reason (naming the URI), within the backend's connect timeout.
     */
    public CompletableFuture<String> test(String name, BackendKind kind, String uri, String tlsDir) {
        Connection candidate = ConnectionSettings.create(name, kind, uri, tlsDir, true);
        String savedId = all().stream().filter(c -> c.name().equals(name)).map(Connection::id).findFirst()
                .orElse(candidate.id());
        return opener.test(candidate).thenApply(tested -> tested.engine()
                .flatMap(engine -> sameEngine(savedId, name, engine))
                .map(warning -> tested.line() + "; warning: " + warning).orElse(tested.line()));
    }

    private Connection require(String connectionId) {
        return connections.findAll().stream().filter(c -> c.id().equals(connectionId)).findFirst()
                .orElseThrow(() -> new NotFoundException("no connection with id '" + connectionId + "'"));
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
        opener.close();
    }
}
