package io.instanceconsole.service;

import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.store.InstanceRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Writes the instance states that live events report to the store shortly after, many in one transaction, the
 * latest state per instance winning. During a bulk run every action brings an event; writing each in its own commit
 * was a third of the store's work per action. What is lost if the process dies in between is a cache of the hosts'
 * state that the resync at the next start repairs; journal entries and audit events are never written this way.
 * Thread-safe.
 */
final class InstanceWriteBehind implements AutoCloseable {
    static final Duration DELAY = Duration.ofMillis(20);
    private static final Logger LOG = LoggerFactory.getLogger(InstanceWriteBehind.class);

    private final InstanceRepository instances;
    private final ScheduledExecutorService timer;
    /** Latest state per instance; empty means removed. */
    private final Map<InstanceKey, Optional<Instance>> pending = new LinkedHashMap<>();
    private boolean scheduled;
    /** One flush at a time, so an older batch is never written after a newer one. */
    private final Object writing = new Object();

    InstanceWriteBehind(InstanceRepository instances, ScheduledExecutorService timer) {
        this.instances = instances;
        this.timer = timer;
    }

    void upsert(Instance instance) {
        queue(instance.key(), Optional.of(instance));
    }

    void delete(InstanceKey key) {
        queue(key, Optional.empty());
    }

    private synchronized void queue(InstanceKey key, Optional<Instance> state) {
        pending.put(key, state);
        if (!scheduled) {
            scheduled = true;
            try {
                timer.schedule(this::flush, DELAY.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException shuttingDown) {
                scheduled = false; // close() writes what is queued
            }
        }
    }

    /** Writes everything queued, in one transaction. */
    void flush() {
        synchronized (writing) {
            List<Instance> changed = new ArrayList<>();
            List<InstanceKey> removed = new ArrayList<>();
            synchronized (this) {
                scheduled = false;
                pending.forEach((key, state) -> state.ifPresentOrElse(changed::add, () -> removed.add(key)));
                pending.clear();
            }
            if (changed.isEmpty() && removed.isEmpty()) {
                return;
            }
            try {
                instances.apply(changed, removed);
            } catch (RuntimeException e) {
                // the next resync writes the hosts' state again; nothing the user did is lost
                LOG.warn("could not store {} instance change(s) reported by events: {}", changed.size() + removed.size(),
                        e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        flush();
    }
}
