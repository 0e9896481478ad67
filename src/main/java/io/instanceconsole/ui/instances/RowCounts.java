package io.instanceconsole.ui.instances;

import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceStatus;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The table's rows counted by host and status, kept in step with every change, and the hosts that do not answer now:
 * the summary never recounts the rows (10,000 per frame during a bulk run), and the rows of a host that does not
 * answer are counted apart, as last known, not by the state they had when it last answered. No toolkit types; FX
 * thread only.
 */
final class RowCounts {
    private static final InstanceStatus[] STATUSES = InstanceStatus.values();

    private final Map<String, int[]> byHost = new HashMap<>();
    private final Set<String> downHosts = new HashSet<>();

    void add(Instance instance) {
        count(instance, 1);
    }

    void remove(Instance instance) {
        count(instance, -1);
    }

    /** Forgets every row (not the hosts that are down). */
    void clear() {
        byHost.clear();
    }

    /** Whether a host answers now; true when that changed. */
    boolean setDown(String connectionId, boolean down) {
        return down ? downHosts.add(connectionId) : downHosts.remove(connectionId);
    }

    /** A host that does not answer now: its rows show a last-known state. */
    boolean isDown(String connectionId) {
        return downHosts.contains(connectionId);
    }

    /** {@code 40 instances · 24 running · 8 stopped · 8 last known}, for {@code total} rows. */
    String summary(int total) {
        int[] counts = new int[STATUSES.length];
        int lastKnown = 0;
        for (Map.Entry<String, int[]> host : byHost.entrySet()) {
            boolean down = downHosts.contains(host.getKey());
            for (InstanceStatus status : STATUSES) {
                if (down) {
                    lastKnown += host.getValue()[status.ordinal()];
                } else {
                    counts[status.ordinal()] += host.getValue()[status.ordinal()];
                }
            }
        }
        StringBuilder text = new StringBuilder().append(total).append(total == 1 ? " instance" : " instances");
        for (InstanceStatus status : STATUSES) {
            if (counts[status.ordinal()] > 0) {
                text.append(" · ").append(counts[status.ordinal()]).append(' ').append(status.key());
            }
        }
        if (lastKnown > 0) {
            text.append(" · ").append(lastKnown).append(" last known");
        }
        return text.toString();
    }

    private void count(Instance instance, int delta) {
        byHost.computeIfAbsent(instance.connectionId(), id -> new int[STATUSES.length])[instance.status().ordinal()]
                += delta;
    }
}
