package io.instanceconsole.ui.activity;

import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.AuditEvent;
import io.instanceconsole.domain.OperationState;
import io.instanceconsole.service.AuditTrail;
import io.instanceconsole.service.ConnectionChanges;
import io.instanceconsole.ui.common.Notifier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The Activity view: every audit event, newest first, filtered by text (host, instance, message), action, outcome
 * and time; new events (from this process or another one on the same store, such as {@code instancectl}) appear
 * on each {@link #poll()}. Store reads run on the background executor. FX thread only.
 */
public final class ActivityViewModel {
    /** How far back the view loads at first; older events stay in the store and in exports of the CLI. */
    static final int INITIAL_LIMIT = 200_000;
    public static final String ALL = "All";

    /** Time windows offered by the view. */
    public enum Window {
        ALL_TIME("All time", null), HOUR("Last hour", Duration.ofHours(1)), DAY("Last 24 hours", Duration.ofDays(1)),
        WEEK("Last 7 days", Duration.ofDays(7));

        private final String label;
        private final Duration length;

        Window(String label, Duration length) {
            this.label = label;
            this.length = length;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final AuditTrail trail;
    private final Executor background;
    private final Executor uiThread;
    private final Notifier notifier;
    private final Clock clock;
    private final ObservableList<AuditEvent> events = FXCollections.observableArrayList();
    private final FilteredList<AuditEvent> filtered = new FilteredList<>(events);
    private final StringProperty text = new SimpleStringProperty("");
    private final StringProperty action = new SimpleStringProperty(ALL);
    private final StringProperty outcome = new SimpleStringProperty(ALL);
    private final ObjectProperty<Window> window = new SimpleObjectProperty<>(Window.ALL_TIME);
    private final ObjectProperty<AuditEvent> selected = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper details = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper count = new ReadOnlyStringWrapper("");
    private long lastSeq;
    private boolean polling;

    public ActivityViewModel(AuditTrail trail, Executor background, Executor uiThread, Notifier notifier, Clock clock) {
        this.trail = trail;
        this.background = background;
        this.uiThread = uiThread;
        this.notifier = notifier;
        this.clock = clock;
        text.addListener((o, a, b) -> refilter());
        action.addListener((o, a, b) -> refilter());
        outcome.addListener((o, a, b) -> refilter());
        window.addListener((o, a, b) -> refilter());
        selected.addListener((o, old, event) -> details.set(event == null ? "" : describe(event)));
    }

    /** Loads the newest events in the background; the view fills when they arrive. */
    public CompletableFuture<Void> load() {
        return CompletableFuture.supplyAsync(() -> trail.newest(INITIAL_LIMIT), background)
                .thenAcceptAsync(newestFirst -> {
                    events.setAll(newestFirst);
                    lastSeq = newestFirst.isEmpty() ? 0 : newestFirst.get(0).seq();
                    refilter();
                }, uiThread);
    }

    /** Takes in what was appended since the last look (cheap: an indexed range read), newest on top. */
    public CompletableFuture<Void> poll() {
        if (polling) {
            return CompletableFuture.completedFuture(null);
        }
        polling = true;
        long after = lastSeq;
        return CompletableFuture.supplyAsync(() -> trail.after(after, 10_000), background)
                .handleAsync((oldestFirst, error) -> {
                    polling = false;
                    if (error == null && !oldestFirst.isEmpty()) {
                        List<AuditEvent> newestFirst = new ArrayList<>(oldestFirst);
                        Collections.reverse(newestFirst);
                        events.addAll(0, newestFirst);
                        lastSeq = Math.max(lastSeq, oldestFirst.get(oldestFirst.size() - 1).seq());
                        updateCount();
                    }
                    return null;
                }, uiThread);
    }

    /** Writes the events shown (after filtering) to a CSV or JSON file. */
    public CompletableFuture<Void> export(Path file) {
        List<AuditEvent> shown = List.copyOf(filtered);
        return CompletableFuture.runAsync(() -> trail.export(shown, file), background)
                .handleAsync((ok, error) -> {
                    if (error == null) {
                        notifier.notify(Notifier.Severity.INFO, "Exported " + shown.size() + " events to " + file);
                    } else {
                        Throwable cause = error.getCause() == null ? error : error.getCause();
                        notifier.notify(Notifier.Severity.ERROR, cause.getMessage());
                    }
                    return null;
                }, uiThread);
    }

    private void refilter() {
        String needle = text.get() == null ? "" : text.get().toLowerCase(Locale.ROOT).strip();
        String wantedAction = action.get();
        String wantedOutcome = outcome.get();
        Instant since = window.get().length == null ? null : clock.instant().minus(window.get().length);
        filtered.setPredicate(e -> (needle.isEmpty() || contains(e.instanceName(), needle) || contains(e.connectionName(), needle)
                || contains(e.message(), needle) || contains(e.user(), needle))
                && (ALL.equals(wantedAction) || e.action().equals(wantedAction))
                && (ALL.equals(wantedOutcome) || e.outcome().name().equals(wantedOutcome))
                && (since == null || !e.time().isBefore(since)));
        updateCount();
    }

    private void updateCount() {
        String noun = events.size() == 1 ? " event" : " events";
        count.set(filtered.size() == events.size() ? events.size() + noun
                : filtered.size() + " of " + events.size() + noun);
    }

    private static boolean contains(String haystack, String needle) {
        return haystack != null && haystack.toLowerCase(Locale.ROOT).contains(needle);
    }

    private static String describe(AuditEvent e) {
        String who = e.outcome() == OperationState.OBSERVED ? "seen on the host, not done by this console"
                : "by " + (e.user().isEmpty() ? "?" : e.user());
        String what = e.instanceId().isEmpty() ? e.action() : e.action() + " of '" + e.instanceName() + "' ("
                + e.instanceId() + ")";
        return e.time() + "  " + what + " on '" + e.connectionName() + "' " + who + ": " + e.outcome()
                + (e.message().isEmpty() ? "" : "\n" + e.message())
                + (e.operationId().isEmpty() ? "" : "\noperation " + e.operationId());
    }

    public static List<String> outcomes() {
        List<String> all = new ArrayList<>(List.of(ALL));
        for (OperationState state : OperationState.values()) {
            if (state.isSettled()) {
                all.add(state.name());
            }
        }
        return all;
    }

    public static List<String> actions() {
        List<String> all = new ArrayList<>(List.of(ALL));
        for (Action a : Action.values()) {
            all.add(a.key());
        }
        all.addAll(List.of("removed", "outage", "recovery")); // seen on the hosts (OBSERVED)
        all.addAll(ConnectionChanges.ACTIONS); // a person's changes to the connections (CONFIGURED)
        return all;
    }

    public FilteredList<AuditEvent> shown() {
        return filtered;
    }

    public StringProperty textProperty() {
        return text;
    }

    public StringProperty actionProperty() {
        return action;
    }

    public StringProperty outcomeProperty() {
        return outcome;
    }

    public ObjectProperty<Window> windowProperty() {
        return window;
    }

    public ObjectProperty<AuditEvent> selectedProperty() {
        return selected;
    }

    public ReadOnlyStringProperty detailsProperty() {
        return details.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty countProperty() {
        return count.getReadOnlyProperty();
    }
}
