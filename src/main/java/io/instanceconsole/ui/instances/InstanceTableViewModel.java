package io.instanceconsole.ui.instances;

import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.InstanceQuery;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.domain.OperationState;
import io.instanceconsole.domain.QuerySyntaxException;
import io.instanceconsole.service.ActionResult;
import io.instanceconsole.service.BulkOperation;
import io.instanceconsole.service.ConnectionHealth;
import io.instanceconsole.service.InstanceActions;
import io.instanceconsole.service.InstanceChanges;
import io.instanceconsole.service.StatsService;
import io.instanceconsole.ui.common.Notifier;
import io.instanceconsole.ui.common.UiServiceEvents;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

import static java.util.Objects.requireNonNull;

/**
 * The instance table: rows keyed by instance, fed through {@code ObservableList → FilteredList → SortedList}, kept
 * in step with batches of service changes, and the per-row actions. FX thread only; service results arrive through
 * the UI executor.
 */
public final class InstanceTableViewModel implements UiServiceEvents.Subscriber {
    private final InstanceActions actions;
    private final Executor uiThread;
    private final Notifier notifier;
    private final Function<String, String> hostNames;
    private final ObservableList<InstanceRowViewModel> rows = FXCollections.observableArrayList();
    private final FilteredList<InstanceRowViewModel> filtered = new FilteredList<>(rows);
    private final SortedList<InstanceRowViewModel> sorted = new SortedList<>(filtered);
    private final Map<InstanceKey, InstanceRowViewModel> byKey = new HashMap<>();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final StringProperty filterText = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper filterError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper scope = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper emptyText = new ReadOnlyStringWrapper(NO_INSTANCES_YET);
    static final String NO_INSTANCES_YET = "No instances yet: waiting for the hosts to answer";
    static final String NO_CONNECTIONS = "No connections: add one in the Connections tab (Ctrl+3)";
    static final String NO_INSTANCES = "No instances: the connected hosts have none";
    /** The connections that exist, once the service said so (null before), and the health each last reported. */
    private Set<String> existingHosts;
    private final Map<String, ConnectionHealth.State> hostStates = new HashMap<>();
    private final InstanceSelection selection = new InstanceSelection();
    private Consumer<List<InstanceRowViewModel>> selectionToKeep = rows -> { };
    private final RowCounts counts = new RowCounts();
    /** What each row's last failed or unknown action told the user, withdrawn when its cause is gone. */
    private final Map<InstanceKey, Notice> notices = new HashMap<>();
    private Clock clock = Clock.systemDefaultZone();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    /** A notification shown for a row's action; an unknown outcome is settled by the row's next state from the host. */
    private record Notice(String message, boolean unknown) {
    }
    private Function<String, String> hostColours = id -> "";
    private StatsService statsSampler;

    /**
     * @param hostNames connection id to display name
     */
    public InstanceTableViewModel(InstanceActions actions, Executor uiThread, Notifier notifier,
                                  Function<String, String> hostNames) {
        this.actions = requireNonNull(actions, "actions was not specified");
        this.uiThread = requireNonNull(uiThread, "uiThread was not specified");
        this.notifier = requireNonNull(notifier, "notifier was not specified");
        this.hostNames = requireNonNull(hostNames, "hostNames was not specified");
        filterText.addListener((obs, old, text) -> applyFilter(text));
    }

    /**
     * Asks for fresh resource figures for the rows on screen (the view says which); results arrive on the UI thread.
     */
    public void sampleStats(List<InstanceRowViewModel> visible) {
        if (statsSampler == null || visible.isEmpty()) {
            return;
        }
        statsSampler.sample(visible.stream().map(InstanceRowViewModel::snapshot).toList(),
                (key, sample) -> uiThread.execute(() -> {
                    InstanceRowViewModel row = byKey.get(key);
                    // a sample asked for while the row was running can arrive after it was paused or stopped: only
                    // running rows show figures
                    if (row != null && row.snapshot().status() == InstanceStatus.RUNNING
                            && !counts.isDown(key.connectionId())) {
                        row.setStats(sample);
                    }
                }));
    }

    /** Where resource figures come from; without one the table shows none. */
    public void setStatsSampler(StatsService sampler) {
        statsSampler = sampler;
    }

    /** The colour a user gave a row's host (CSS hex), or empty. */
    public String hostColour(InstanceRowViewModel row) {
        return hostColours.apply(row.key().connectionId());
    }

