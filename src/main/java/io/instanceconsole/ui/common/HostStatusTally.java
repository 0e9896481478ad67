package io.instanceconsole.ui.common;

import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceStatus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A set of instances counted by host and status, with one instance of each kind kept as a sample. Whether an action
 * qualifies for an instance depends only on its host and its status ({@code InstanceActions.whyNot}), so "does any
 * of these 10,000 selected rows qualify?" is answered by the few samples instead of a scan of every row per frame.
 * Kept in step one change at a time. Not thread-safe.
 */
public final class HostStatusTally {
    private record Kind(String connectionId, InstanceStatus status) {
        static Kind of(Instance instance) {
            return new Kind(instance.connectionId(), instance.status());
        }
    }

    /** A sample may be an instance that has since changed kind: it stands for the kind, not for itself. */
    private static final class Count {
        int count;
        Instance sample;
    }

    private final Map<Kind, Count> counts = new HashMap<>();

    public void clear() {
        counts.clear();
    }

    public void add(Instance instance) {
        Count count = counts.computeIfAbsent(Kind.of(instance), k -> new Count());
        count.count++;
        count.sample = instance;
    }

    public void remove(Instance instance) {
        Kind kind = Kind.of(instance);
        Count count = counts.get(kind);
        if (count != null && --count.count <= 0) {
            counts.remove(kind);
        }
    }

    /** One counted instance moved from {@code before} to {@code after} (a status change, most often). */
    public void changed(Instance before, Instance after) {
        if (!Kind.of(before).equals(Kind.of(after))) {
            remove(before);
            add(after);
        }
    }

    /** One instance per host and status present, for deciding what the whole set allows. */
    public List<Instance> samples() {
        List<Instance> samples = new ArrayList<>(counts.size());
        counts.values().forEach(c -> samples.add(c.sample));
        return samples;
    }
}
