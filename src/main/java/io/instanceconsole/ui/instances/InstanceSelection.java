package io.instanceconsole.ui.instances;

import io.instanceconsole.domain.Instance;
import io.instanceconsole.ui.common.HostStatusTally;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The selected rows, which every bulk action applies to: the table says what is selected and keeps the selection in
 * step with row changes; the bulk actions read it and are told, through {@link #whenChanged}, after every change of
 * the selection and every batch of row changes (a row's state decides what an action would do to it). Rows are kept
 * by identity. No toolkit types; FX thread only.
 */
public final class InstanceSelection {
    /** The selected rows in the order shown, as the table lists them; copied only when asked for. */
    private List<InstanceRowViewModel> shown = List.of();
    private List<InstanceRowViewModel> rows = List.of();
    private Set<InstanceRowViewModel> members = Collections.newSetFromMap(new IdentityHashMap<>());
    /** The selection by host and status, kept in step with row changes: bulk enablement asks after every batch. */
    private final HostStatusTally kinds = new HostStatusTally();
    private final List<Runnable> listeners = new ArrayList<>();

    /** Told after every change of the selection and every batch of row changes, in the order added. */
    public void whenChanged(Runnable listener) {
        listeners.add(requireNonNull(listener, "listener was not specified"));
    }

    /** The selected rows, in the order shown. */
    public List<InstanceRowViewModel> rows() {
        if (rows == null) {
            rows = List.copyOf(shown);
        }
        return rows;
    }

    public int size() {
        return shown.size();
    }

    /** Snapshots of the selected rows, for a bulk action's preview and run. */
    public List<Instance> instances() {
        return rows().stream().map(InstanceRowViewModel::snapshot).toList();
    }

    /**
     * One selected instance per host and status: what decides whether a bulk action qualifies for any selected row
     * (see {@link HostStatusTally}); cheap whatever the selection's size.
     */
    public List<Instance> kinds() {
        return kinds.samples();
    }

    /** These rows are the selection now; the listeners are told. */
    void select(List<InstanceRowViewModel> selected) {
        rows = List.copyOf(selected);
        shown = rows;
        members.clear();
        members.addAll(rows);
        kinds.clear();
        rows.forEach(row -> kinds.add(row.snapshot()));
        changed();
    }

    /**
     * The selection changed by {@code left} and {@code joined} (a row may be in both: it moved); {@code selected} lists
     * the selection now, in the order shown, and is read when asked (it stays current with the table). Costs the
     * changed rows, not the selection's size; the listeners are told.
     */
    void select(List<InstanceRowViewModel> selected, Collection<InstanceRowViewModel> left,
                Collection<InstanceRowViewModel> joined) {
        shown = Collections.unmodifiableList(selected);
        rows = null;
        if (selected.isEmpty()) {
            members.clear();
            kinds.clear();
            changed();
            return;
        }
        if (joined.size() > members.size()) {
            // sized once for what joins (a select-all), not grown step by step
            Set<InstanceRowViewModel> larger = Collections.newSetFromMap(new IdentityHashMap<>(members.size() + joined.size()));
            larger.addAll(members);
            members = larger;
        }
        for (InstanceRowViewModel row : left) {
            if (members.remove(row)) {
                kinds.remove(row.snapshot());
            }
        }
        for (InstanceRowViewModel row : joined) {
            if (members.add(row)) {
                kinds.add(row.snapshot());
            }
        }
        changed();
    }

    /** A row's state changed from {@code before}: counted anew if it is selected. */
    void rowUpdated(InstanceRowViewModel row, Instance before) {
        if (members.contains(row)) {
            kinds.changed(before, row.snapshot());
        }
    }

    /** A row is gone: no longer counted, nor a member (the table drops it from the selection after). */
    void rowRemoved(InstanceRowViewModel row) {
        if (members.remove(row)) {
            kinds.remove(row.snapshot());
        }
    }

    /** Tells the listeners that rows changed (the selection may not have). */
    void changed() {
        listeners.forEach(Runnable::run);
    }
}
