package io.instanceconsole.ui.instances;

import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
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
 */
public final class InstanceRowViewModel {
    private final ReadOnlyObjectWrapper<RowState> state;
    private final String hostName;
    private final InstanceActions actions;
    private final Command pause;
    private final Command resume;
    private final ReadOnlyObjectWrapper<io.instanceconsole.domain.InstanceStats> stats = new ReadOnlyObjectWrapper<>();

    InstanceRowViewModel(Instance instance, String hostName, InstanceActions actions, Consumer<Action> run) {
        this.state = new ReadOnlyObjectWrapper<>(new RowState(instance, null, ""));
        this.hostName = hostName;
        this.actions = actions;
        this.pause = new Command(executable(Action.PAUSE), () -> run.accept(Action.PAUSE));
        this.resume = new Command(executable(Action.RESUME), () -> run.accept(Action.RESUME));
    }

    private BooleanBinding executable(Action action) {
        return Bindings.createBooleanBinding(() -> whyNot(action).isEmpty(), state);
    }

    /** Why the action is not offered now, for the disabled button's tooltip; empty when it is. */
    public String whyNot(Action action) {
        RowState current = state.get();
        if (current.inFlight() != null) {
            return current.inFlight().progressLabel();
        }
        return actions.whyNot(action, current.snapshot()).orElse("");
    }

    public InstanceKey key() {
        return snapshot().key();
    }

    public Instance snapshot() {
        return state.get().snapshot();
    }

    public String hostName() {
        return hostName;
    }

    public ReadOnlyObjectProperty<RowState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public Command pauseCommand() {
        return pause;
    }

    public Command resumeCommand() {
        return resume;
    }

    /** The last resource sample, or null when none was taken (not on screen, not running, or not reported). */
    public ReadOnlyObjectProperty<io.instanceconsole.domain.InstanceStats> statsProperty() {
        return stats.getReadOnlyProperty();
    }

    void setStats(io.instanceconsole.domain.InstanceStats sample) {
        stats.set(sample);
    }

    void update(Instance instance) {
        if (instance.status() != io.instanceconsole.domain.InstanceStatus.RUNNING) {
            stats.set(null);
        }
        state.set(state.get().withSnapshot(instance));
    }

    void started(Action action) {
        state.set(new RowState(snapshot(), action, "", state.get().staleNote()));
    }

    void finished(String errorMessage) {
        state.set(new RowState(snapshot(), null, errorMessage, state.get().staleNote()));
    }

    /** Marks the row as showing a last-known state (or fresh again with an empty note); re-evaluates enablement. */
    void setStaleNote(String note) {
        state.set(state.get().withStaleNote(note));
    }
}
