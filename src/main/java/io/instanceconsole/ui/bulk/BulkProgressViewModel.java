package io.instanceconsole.ui.bulk;

import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.service.BulkOperation;
import io.instanceconsole.service.BulkOperation.ItemState;
import io.instanceconsole.service.BulkOperation.ItemUpdate;
import io.instanceconsole.ui.common.Coalescer;
import io.instanceconsole.ui.common.Command;
import io.instanceconsole.ui.common.DialogService;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * The non-modal progress panel of the current bulk run: one line per item, a total progress bar, cancel for items
 * not yet started, retry of the failures only, and copy of the errors. Item updates arrive from service threads and
 * are applied in one batch per frame. FX thread only (except {@link #listener}).
 */
public final class BulkProgressViewModel {
    private final Executor uiThread;
    private final DialogService dialogs;
    private final Function<String, String> hostNames;
    private final ObservableList<BulkItemViewModel> items = FXCollections.observableArrayList();
    private final Map<InstanceKey, BulkItemViewModel> byKey = new HashMap<>();
    private final Map<ItemState, Integer> counts = new EnumMap<>(ItemState.class);
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final BooleanProperty visible = new SimpleBooleanProperty(false);
    private final BooleanProperty running = new SimpleBooleanProperty(false);
    private final BooleanProperty hasFailures = new SimpleBooleanProperty(false);
    /** A finished pause or resume with instances it did: Undo does the reverse to exactly those. */
    private final BooleanProperty hasUndoable = new SimpleBooleanProperty(false);
    private final Command cancel;
    private final Command retryFailed;
    private final Command copyErrors;
    private final Command close;
    private final Command undo;
    private BulkOperation operation;
    /** Items whose outcome is unknown, with their action and when they became so, until the host settles them. */
    private final Map<InstanceKey, Unknown> unknown = new HashMap<>();

    private record Unknown(Action action, Instant since) {
    }

    static final String NO_ANSWER = "no answer from the host in time; the console settles it from the host's state";
    private final List<BiConsumer<Action, List<ItemUpdate>>> itemsListeners = new ArrayList<>();

    /**
     * @param retry runs the failed instances again (re-planned from their current state)
     * @param undo  runs an action (the reverse of the run's) on the instances the run did
     */
    public BulkProgressViewModel(Executor uiThread, DialogService dialogs, Function<String, String> hostNames,
                                 Consumer<List<InstanceKey>> retry, BiConsumer<Action, List<InstanceKey>> undo) {
        this.uiThread = uiThread;
        this.dialogs = dialogs;
        this.hostNames = hostNames;
        this.cancel = new Command(running, () -> operation.cancel());
        this.retryFailed = new Command(Bindings.createBooleanBinding(() -> !running.get() && hasFailures.get(), running, hasFailures),
                () -> retry.accept(failedKeys()));
        this.copyErrors = new Command(hasFailures, () -> dialogs.copyToClipboard(errorsText()));
        this.close = new Command(running.not(), () -> visible.set(false));
        this.undo = new Command(Bindings.createBooleanBinding(() -> !running.get() && hasUndoable.get(), running,
                hasUndoable), () -> undo.accept(reverse(operation.action()), succeededKeys()));
    }

    /** Pause undoes resume and the reverse; nothing else is undone (a stop or a delete is not a click away). */
    static Action reverse(Action action) {
        return switch (action) {
            case PAUSE -> Action.RESUME;
            case RESUME -> Action.PAUSE;
            default -> null;
        };
    }

    /** Adds a listener told of every applied batch, in the order added (the table shows items in flight on their rows). */
    public void whenItemsChange(BiConsumer<Action, List<ItemUpdate>> listener) {
        itemsListeners.add(requireNonNull(listener, "listener was not specified"));
    }

    /**
     * Where a starting operation of this action sends its item updates (any thread). The action travels with the
     * updates: the first ones can arrive before {@link #track} has seen the operation.
     */
    public Consumer<ItemUpdate> listener(Action action) {
        Coalescer<ItemUpdate> coalescer = new Coalescer<>(uiThread, batch -> apply(action, batch));
        return coalescer::add;
    }

    /** Shows a new run in the panel; its updates must come through a fresh {@link #listener}. */
    public void track(BulkOperation newOperation) {
        operation = newOperation;
        int count = newOperation.plan().willRun().size() + newOperation.plan().skippedCount();
        title.set(newOperation.action().label() + " · " + count + (count == 1 ? " instance" : " instances"));
        running.set(!newOperation.completion().isDone());
        visible.set(true);
        newOperation.completion().thenRunAsync(() -> {
            running.set(false);
            updateSummary();
        }, uiThread);
    }

    /** Clears the panel for a new run. */
    public void reset() {
        items.clear();
        byKey.clear();
        counts.clear();
        unknown.clear();
        hasFailures.set(false);
        hasUndoable.set(false);
        progress.set(0);
        summary.set("");
    }

    private void apply(Action action, List<ItemUpdate> batch) {
        List<BulkItemViewModel> added = new ArrayList<>();
        for (ItemUpdate update : batch) {
            BulkItemViewModel item = byKey.get(update.key());
            if (item == null) {
                item = new BulkItemViewModel(update.key(), update.name(), hostNames.apply(update.key().connectionId()), update.state());
                byKey.put(update.key(), item);
                added.add(item);
                counts.merge(update.state(), 1, Integer::sum);
            } else {
                counts.merge(item.state(), -1, Integer::sum);
                counts.merge(update.state(), 1, Integer::sum);
            }
            String message = update.message();
            if (update.state() == ItemState.UNKNOWN) {
                // an unknown item says why it is unknown, and waits for the host's word
                message = message == null || message.isBlank() ? NO_ANSWER : message;
                unknown.put(update.key(), new Unknown(action, Instant.now()));
            } else {
                unknown.remove(update.key());
            }
            item.update(update.state(), message);
        }
        items.addAll(added);
        updateSummary();
        itemsListeners.forEach(listener -> listener.accept(action, batch));
    }

    /**
     * The host reported instances again: an unknown item whose instance was seen since becomes succeeded (it is in
     * the state the action leads to, or gone after a delete) or failed, with the host's word as the reason. The
     * panel kept "7 unknown" after the table showed all 9 paused.
     *
     * @param current the latest snapshot of an instance, or null when it no longer exists
     */
    public void settleUnknown(Function<InstanceKey, Instance> current) {
        if (unknown.isEmpty()) {
            return;
        }
        boolean changed = false;
        for (var it = unknown.entrySet().iterator(); it.hasNext(); ) {
            var entry = it.next();
            Action action = entry.getValue().action();
            Instance now = current.apply(entry.getKey());
            ItemState settled;
            String why;
            if (now == null) {
                settled = action == Action.DELETE ? ItemState.SUCCEEDED : ItemState.FAILED;
                why = "settled from the host: it no longer exists";
            } else if (now.lastSeen() != null && !now.lastSeen().isBefore(entry.getValue().since())) {
                boolean done = action.resultingStatus().filter(now.status()::equals).isPresent();
                settled = done ? ItemState.SUCCEEDED : ItemState.FAILED;
                why = "settled from the host: " + (done ? "now " + now.status().key()
                        : "it is " + now.status().key() + " (the " + action.key() + " did not happen)");
            } else {
                continue; // not seen since: still unknown
            }
            it.remove();
            BulkItemViewModel item = byKey.get(entry.getKey());
            if (item != null) {
                counts.merge(item.state(), -1, Integer::sum);
                counts.merge(settled, 1, Integer::sum);
                item.update(settled, why);
                changed = true;
            }
        }
        if (changed) {
            updateSummary();
        }
    }

    private void updateSummary() {
        int total = byKey.size();
        int finished = count(ItemState.SUCCEEDED) + count(ItemState.SKIPPED) + count(ItemState.FAILED)
                + count(ItemState.UNKNOWN) + count(ItemState.CANCELLED);
        progress.set(total == 0 ? 0 : (double) finished / total);
        hasFailures.set(count(ItemState.FAILED) > 0);
        hasUndoable.set(operation != null && reverse(operation.action()) != null && count(ItemState.SUCCEEDED) > 0);
        StringBuilder text = new StringBuilder();
        for (ItemState state : ItemState.values()) {
            if (count(state) > 0) {
                text.append(text.isEmpty() ? "" : " · ").append(count(state)).append(' ').append(state.name().toLowerCase());
            }
        }
        summary.set(text.toString());
    }

    private int count(ItemState state) {
        return counts.getOrDefault(state, 0);
    }

    private List<InstanceKey> succeededKeys() {
        return items.stream().filter(i -> i.state() == ItemState.SUCCEEDED).map(BulkItemViewModel::key).toList();
    }

    private List<InstanceKey> failedKeys() {
        return items.stream().filter(i -> i.state() == ItemState.FAILED).map(BulkItemViewModel::key).toList();
    }

    private String errorsText() {
        StringBuilder text = new StringBuilder();
        items.stream().filter(i -> i.state() == ItemState.FAILED).forEach(i ->
                text.append(i.name()).append(" on ").append(i.host()).append(": ").append(i.messageProperty().get()).append('\n'));
        return text.toString();
    }

    /** The action of the run shown (for retries). */
    Action currentAction() {
        return operation.action();
    }

    public ObservableList<BulkItemViewModel> items() {
        return items;
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public BooleanProperty visibleProperty() {
        return visible;
    }

    public BooleanProperty runningProperty() {
        return running;
    }

    public Command cancelCommand() {
        return cancel;
    }

    public Command retryFailedCommand() {
        return retryFailed;
    }

    public Command copyErrorsCommand() {
        return copyErrors;
    }

    /** Closes the panel when it shows a finished run (Esc); false when there was nothing to close. */
    public boolean dismiss() {
        if (!visible.get() || !close.isExecutable()) {
            return false;
        }
        close.execute();
        return true;
    }

    /** Resumes exactly what the last bulk pause paused, or pauses what the last bulk resume resumed. */
    public Command undoCommand() {
        return undo;
    }

    public Command closeCommand() {
        return close;
    }
}
