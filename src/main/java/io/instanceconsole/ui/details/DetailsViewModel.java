package io.instanceconsole.ui.details;

import io.instanceconsole.domain.InstanceConsoleException;
import io.instanceconsole.domain.InstanceFacts;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.InstanceStats;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.service.FactsService;
import io.instanceconsole.ui.common.Command;
import io.instanceconsole.ui.common.DialogService;
import io.instanceconsole.ui.instances.InstanceRowViewModel;
import io.instanceconsole.ui.instances.InstanceSelection;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.value.ChangeListener;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import static java.util.Objects.requireNonNull;

/**
 * The details pane of the selected instance: while open it follows the selection, shows the last facts read at once
 * (marked stale while the host does not answer), reads them again in the background and follows the instance's log
 * ({@link LogViewModel}); with several rows selected
 * it shows their counts by host and status instead. Environment variables are listed by name, each value hidden until
 * the user asks for it, read from the host then and forgotten when the pane closes or shows another instance. FX
 * thread only; the host is only ever asked through {@link FactsService} and the log's service, off this thread.
 */
public final class DetailsViewModel {
    /** Shown in place of a value not yet asked for. */
    public static final String HIDDEN = "••••••  (hidden)";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final FactsService facts;
    private final InstanceSelection selection;
    private final Executor uiThread;
    private final DialogService dialogs;
    private final LogViewModel log;
    private final BooleanProperty open = new SimpleBooleanProperty(false);
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper stale = new ReadOnlyBooleanWrapper(false);
    private final ObservableList<FactLine> lines = FXCollections.observableArrayList();
    private final ObservableList<EnvironmentVariable> environment = FXCollections.observableArrayList();
    private final ObservableList<UsagePoint> usage = FXCollections.observableArrayList();
    private final Clock clock;
    /** The row shown, whose samples feed the usage chart. */
    private InstanceRowViewModel shownRow;
    private final ChangeListener<InstanceStats> sampled = (o, was, sample) -> sampled(sample);
    private final Command toggle;
    /** The instance shown, or null (nothing or several selected, or closed). */
    private InstanceKey shown;
    private InstanceStatus shownStatus;
    private InstanceFacts currentFacts;
    /** Counts answers: an answer for an earlier request is dropped. */
    private long request;

    /** One line of the pane: a fact, or a section's heading ({@code label} and {@code value} empty). */
    public record FactLine(String section, String label, String value) {
        public boolean isHeading() {
            return label.isEmpty() && value.isEmpty();
        }
    }

    /** One resource sample of the instance shown: when, CPU (percent, negative when not known yet) and memory in MiB. */
    public record UsagePoint(Instant at, double cpuPercent, double memoryMiB) {
    }

    /** How far back the usage chart goes. */
    public static final Duration USAGE_WINDOW = Duration.ofMinutes(5);

    /** One environment variable: its name, and its value once asked for. FX thread only. */
    public static final class EnvironmentVariable {
        private final String name;
        private final ReadOnlyStringWrapper value = new ReadOnlyStringWrapper(HIDDEN);
        private final ReadOnlyBooleanWrapper revealed = new ReadOnlyBooleanWrapper(false);

        EnvironmentVariable(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }

        public ReadOnlyStringProperty valueProperty() {
            return value.getReadOnlyProperty();
        }

        public ReadOnlyBooleanProperty revealedProperty() {
            return revealed.getReadOnlyProperty();
        }
    }

    public DetailsViewModel(FactsService facts, InstanceSelection selection, Executor uiThread,
                            DialogService dialogs, LogViewModel log, Clock clock) {
        this.facts = requireNonNull(facts, "facts was not specified");
        this.selection = requireNonNull(selection, "selection was not specified");
        this.uiThread = requireNonNull(uiThread, "uiThread was not specified");
        this.dialogs = requireNonNull(dialogs, "dialogs was not specified");
        this.log = requireNonNull(log, "log was not specified");
        this.clock = requireNonNull(clock, "clock was not specified");
        this.toggle = new Command(new SimpleBooleanProperty(true), () -> open.set(!open.get()));
        selection.whenChanged(this::follow);
        open.addListener((o, was, now) -> {
            if (now) {
                follow();
            } else {
                forget();
            }
        });
    }

