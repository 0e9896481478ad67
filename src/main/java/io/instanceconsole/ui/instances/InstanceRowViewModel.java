package io.instanceconsole.ui.instances;

import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.InstanceStats;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.service.InstanceActions;
import io.instanceconsole.ui.common.Command;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

import java.util.function.Consumer;

/**
 * One table row: an immutable {@link RowState} (snapshot, action in flight, last error) and the row's Pause and
 * Resume commands, enabled from the state. FX thread only.
 *
 * @implNote The properties and commands are created when something first asks for them: the table creates a row
 * for every cached instance before the first paint, but only the few rows on screen ever get cells (and
 * listeners). Eager properties, two {@code BooleanBinding}s and two commands per row cost 10,000 × that at start-up.
 */
public final class InstanceRowViewModel {
    private final String hostName;
    private final InstanceActions actions;
    private final Consumer<Action> run;
    private RowState current;
    private ReadOnlyObjectWrapper<RowState> state;
    private Command pause;
    private Command resume;
    private InstanceStats lastStats;
    private ReadOnlyObjectWrapper<InstanceStats> stats;
    private CpuTrend lastTrend = CpuTrend.NONE;
    private ReadOnlyObjectWrapper<CpuTrend> trend;

    InstanceRowViewModel(Instance instance, String hostName, InstanceActions actions, Consumer<Action> run) {
        this.current = new RowState(instance, null, "");
        this.hostName = hostName;
        this.actions = actions;
        this.run = run;
    }

    private BooleanBinding executable(Action action) {
        // Computed from the property's value, not from the field: reading a lazy property is what makes its next
        // change notify again. Computed from the field, a state set while nobody had read the property (its row
        // off screen, or between cell updates) left the binding with its old value: Resume stayed disabled.
        ReadOnlyObjectProperty<RowState> observed = stateProperty();
        return Bindings.createBooleanBinding(() -> whyNot(action, observed.get()).isEmpty(), observed);
    }

    /** Why the action is not offered now, for the disabled button's tooltip; empty when it is. */
    public String whyNot(Action action) {
        return whyNot(action, current);
    }

    private String whyNot(Action action, RowState current) {
        if (current.inFlight() != null) {
            return current.inFlight().progressLabel();
        }
        return actions.whyNot(action, current.snapshot()).orElse("");
    }

    public InstanceKey key() {
        return snapshot().key();
    }

    public Instance snapshot() {
        return current.snapshot();
    }

    public String hostName() {
        return hostName;
    }

    /** The row's current state (as {@link #stateProperty()} holds it), without creating the property. */
    public RowState state() {
        return current;
    }

    public ReadOnlyObjectProperty<RowState> stateProperty() {
        if (state == null) {
            state = new ReadOnlyObjectWrapper<>(current);
        }
        return state.getReadOnlyProperty();
    }

    public Command pauseCommand() {
        if (pause == null) {
            pause = new Command(executable(Action.PAUSE), () -> run.accept(Action.PAUSE));
        }
        return pause;
    }

    public Command resumeCommand() {
        if (resume == null) {
            resume = new Command(executable(Action.RESUME), () -> run.accept(Action.RESUME));
        }
        return resume;
    }

    /** The last resource sample, or null when none was taken (not on screen, not running, or not reported). */
    public ReadOnlyObjectProperty<InstanceStats> statsProperty() {
        if (stats == null) {
            stats = new ReadOnlyObjectWrapper<>(lastStats);
        }
        return stats.getReadOnlyProperty();
    }

    /** The CPU column's figure and line of recent samples; {@link CpuTrend#NONE} without a sample. */
    public ReadOnlyObjectProperty<CpuTrend> cpuTrendProperty() {
        if (trend == null) {
            trend = new ReadOnlyObjectWrapper<>(lastTrend);
        }
        return trend.getReadOnlyProperty();
    }

    /** A new sample; the cells repaint only when a figure they show changed (most samples of an idle host do not). */
    void setStats(InstanceStats sample) {
        CpuTrend nextTrend = sample == null ? CpuTrend.NONE : lastTrend.with(sample);
        if (nextTrend != lastTrend) {
            lastTrend = nextTrend;
            if (trend != null) {
                trend.set(nextTrend);
            }
        }
        if (sample != null && lastStats != null && sample.cpuText().equals(lastStats.cpuText())
                && sample.memoryText().equals(lastStats.memoryText())) {
            return;
        }
        lastStats = sample;
        if (stats != null) {
            stats.set(sample);
        }
    }

    void update(Instance instance) {
        if (instance.status() != InstanceStatus.RUNNING || instance.isLastKnown()) {
            setStats(null);
        }
        setState(current.withSnapshot(instance));
    }

    void started(Action action) {
        setState(new RowState(snapshot(), action, "", current.staleNote()));
    }

    void finished(String errorMessage) {
        setState(new RowState(snapshot(), null, errorMessage, current.staleNote()));
    }

    /** The last action's error no longer applies (the host reported a new state, or answers again). */
    void clearError() {
        setState(new RowState(snapshot(), current.inFlight(), "", current.staleNote()));
    }

    /** Marks the row as showing a last-known state (or fresh again with an empty note); re-evaluates enablement. */
    void setStaleNote(String note) {
        if (!note.isEmpty()) {
            setStats(null); // a figure from before the host stopped answering reads as live: none rather than a stale one
        }
        setState(current.withStaleNote(note));
    }

    private void setState(RowState next) {
        current = next;
        if (state != null) {
            state.set(next);
        }
    }
}
