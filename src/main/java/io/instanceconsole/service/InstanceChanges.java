package io.instanceconsole.service;

import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;

import java.util.List;

/** A batch of instance snapshots that changed and instances that went away. Immutable. */
public record InstanceChanges(List<Instance> upserted, List<InstanceKey> removed) {
    public InstanceChanges {
        upserted = List.copyOf(upserted);
        removed = List.copyOf(removed);
    }

    public static InstanceChanges of(Instance instance) {
        return new InstanceChanges(List.of(instance), List.of());
    }

    public static InstanceChanges removal(InstanceKey key) {
        return new InstanceChanges(List.of(), List.of(key));
    }

    public boolean isEmpty() {
        return upserted.isEmpty() && removed.isEmpty();
    }
}