    /** The log of the instance shown, followed while it is shown. */
    public LogViewModel log() {
        return log;
    }

    /** Opens or closes the pane (Shortcut+I, the palette). */
    public Command toggleCommand() {
        return toggle;
    }

    public BooleanProperty openProperty() {
        return open;
    }

    /** The instance and its host, or how many are selected. */
    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    /** One line on where the facts stand: being read, last known (stale), or what went wrong. */
    public ReadOnlyStringProperty noteProperty() {
        return note.getReadOnlyProperty();
    }

    /** Whether the facts shown are the last known ones of a host that does not answer now. */
    public ReadOnlyBooleanProperty staleProperty() {
        return stale.getReadOnlyProperty();
    }

    /** The facts (or the summary of several rows), section headings included, in order. */
    public ObservableList<FactLine> lines() {
        return lines;
    }

    public ObservableList<EnvironmentVariable> environment() {
        return environment;
    }

    /**
     * CPU and memory of the instance shown over the last {@link #USAGE_WINDOW}, one point per sample the table takes
     * of its row (every 5 s while the row is on screen and running; a sample equal to the last one is not repeated),
     * kept while the pane shows it.
     */
    public ObservableList<UsagePoint> usage() {
        return usage;
    }

    private void sampled(InstanceStats sample) {
        if (sample == null) {
            return;
        }
        Instant now = clock.instant();
        usage.add(new UsagePoint(now, sample.cpuPercent(), sample.memoryBytes() / (1024.0 * 1024.0)));
        Instant oldest = now.minus(USAGE_WINDOW);
        int old = 0;
        while (old < usage.size() && usage.get(old).at().isBefore(oldest)) {
            old++;
        }
        if (old > 0) {
            usage.remove(0, old);
        }
    }

    /** Reads this variable's value from the host and shows it; the value is kept only while it is shown. */
    public void reveal(EnvironmentVariable variable) {
        InstanceKey key = shown;
        if (key == null || variable.revealed.get() || !environment.contains(variable)) {
            return;
        }
        variable.value.set("reading…");
        facts.environmentValue(key, variable.name).whenComplete((value, error) -> uiThread.execute(() -> {
            if (!key.equals(shown) || !environment.contains(variable)) {
                return;
            }
            if (error == null) {
                variable.value.set(value);
                variable.revealed.set(true);
            } else {
                variable.value.set(HIDDEN);
                note.set("The value of " + variable.name + " could not be read: " + message(error));
            }
        }));
    }

    /** Puts one value on the clipboard (a revealed variable's too: the user asked for it). */
    public void copy(String value) {
        dialogs.copyToClipboard(value);
    }

    /** Puts every fact shown on the clipboard, as {@link #asText()}. */
    public void copyAll() {
        dialogs.copyToClipboard(asText());
    }

    /** The facts shown as text, one {@code label: value} a line, for the clipboard; never a variable's value. */
    public String asText() {
        StringBuilder text = new StringBuilder(title.get()).append('\n');
        for (FactLine line : lines) {
            text.append(line.isHeading() ? "\n" + line.section() : "  " + line.label() + ": " + line.value()).append('\n');
        }
        if (!environment.isEmpty()) {
            text.append("\nEnvironment (names)\n");
            environment.forEach(v -> text.append("  ").append(v.name).append('\n'));
        }
        return text.toString();
    }

    private void follow() {
        if (!open.get()) {
            return;
        }
        List<InstanceRowViewModel> rows = selection.rows();
        if (rows.size() == 1) {
            InstanceRowViewModel row = rows.get(0);
            if (!row.key().equals(shown)) {
                show(row);
            } else if (row.snapshot().status() != shownStatus) {
                // the instance changed (paused, stopped): its facts (state, started) did too
                shownStatus = row.snapshot().status();
                read(row);
            }
        } else {
            forget();
            if (rows.isEmpty()) {
                title.set("Nothing selected");
                note.set("Select a row to see its details.");
            } else {
                summarise(rows);
            }
        }
    }