    /** Sets where host colours come from (the Connections settings). */
    public void setHostColours(Function<String, String> colours) {
        hostColours = requireNonNull(colours, "colours was not specified");
    }

    /** The clock that dates a row's error ("Pause failed at 14:02:11: …"). */
    public void setClock(Clock clock) {
        this.clock = requireNonNull(clock, "clock was not specified");
    }

    /** The filter bar's text, in the shared query language ({@code status:paused host:lab1 web}). */
    public StringProperty filterTextProperty() {
        return filterText;
    }

    /** What is wrong with the filter text, or empty; the table keeps the last valid filter meanwhile. */
    public ReadOnlyStringProperty filterErrorProperty() {
        return filterError.getReadOnlyProperty();
    }

    /** {@code 12 selected of 340 shown}: the scope every bulk action applies to. */
    public ReadOnlyStringProperty scopeProperty() {
        return scope.getReadOnlyProperty();
    }

    /** The view reports the selected rows (in the order shown). */
    public void selectionChanged(List<InstanceRowViewModel> selected) {
        selection.select(selected);
        updateScope();
    }

    /**
     * The view reports a change of the selection: {@code selected} is the selection in the order shown (a list the
     * view keeps current), {@code left} and {@code joined} what changed; costs the changed rows only.
     */
    public void selectionChanged(List<InstanceRowViewModel> selected, Collection<InstanceRowViewModel> left,
                                 Collection<InstanceRowViewModel> joined) {
        selection.select(selected, left, joined);
        updateScope();
    }

    /** The selected rows, which bulk actions apply to; told of every change of them and of every batch of rows. */
    public InstanceSelection selection() {
        return selection;
    }

    /**
     * Told, after rows were added or removed, which rows the selection must still hold: JavaFX's selection model keeps
     * positions, and when rows land before the selected ones in the sorted table it highlighted other instances than
     * the ones an action would be sent to.
     */
    public void onSelectionToKeep(Consumer<List<InstanceRowViewModel>> listener) {
        selectionToKeep = requireNonNull(listener, "listener was not specified");
    }

    private void applyFilter(String text) {
        try {
            InstanceQuery query = InstanceQuery.parse(text);
            refilter(query.isEmpty() ? null : row -> query.matches(row.snapshot(), row.hostName()));
            filterError.set("");
        } catch (QuerySyntaxException e) {
            filterError.set(e.getMessage());
        }
        updateScope();
    }

    /**
     * Filters the rows again; the selected rows that still match stay selected, the others are no longer (an action
     * must not reach rows out of sight). JavaFX's selection keeps positions, so after filtering it held other rows.
     */
    private void refilter(Predicate<? super InstanceRowViewModel> predicate) {
        List<InstanceRowViewModel> kept = selection.rows().stream().filter(row -> predicate == null || predicate.test(row))
                .toList();
        filtered.setPredicate(predicate == null ? null : predicate::test);
        selectionToKeep.accept(kept);
    }

    private void updateScope() {
        int shown = filtered.size();
        String text = selection.size() + " selected of " + shown + " shown";
        scope.set(shown == rows.size() ? text : text + " (" + rows.size() + " in all)");
        // an invalid filter text is not what is applied (the last valid one is), so it is not quoted
        String which = filterError.get().isEmpty() ? "'" + filterText.get().strip() + "'" : "the filter";
        emptyText.set(rows.isEmpty() ? noRowsText() : "No instance matches " + which + " (" + rows.size()
                + (rows.size() == 1 ? " instance" : " instances") + " in all; Esc in the filter clears it)");
    }

    /** What the table says when it shows no row: nothing known yet, or nothing matching the filter. */
    public ReadOnlyStringProperty emptyTextProperty() {
        return emptyText.getReadOnlyProperty();
    }

    /** Every row, filtered out or not, read-only (the first-start notice counts the simulator's). */
    public ObservableList<InstanceRowViewModel> allRows() {
        return FXCollections.unmodifiableObservableList(rows);
    }

