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
    private static final InstanceStatus[] STATUSES = InstanceStatus.values();

    /**
     * One host's instances counted by status, each status with a sample. A sample may be an instance that has since
     * changed kind: it stands for the kind, not for itself.
     */
    private static final class Host {
        final int[] counts = new int[STATUSES.length];
        final Instance[] samples = new Instance[STATUSES.length];
    }

    /** By connection id; an array per host, so counting one instance allocates nothing (50,000 at a select-all). */
    private final Map<String, Host> hosts = new HashMap<>();

    public void clear() {
        hosts.clear();
    }

    public void add(Instance instance) {
        Host host = hosts.computeIfAbsent(instance.connectionId(), id -> new Host());
        int status = instance.status().ordinal();
        host.counts[status]++;
        host.samples[status] = instance;
    }

    public void remove(Instance instance) {
        Host host = hosts.get(instance.connectionId());
        int status = instance.status().ordinal();
        if (host != null && host.counts[status] > 0 && --host.counts[status] == 0) {
            host.samples[status] = null;
        }
    }

    /** One counted instance moved from {@code before} to {@code after} (a status change, most often). */
    public void changed(Instance before, Instance after) {
        if (before.status() != after.status() || !before.connectionId().equals(after.connectionId())) {
            remove(before);
            add(after);
        }
    }

    /** One instance per host and status present, for deciding what the whole set allows. */
    public List<Instance> samples() {
        List<Instance> samples = new ArrayList<>();
        for (Host host : hosts.values()) {
            for (int status = 0; status < STATUSES.length; status++) {
                if (host.counts[status] > 0) {
                    samples.add(host.samples[status]);
                }
            }
        }
        return samples;
    }
}
