package io.instanceconsole.service;

import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * In-memory mirror of the last-known instances, so that validating an action or diffing a listing needs no query.
 * Written only by the service layer, next to the store write of the same change. Thread-safe.
 *
 * <p>Every change is numbered. A listing of a host is slow next to the changes that keep coming (action results,
 * events), so a resync applies its listing only to instances that did not change after the listing was asked for
 * ({@link #mark()}, {@link #applyListing}): without that, a listing taken just before a pause overwrote the pause's
 * result with "running", and the row showed a state the host had left until the next resync, 30 s later.
 */
public final class KnownInstances {
    private final Map<InstanceKey, Instance> byKey = new ConcurrentHashMap<>();
    /** The number of each instance's latest change; its compute() is also the per-instance lock of every write. */
    private final Map<InstanceKey, Long> lastChange = new ConcurrentHashMap<>();
    private final AtomicLong changes = new AtomicLong();

    public void load(Collection<Instance> instances) {
        instances.forEach(i -> byKey.put(i.key(), i));
    }

    public Optional<Instance> find(InstanceKey key) {
        return Optional.ofNullable(byKey.get(key));
    }

    public List<Instance> all() {
        return new ArrayList<>(byKey.values());
    }

    public List<Instance> ofConnection(String connectionId) {
        return byKey.values().stream().filter(i -> i.connectionId().equals(connectionId)).toList();
    }

    void put(Instance instance) {
        lastChange.compute(instance.key(), (key, previous) -> {
            byKey.put(key, instance);
            return changes.incrementAndGet();
        });
    }

    void remove(InstanceKey key) {
        lastChange.compute(key, (k, previous) -> {
            byKey.remove(k);
            return changes.incrementAndGet();
        });
    }

    /** Where the numbering stands: take it before asking a host for a listing, and give it to {@link #applyListing}. */
    long mark() {
        return changes.get();
    }

    /** Whether the instance changed after {@code mark} (what is known of it is newer than a listing asked for then). */
    boolean changedSince(InstanceKey key, long mark) {
        Long last = lastChange.get(key);
        return last != null && last > mark;
    }

    /**
     * Applies the differences a listing found, except for the instances changed after {@code mark} (what is known of
     * them is newer than the listing).
     *
     * @return what was applied, for the store and the listeners
     */
    InstanceChanges applyListing(InstanceChanges listed, long mark) {
        List<Instance> upserted = new ArrayList<>(listed.upserted().size());
        for (Instance instance : listed.upserted()) {
            if (unlessChangedSince(instance.key(), mark, () -> byKey.put(instance.key(), instance))) {
                upserted.add(instance);
            }
        }
        List<InstanceKey> removed = new ArrayList<>(listed.removed().size());
        for (InstanceKey key : listed.removed()) {
            if (unlessChangedSince(key, mark, () -> byKey.remove(key))) {
                removed.add(key);
            }
        }
        return new InstanceChanges(upserted, removed);
    }

    private boolean unlessChangedSince(InstanceKey key, long mark, Runnable write) {
        boolean[] written = {false};
        lastChange.compute(key, (k, previous) -> {
            if (previous != null && previous > mark) {
                return previous;
            }
            write.run();
            written[0] = true;
            return changes.incrementAndGet();
        });
        return written[0];
    }
}