    /** Rows as the table shows them; the view sets their comparator from its sort order. */
    public SortedList<InstanceRowViewModel> sortedRows() {
        return sorted;
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public InstanceRowViewModel row(InstanceKey key) {
        return byKey.get(key);
    }

    /** Replaces everything (first paint from the store's last-known snapshot). */
    public void load(Collection<Instance> instances) {
        byKey.clear();
        List<InstanceRowViewModel> fresh = instances.stream().map(this::newRow).toList();
        fresh.forEach(r -> byKey.put(r.key(), r));
        rows.setAll(fresh);
        counts.clear();
        fresh.forEach(r -> counts.add(r.snapshot()));
        updateSummary();
        updateScope();
    }

    @Override
    public void instancesChanged(List<InstanceChanges> batches) {
        apply(batches);
    }

    @Override
    public void hostNews(List<UiServiceEvents.HostNews> news) {
        for (UiServiceEvents.HostNews item : news) {
            if (item instanceof UiServiceEvents.HostNews.Health h) {
                hostStates.put(h.connectionId(), h.health().state());
                hostHealthChanged(h.connectionId(), h.health(), clock.instant());
            } else if (item instanceof UiServiceEvents.HostNews.Existing e) {
                existingHosts = Set.copyOf(e.connectionIds());
                hostStates.keySet().retainAll(existingHosts);
            }
        }
        updateScope();
    }

    /** What an empty table says when no row is known at all: no connections, hosts still to answer, or none. */
    private String noRowsText() {
        if (existingHosts == null) {
            return NO_INSTANCES_YET;
        }
        if (existingHosts.isEmpty()) {
            return NO_CONNECTIONS;
        }
        long waiting = existingHosts.stream().map(hostStates::get)
                .filter(state -> state == null || state == ConnectionHealth.State.CONNECTING).count();
        if (waiting > 0) {
            return NO_INSTANCES_YET;
        }
        long down = existingHosts.stream().map(hostStates::get).filter(state -> state != ConnectionHealth.State.CONNECTED
                && state != ConnectionHealth.State.DEGRADED).count();
        return down == 0 ? NO_INSTANCES : "No instances known (" + down + " of " + existingHosts.size()
                + " hosts not answering or disabled)";
    }

    /** Applies a batch of changes: existing rows update in place (selection and scroll stay), new rows append. */
    public void apply(List<InstanceChanges> batches) {
        List<InstanceRowViewModel> added = new ArrayList<>();
        Set<InstanceRowViewModel> removed = new HashSet<>();
        Predicate<? super InstanceRowViewModel> filter = filtered.getPredicate();
        boolean matchChanged = false;
        for (InstanceChanges changes : batches) {
            for (Instance instance : changes.upserted()) {
                InstanceRowViewModel row = byKey.get(instance.key());
                if (row == null) {
                    row = newRow(instance);
                    byKey.put(instance.key(), row);
                    added.add(row);
                } else {
                    Instance before = row.snapshot();
                    counts.remove(before);
                    boolean matchedBefore = filter != null && filter.test(row);
                    row.update(instance);
                    hostReported(row, before);
                    matchChanged |= filter != null && matchedBefore != filter.test(row);
                    selection.rowUpdated(row, before);
                }
                counts.add(instance);
            }
            for (InstanceKey key : changes.removed()) {
                InstanceRowViewModel row = byKey.remove(key);
                if (row != null) {
                    counts.remove(row.snapshot());
                    selection.rowRemoved(row);
                    removed.add(row);
                    added.remove(row);
                }
            }
        }
        List<InstanceRowViewModel> kept = removed.isEmpty() && added.isEmpty() ? null
                : selection.rows().stream().filter(row -> !removed.contains(row)).toList();
        if (!removed.isEmpty()) {
            rows.removeAll(removed);
        }
        if (!added.isEmpty()) {
            rows.addAll(added);
        }
        if (kept != null) {
            selectionToKeep.accept(kept);
        }
        if (matchChanged) {
            // a row whose change makes it match the filter, or no longer match, shows or goes as the filter says
            // (the FilteredList looks at a row only when it is added): "status:created" kept showing a started row
            refilter(filter);
        }
        updateSummary();
        updateScope();
        selection.changed();
    }

    /**
     * The host reported a row's state: an error mark from before goes when the state changed since (the failed
     * action's cause is history), and an unknown outcome's warning goes in any case (this is its settlement).
     */
    private void hostReported(InstanceRowViewModel row, Instance before) {
        Notice notice = notices.get(row.key());
        boolean statusChanged = before.status() != row.snapshot().status();
        if (statusChanged && !row.state().error().isEmpty()) {
            row.clearError();
        }
        if (notice != null && (notice.unknown() || statusChanged)) {
            notices.remove(row.key());
            notifier.withdraw(notice.message());
        }
    }

    private InstanceRowViewModel newRow(Instance instance) {
        InstanceKey key = instance.key();
        return new InstanceRowViewModel(instance, instance.hostLabel(hostNames.apply(instance.connectionId())), actions,
                action -> perform(action, key));
    }

    /**
     * A host's health changed: while it is unreachable or failing its rows say they show a last-known state, and
     * their actions are re-evaluated (disabled, with the reason in the tooltip).
     */
    public void hostHealthChanged(String connectionId, ConnectionHealth health, Instant now) {
        // a disabled host's rows are last known too: nothing asks it, so their figures would be made up
        boolean down = health.state() == ConnectionHealth.State.UNREACHABLE
                || health.state() == ConnectionHealth.State.CIRCUIT_OPEN
                || health.state() == ConnectionHealth.State.DISABLED;
        String note = down ? "host " + health.badge(now) : "";
        boolean changed = counts.setDown(connectionId, down);
        for (InstanceRowViewModel row : rows) {
            if (row.key().connectionId().equals(connectionId)) {
                // also when the note stays: a connection reopened after an edit (read-only switched) changes what its
                // rows offer, and their buttons kept what they offered before
                row.setStaleNote(note);
            }
        }
        if (changed) {
            updateSummary();
        }
        if (changed && !down) {
            recovered(connectionId);
        }
        selection.changed();
    }

    /**
     * A host answers again after an outage: what its rows' actions failed with while it did not (circuit open,
     * unreachable) is no longer true, so their error marks and notifications go; the resync brings their state.
     */
    private void recovered(String connectionId) {
        for (InstanceRowViewModel row : rows) {
            if (row.key().connectionId().equals(connectionId) && !row.state().error().isEmpty()) {
                row.clearError();
            }
        }
        for (var it = notices.entrySet().iterator(); it.hasNext(); ) {
            var entry = it.next();
            if (entry.getKey().connectionId().equals(connectionId)) {
                it.remove();
                notifier.withdraw(entry.getValue().message());
            }
        }
    }

    /** "Pause failed at 14:02:11: conflict": which action, and when (a mark seen later must say what it is about). */
    private String failure(InstanceRowViewModel row, Action action, String message) {
        Action which = action != null ? action : row.state().inFlight();
        String when = TIME.format(clock.instant().atZone(clock.getZone()));
        return (which == null ? "Action" : which.label()) + " failed at " + when + ": " + message;
    }

    /** Shows bulk items in flight on their rows ({@code Pausing…}) and their errors when they fail. */
    public void bulkItemsChanged(Action action, List<BulkOperation.ItemUpdate> updates) {
        for (BulkOperation.ItemUpdate update : updates) {
            InstanceRowViewModel row = byKey.get(update.key());
            if (row == null) {
                continue;
            }
            switch (update.state()) {
                case RUNNING -> row.started(action);
                // an unknown outcome is not a failure: the settlement brings the host's real state to the row
                case SUCCEEDED, CANCELLED, UNKNOWN -> row.finished("");
                case FAILED -> row.finished(failure(row, action, update.message()));
                case QUEUED, SKIPPED -> { }
            }
        }
        selection.changed();
    }

    /** Runs an action on one row: the row shows it in flight, and the outcome comes back on the FX thread. */
    void perform(Action action, InstanceKey key) {
        InstanceRowViewModel row = byKey.get(key);
        if (row == null) {
            return;
        }
        row.started(action);
        selection.changed();
        actions.perform(action, key).thenAcceptAsync(this::finished, uiThread);
    }

    private void finished(ActionResult result) {
        InstanceRowViewModel row = byKey.get(result.key());
        // an unknown outcome is not a failure: the settlement brings the host's real state to the row
        boolean unknown = result.outcome() == OperationState.UNKNOWN;
        String error = result.isError() && !unknown && row != null ? failure(row, null, result.message()) : "";
        if (row != null) {
            row.finished(error);
            selection.changed();
        }
        Notice earlier = notices.remove(result.key());
        if (earlier != null) {
            notifier.withdraw(earlier.message()); // a later action on the row supersedes what the last one said
        }
        if (result.isError()) {
            notifier.notify(unknown ? Notifier.Severity.WARNING : Notifier.Severity.ERROR, result.message());
            notices.put(result.key(), new Notice(result.message(), unknown));
        }
    }

    private void updateSummary() {
        summary.set(counts.summary(rows.size()));
    }
}
