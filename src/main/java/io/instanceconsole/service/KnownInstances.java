package io.instanceconsole.service;

import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-memory mirror of the store's last-known instances, so that validating an action or diffing a listing needs
 * no query. Written only by the service layer right after the store commits. Thread-safe.
 */
public final class KnownInstances {
    private final Map<InstanceKey, Instance> byKey = new ConcurrentHashMap<>();

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
        byKey.put(instance.key(), instance);
    }

    void remove(InstanceKey key) {
        byKey.remove(key);
    }

    void apply(InstanceChanges changes) {
        changes.upserted().forEach(this::put);
        changes.removed().forEach(this::remove);
    }
}
