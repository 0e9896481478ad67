package io.instanceconsole.ui.bulk;

import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.service.BulkOperation;
import io.instanceconsole.service.BulkPlan;
import io.instanceconsole.service.InstanceActions;
import io.instanceconsole.service.Preferences;
import io.instanceconsole.ui.common.Command;
import io.instanceconsole.ui.common.DialogService;
import io.instanceconsole.ui.common.Notifier;
import io.instanceconsole.ui.instances.InstanceSelection;
import javafx.beans.property.ReadOnlyBooleanWrapper;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Bulk actions on the selection: one command per action, executable when at least one selected row qualifies
 * (the others are skipped, reported, and never sent). Pause and resume never ask; stop, force stop and delete ask
 * with a preview, and offer "don't ask again" per action. FX thread only.
 */
public final class BulkActionsViewModel {
    /** Not undone by a click, so they ask first. */
    static final Set<Action> CONFIRMED = EnumSet.of(Action.STOP, Action.FORCE_STOP, Action.DELETE);
    static final String DONT_ASK_PREFIX = "confirm.skip.";

    private final InstanceSelection selection;
    private final Function<InstanceKey, Instance> current;
    private final InstanceActions actions;
    private final DialogService dialogs;
    private final Notifier notifier;
    private final Preferences preferences;
    private final BulkProgressViewModel progress;
    private final Function<String, String> hostNames;
    private final Map<Action, ReadOnlyBooleanWrapper> executable = new EnumMap<>(Action.class);
    private final Map<Action, Command> commands = new EnumMap<>(Action.class);
    private boolean refreshScheduled;
    private final Executor uiThread;
    private final Executor background;

    /**
     * @param selection what the actions apply to; this view model follows its changes
     * @param current   the latest snapshot of an instance (null when gone), for retries
     */
    public BulkActionsViewModel(InstanceSelection selection, Function<InstanceKey, Instance> current,
                                InstanceActions actions, DialogService dialogs, Notifier notifier, Preferences preferences,
                                Executor uiThread, Executor background, Function<String, String> hostNames) {
        this.selection = selection;
        this.current = current;
        this.actions = actions;
        this.dialogs = dialogs;
        this.notifier = notifier;
        this.preferences = preferences;
        this.uiThread = uiThread;
        this.background = background;
        this.progress = new BulkProgressViewModel(uiThread, dialogs, hostNames, this::retry, this::undo);
        this.hostNames = hostNames;
        for (Action action : Action.values()) {
            ReadOnlyBooleanWrapper canRun = new ReadOnlyBooleanWrapper(false);
            executable.put(action, canRun);
            commands.put(action, new Command(canRun.getReadOnlyProperty(), () -> request(action)));
        }
        selection.whenChanged(this::selectionOrRowsChanged);
    }

    public Command command(Action action) {
        return commands.get(action);
    }

    public BulkProgressViewModel progress() {
        return progress;
    }

    /** What the action would do to the selection now: {@code 7 will pause · 2 skipped: already paused}. */
    public String preview(Action action) {
        BulkPlan plan = BulkPlan.of(action, selection.instances(), actions);
        return plan.isEmpty() ? plan.nothingToDo() : plan.summary();
    }

    /**
     * The selection or a row changed: recompute enablement once, on the next turn of the UI thread, however many
     * changes arrive before it (a bulk run over 10,000 rows changes them all).
     */
    public void selectionOrRowsChanged() {
        if (!refreshScheduled) {
            refreshScheduled = true;
            uiThread.execute(this::refreshEnablement);
        }
    }

    private void refreshEnablement() {
        refreshScheduled = false;
        // rows changed: the host may have settled what the panel still shows as unknown
        progress.settleUnknown(current);
        // One row per host and status, not every selected row: this runs after every batch of row changes, and
        // scanning 10,000 selected rows × 7 actions per frame was a quarter of a bulk run's FX time.
        List<Instance> kinds = selection.kinds();
        for (Action action : Action.values()) {
            executable.get(action).set(kinds.stream().anyMatch(instance -> actions.whyNot(action, instance).isEmpty()));
        }
    }

    /** Runs the action on the selection: explains when nothing qualifies, asks first where it must. */
    void request(Action action) {
        plan(action, selection.instances(), true);
    }

    /**
     * Plans off the UI thread (over 10,000 rows the rules and the skip reasons take tens of milliseconds), then
     * asks, if it must, and starts the run back on the UI thread.
     */
    private void plan(Action action, List<Instance> instances, boolean ask) {
        CompletableFuture.supplyAsync(() -> BulkPlan.of(action, instances, actions), background)
                .thenAcceptAsync(plan -> run(plan, ask), uiThread);
    }

    private void run(BulkPlan plan, boolean ask) {
        Action action = plan.action();
        if (plan.isEmpty()) {
            notifier.notify(Notifier.Severity.INFO, plan.nothingToDo());
            return;
        }
        if (ask && CONFIRMED.contains(action) && preferences.get(DONT_ASK_PREFIX + action.key()).isEmpty()) {
            DialogService.Confirmation answer = dialogs.confirm(action.label() + " instances",
                    action.label() + " " + plan.willRun().size() + " instance" + (plan.willRun().size() == 1 ? "" : "s") + "?",
                    plan.summary() + "\n\n" + names(plan.willRun()), true);
            if (!answer.confirmed()) {
                return;
            }
            if (answer.dontAskAgain()) {
                preferences.put(DONT_ASK_PREFIX + action.key(), "true");
            }
        }
        progress.reset();
        Consumer<BulkOperation.ItemUpdate> listener = progress.listener(action);
        // Starting queues every item and reports it (SKIPPED, QUEUED): off the UI thread too; the panel follows.
        CompletableFuture.supplyAsync(() -> BulkOperation.start(plan, actions, listener), background)
                .thenAcceptAsync(progress::track, uiThread);
    }

    /** Undoes every "don't ask again": stop, force stop and delete confirm again. */
    public void askAgain() {
        CompletableFuture.runAsync(
                () -> preferences.withPrefix(DONT_ASK_PREFIX).keySet().forEach(preferences::remove), background)
                .thenRunAsync(() -> notifier.notify(Notifier.Severity.INFO,
                        "Stop, force stop and delete ask again before they run"), uiThread);
    }

    /** Retry plans the failed instances again from their current state, without asking again. */
    private void retry(List<InstanceKey> failed) {
        List<Instance> instances = failed.stream().map(current).filter(Objects::nonNull).toList();
        plan(progress.currentAction(), instances, false);
    }

    /** Undo of a bulk pause or resume: the reverse, on exactly the instances it did, from their current state. */
    private void undo(Action reverse, List<InstanceKey> done) {
        plan(reverse, done.stream().map(current).filter(Objects::nonNull).toList(), false);
    }

    /** "web-1 on lab1, web-1 on lab2, …": the same name on two hosts must read as two instances. */
    private String names(List<Instance> instances) {
        List<String> names = instances.stream().limit(12)
                .map(i -> i.name() + " on " + hostNames.apply(i.connectionId())).toList();
        return String.join(", ", names) + (instances.size() > names.size() ? ", and " + (instances.size() - names.size()) + " more" : "");
    }
}
