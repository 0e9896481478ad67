package io.instanceconsole.service;

import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.InstanceStats;
import io.instanceconsole.domain.InstanceStatus;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Resource use for the rows on screen only, so a table of thousands never polls thousands. Each call replaces a
 * host's queue with the rows now visible, and each host works through it with at most {@link #PER_HOST} samples in
 * flight, through its own policies; rows scrolled away are never sampled. Thread-safe.
 */
public final class StatsService {
    /** Samples in flight per host. */
    static final int PER_HOST = 2;

    private final ConnectionRegistry registry;
    private final Map<String, HostQueue> queues = new ConcurrentHashMap<>();

    /** One host's rows waiting for a sample, and how many are being sampled. */
    private static final class HostQueue {
        final Deque<Instance> pending = new ArrayDeque<>();
        int inFlight;
    }

    public StatsService(ConnectionRegistry registry) {
        this.registry = registry;
    }

    /** Samples the running instances among {@code visible}; {@code onSample} is called on a service thread. */
    public void sample(Collection<Instance> visible, BiConsumer<InstanceKey, InstanceStats> onSample) {
        Map<String, List<Instance>> byHost = new LinkedHashMap<>();
        for (Instance instance : visible) {
            // an instance its host cannot see now has no figures to give, and asking may take the host's own timeout
            if (instance.status() == InstanceStatus.RUNNING && !instance.isLastKnown()) {
                byHost.computeIfAbsent(instance.connectionId(), id -> new ArrayList<>()).add(instance);
            }
        }
        byHost.forEach((connectionId, rows) -> {
            HostQueue queue = queues.computeIfAbsent(connectionId, id -> new HostQueue());
            synchronized (queue) {
                queue.pending.clear();
                queue.pending.addAll(rows);
            }
            pump(connectionId, queue, onSample);
        });
    }

    private void pump(String connectionId, HostQueue queue, BiConsumer<InstanceKey, InstanceStats> onSample) {
        ManagedConnection connection = registry.find(connectionId).orElse(null);
        while (true) {
            Instance next;
            synchronized (queue) {
                if (connection == null || !connection.health().isUsable() || queue.inFlight >= PER_HOST || queue.pending.isEmpty()) {
                    return;
                }
                next = queue.pending.poll();
                queue.inFlight++;
            }
            connection.call(() -> connection.backend().stats(next.id())).whenComplete((stats, error) -> {
                synchronized (queue) {
                    queue.inFlight--;
                }
                // A host that cannot tell (Unsupported) or failed just leaves the row's figures as they were.
                if (error == null) {
                    onSample.accept(next.key(), stats);
                }
                pump(connectionId, queue, onSample);
            });
        }
    }
}