    private void show(InstanceRowViewModel row) {
        forget();
        shown = row.key();
        shownStatus = row.snapshot().status();
        title.set(row.snapshot().name() + " on " + row.hostName());
        log.show(shown);
        shownRow = row;
        row.statsProperty().addListener(sampled);
        sampled(row.statsProperty().get());
        facts.cached(shown).ifPresent(known -> {
            showFacts(known.facts());
            stale.set(known.stale());
            note.set(known.stale() ? lastKnown(known.facts()) + ": the host does not answer now" : "");
        });
        read(row);
    }

    private void read(InstanceRowViewModel row) {
        InstanceKey key = row.key();
        long mine = ++request;
        if (lines.isEmpty()) {
            note.set("Reading from " + row.hostName() + "…");
        }
        facts.read(key).whenComplete((read, error) -> uiThread.execute(() -> {
            if (mine != request || !key.equals(shown)) {
                return;
            }
            if (error == null) {
                showFacts(read);
                stale.set(false);
                note.set("");
            } else if (lines.isEmpty()) {
                note.set(message(error));
            } else {
                stale.set(true);
                note.set(lastKnown(currentFacts) + ": " + message(error));
            }
        }));
    }

    private void showFacts(InstanceFacts read) {
        currentFacts = read;
        List<FactLine> shownLines = new ArrayList<>();
        for (InstanceFacts.Section section : read.sections()) {
            shownLines.add(new FactLine(section.title(), "", ""));
            section.facts().forEach(f -> shownLines.add(new FactLine(section.title(), f.label(), f.value())));
        }
        lines.setAll(shownLines);
        // a variable already revealed keeps its value while the same instance is shown
        Map<String, EnvironmentVariable> before = new TreeMap<>();
        environment.forEach(v -> before.put(v.name, v));
        environment.setAll(read.environmentNames().stream()
                .map(name -> before.getOrDefault(name, new EnvironmentVariable(name))).toList());
    }

    private void summarise(List<InstanceRowViewModel> rows) {
        title.set(rows.size() + " selected");
        note.set("");
        Map<String, int[]> byHost = new TreeMap<>();
        InstanceStatus[] statuses = InstanceStatus.values();
        for (InstanceRowViewModel row : rows) {
            byHost.computeIfAbsent(row.hostName(), h -> new int[statuses.length])[row.snapshot().status().ordinal()]++;
        }
        List<FactLine> summary = new ArrayList<>();
        byHost.forEach((host, counts) -> {
            summary.add(new FactLine("on " + host, "", ""));
            for (InstanceStatus status : statuses) {
                if (counts[status.ordinal()] > 0) {
                    summary.add(new FactLine("on " + host, status.key(), String.valueOf(counts[status.ordinal()])));
                }
            }
        });
        lines.setAll(summary);
    }

    /** Drops what is shown, revealed values included. */
    private void forget() {
        if (shown != null) {
            log.stop();
        }
        if (shownRow != null) {
            shownRow.statsProperty().removeListener(sampled);
            shownRow = null;
        }
        usage.clear();
        shown = null;
        shownStatus = null;
        currentFacts = null;
        request++;
        lines.clear();
        environment.clear();
        stale.set(false);
        note.set("");
        title.set("");
    }

    private String lastKnown(InstanceFacts known) {
        return "Last known facts, read at " + TIME.format(known.observedAt());
    }

    /** The failure in one line, without the exception's class or stack. */
    static String message(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String text = cause instanceof InstanceConsoleException || cause.getMessage() != null ? cause.getMessage()
                : cause.getClass().getSimpleName();
        return text == null ? "unknown error" : text.lines().findFirst().orElse(text);
    }
}
