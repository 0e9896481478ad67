package io.instanceconsole.service;

import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.InstanceStats;
import io.instanceconsole.domain.InstanceStatus;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.BiConsumer;

/**
 * Resource use for the rows on screen only, so a table of thousands never polls thousands. Each host answers at
 * most {@link #PER_HOST} samples at a time, through its own policies; a sample that cannot start now is skipped
 * (the row keeps its last figures) rather than queued. Thread-safe.
 */
public final class StatsService {
    /** Samples in flight per host. */
    static final int PER_HOST = 2;

    private final ConnectionRegistry registry;
    private final Map<String, Semaphore> slots = new ConcurrentHashMap<>();

    public StatsService(ConnectionRegistry registry) {
        this.registry = registry;
    }

    /** Samples the running instances among {@code visible}; {@code onSample} is called on a service thread. */
    public void sample(Collection<Instance> visible, BiConsumer<InstanceKey, InstanceStats> onSample) {
        for (Instance instance : visible) {
            if (instance.status() != InstanceStatus.RUNNING) {
                continue;
            }
            ManagedConnection connection = registry.find(instance.connectionId()).orElse(null);
            if (connection == null || !connection.health().isUsable()) {
                continue;
            }
            Semaphore slot = slots.computeIfAbsent(instance.connectionId(), id -> new Semaphore(PER_HOST));
            if (!slot.tryAcquire()) {
                continue;
            }
            connection.call(() -> connection.backend().stats(instance.id())).whenComplete((stats, error) -> {
                slot.release();
                // A host that cannot tell (Unsupported) or failed just leaves the row's figures as they were.
                if (error == null) {
                    onSample.accept(instance.key(), stats);
                }
            });
        }
    }
}
