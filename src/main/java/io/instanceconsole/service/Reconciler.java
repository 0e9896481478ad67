package io.instanceconsole.service;

import io.instanceconsole.backend.BackendEvent;
import io.instanceconsole.backend.ComputeBackend;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.NotFoundException;
import io.instanceconsole.domain.Operation;
import io.instanceconsole.store.InstanceRepository;
import io.instanceconsole.store.Journal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Keeps the store and the listeners in step with what the hosts report: a full resync on connect and on a slow
 * timer, plus each backend's live events in between. Thread-safe.
 */
public final class Reconciler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final ConnectionRegistry registry;
    private final InstanceRepository instances;
    private final InstanceWriteBehind eventWrites;
    private final Journal journal;
    private final KnownInstances known;
    private final OperationSettler settler;
    private final ScheduledExecutorService timer;
    private final Map<String, ComputeBackend.Subscription> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, Retry> retryDelays = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private ScheduledFuture<?> periodic;
    private ScheduledFuture<?> heartbeat;

    public Reconciler(ConnectionRegistry registry, InstanceRepository instances, Journal journal, KnownInstances known,
                      LifecycleService lifecycle, ScheduledExecutorService timer) {
        this.registry = registry;
        this.instances = instances;
        this.journal = journal;
        this.known = known;
        this.settler = lifecycle.settler();
        this.timer = timer;
        this.eventWrites = new InstanceWriteBehind(instances, timer);
    }

    /** Subscribes to a connection's events and resyncs it; the future completes when the first listing is in. */
    public CompletableFuture<Void> connect(ManagedConnection connection) {
        subscriptions.computeIfAbsent(connection.id(),
                id -> connection.backend().subscribe(event -> onEvent(connection, event)));
        return resync(connection);
    }

    /** Stops following a connection's events (before it is closed, reopened or removed). */
    public void disconnect(String connectionId) {
        ComputeBackend.Subscription subscription = subscriptions.remove(connectionId);
        if (subscription != null) {
            subscription.close();
        }
        retryDelays.remove(connectionId);
    }

    /** Resyncs every connection now and then every {@code interval}; unsettled operations are retried each time. */
    public synchronized void startPeriodicResync(Duration interval) {
        if (periodic == null) {
            periodic = timer.scheduleWithFixedDelay(this::resyncAll, interval.toMillis(), interval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Checks every few seconds that each host answers (a cheap ping, through its policies): a lost host is noticed
     * in seconds rather than at the next resync, and a host that answers again after being unreachable is resynced
     * at once.
     */
    public synchronized void startHeartbeat(Duration interval) {
        if (heartbeat == null) {
            heartbeat = timer.scheduleWithFixedDelay(this::beat, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void beat() {
        for (ManagedConnection connection : registry.all()) {
            boolean wasDown = !connection.health().isUsable();
            connection.call(() -> {
                connection.backend().ping();
                return null; // only whether the host answered counts
            }).whenComplete((ignored, error) -> {
                if (error != null) {
                    connection.markUnreachable(ManagedConnection.unwrap(error).getMessage());
                } else if (wasDown) {
                    // back: what happened meanwhile is listed, and the outcomes it left unknown are settled now
                    resync(connection).thenRun(() -> settle(settler::settleAbandoned));
                }
            });
        }
    }

    /** Resyncs every connection, then retries the settling of operations no action is still working on. */
    public CompletableFuture<Void> resyncAll() {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        registry.all().forEach(c -> all.add(resync(c)));
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                .thenCompose(ignored -> settle(settler::settleAbandoned));
    }

    /**
     * Settles every operation left PENDING or UNKNOWN (ARCHITECTURE.md step 8) that no console is working on: at
     * start-up, before any action.
     */
    public CompletableFuture<Void> settleUnsettled() {
        return settle(settler::settleAbandoned);
    }

    private CompletableFuture<Void> settle(Function<List<Operation>, CompletableFuture<Void>> how) {
        try {
            return how.apply(journal.findUnsettled());
        } catch (RuntimeException storeFailure) {
            if (closed) {
                // the window closed while the first resync was still out: the store is closing too, nothing is lost
                LOG.debug("not settling: closed while a resync was running ({})", storeFailure.getMessage());
            } else {
                LOG.error("cannot read unsettled operations", storeFailure);
            }
            return CompletableFuture.completedFuture(null);
        }
    }

    /**
     * Lists the host and applies the difference to the store and the listeners. When the host cannot be listed it
     * is marked unreachable and listed again with backoff (1 s doubling to 30 s) until it answers: recovery never
     * needs the user.
     */
    public CompletableFuture<Void> resync(ManagedConnection connection) {
        long mark = known.mark(); // before asking: whatever changes while the host answers is newer than its listing
        return connection.call(connection.backend()::list)
                .thenAccept(listing -> {
                    retryDelays.remove(connection.id());
                    applyListing(connection.id(), listing, mark);
                })
                .exceptionally(error -> {
                    connection.markUnreachable(ManagedConnection.unwrap(error).getMessage());
                    scheduleRetry(connection);
                    return null;
                });
    }

    /**
     * Brings some instances of a connection up to date with one inspect each, instead of a listing of the whole
     * host: what a command about named instances needs (instancectl, docs/decisions/0018-instancectl-per-call-cost.md).
     * An instance the host no longer has is removed; the store is written before the known state, as after a
     * listing, and what changed meanwhile (an event, an action) is newer and left alone. When the host cannot be
     * asked the connection is marked unreachable, without a retry: the caller reports it. Nothing is subscribed.
     */
    public CompletableFuture<Void> refresh(ManagedConnection connection, Collection<String> instanceIds) {
        long mark = known.mark(); // before asking, as for a listing
        List<String> ids = List.copyOf(instanceIds);
        return connection.call(() -> inspectEach(connection.backend(), ids))
                .thenAccept(found -> applyInspected(connection.id(), ids, found, mark))
                .exceptionally(error -> {
                    connection.markUnreachable(ManagedConnection.unwrap(error).getMessage());
                    return null;
                });
    }

    /** The instances the host has among {@code ids}; one it does not have is left out. */
    private static List<Instance> inspectEach(ComputeBackend backend, List<String> ids) {
        List<Instance> found = new ArrayList<>();
        for (String id : ids) {
            try {
                found.add(backend.inspect(id));
            } catch (NotFoundException gone) {
                // removed on the host since the store last saw it
            }
        }
        return found;
    }

    private void applyInspected(String connectionId, List<String> ids, List<Instance> found, long mark) {
        eventWrites.flush();
        List<Instance> changed = new ArrayList<>();
        List<InstanceKey> removed = new ArrayList<>();
        Set<String> present = new HashSet<>();
        for (Instance instance : found) {
            present.add(instance.id());
            if (instance.differsFrom(known.find(instance.key()).orElse(null))) {
                changed.add(instance);
            }
        }
        for (String id : ids) {
            InstanceKey key = new InstanceKey(connectionId, id);
            if (!present.contains(id) && known.find(key).isPresent()) {
                removed.add(key);
            }
        }
        applyChanges(changed, removed, mark);
    }

    private void scheduleRetry(ManagedConnection connection) {
        if (closed || registry.find(connection.id()).orElse(null) != connection) {
            return; // closed, or the connection was replaced or removed meanwhile
        }
        long[] delay = {0};
        retryDelays.compute(connection.id(), (id, previous) -> {
            if (previous != null && previous.pending()) {
                delay[0] = -1; // a retry is already scheduled
                return previous;
            }
            long next = previous == null ? 1_000 : Math.min(30_000, previous.delayMillis() * 2);
            delay[0] = next;
            return new Retry(next, true);
        });
        if (delay[0] > 0) {
            timer.schedule(() -> {
                retryDelays.computeIfPresent(connection.id(), (id, r) -> new Retry(r.delayMillis(), false));
                resync(connection);
            }, delay[0], TimeUnit.MILLISECONDS);
        }
    }

    /** Backoff state of one connection's resync retries. */
    private record Retry(long delayMillis, boolean pending) {
    }

    /**
     * Stores and publishes what a look at the host found changed, leaving out the instances changed since the look was
     * asked for ({@code mark}: they are newer than it). The store is written first, so that if it fails nothing is
     * known that is not stored, and the next resync tries again; the known state re-checks each instance atomically.
     */
    private void applyChanges(List<Instance> changed, List<InstanceKey> removed, long mark) {
        changed.removeIf(i -> known.changedSince(i.key(), mark));
        removed.removeIf(key -> known.changedSince(key, mark));
        if (changed.isEmpty() && removed.isEmpty()) {
            return;
        }
        instances.apply(changed, removed);
        InstanceChanges applied = known.applyListing(new InstanceChanges(changed, removed), mark);
        if (!applied.isEmpty()) {
            registry.publishChanges(applied);
        }
    }

    private void applyListing(String connectionId, List<Instance> listing, long mark) {
        // the store catches up with the events first: the diff below is against what is known, events included
        eventWrites.flush();
        Map<InstanceKey, Instance> before = new HashMap<>();
        known.ofConnection(connectionId).forEach(i -> before.put(i.key(), i));
        List<Instance> changed = new ArrayList<>();
        for (Instance instance : listing) {
            if (instance.differsFrom(before.remove(instance.key()))) {
                changed.add(instance);
            }
        }
        applyChanges(changed, new ArrayList<>(before.keySet()), mark);
    }

    private void onEvent(ManagedConnection connection, BackendEvent event) {
        try {
            switch (event) {
                case BackendEvent.Changed changed -> {
                    Instance instance = changed.instance();
                    if (instance.differsFrom(known.find(instance.key()).orElse(null))) {
                        eventWrites.upsert(instance);
                        known.put(instance);
                        registry.publishChanges(InstanceChanges.of(instance));
                    }
                }
                case BackendEvent.Removed removed -> {
                    InstanceKey key = new InstanceKey(connection.id(), removed.instanceId());
                    if (known.find(key).isPresent()) {
                        eventWrites.delete(key);
                        known.remove(key);
                        registry.publishChanges(InstanceChanges.removal(key));
                    }
                }
                case BackendEvent.Disconnected disconnected -> connection.markUnreachable(disconnected.reason());
                case BackendEvent.Reconnected ignored -> resync(connection);
            }
        } catch (RuntimeException e) {
            LOG.error("cannot apply {} from '{}'", event, connection.name(), e);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (periodic != null) {
            periodic.cancel(false);
        }
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        subscriptions.values().forEach(ComputeBackend.Subscription::close);
        subscriptions.clear();
        eventWrites.close();
    }
}
