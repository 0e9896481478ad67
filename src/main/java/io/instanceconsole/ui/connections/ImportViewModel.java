package io.instanceconsole.ui.connections;

import io.instanceconsole.domain.Connection;
import io.instanceconsole.service.ConnectionManager;
import io.instanceconsole.service.imports.ConnectionImport;
import io.instanceconsole.service.imports.ImportCandidate;
import io.instanceconsole.ui.common.Command;
import io.instanceconsole.ui.common.Notifier;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The "Import…" dialog of the Connections view: what the import found (Docker contexts, virt-manager), one checkbox
 * each; the ones already present are marked and unchecked, the ones that cannot be imported are disabled with their
 * reason. Reading and importing run in the background. FX thread only.
 */
public final class ImportViewModel {
    /** One line of the list. */
    public static final class Item {
        private final ImportCandidate candidate;
        private final BooleanProperty checked;

        Item(ImportCandidate candidate) {
            this.candidate = candidate;
            this.checked = new SimpleBooleanProperty(candidate.importable());
        }

        public ImportCandidate candidate() {
            return candidate;
        }

        public BooleanProperty checkedProperty() {
            return checked;
        }

        /** Only importable ones can be ticked. */
        public boolean enabled() {
            return candidate.importable();
        }

        /** {@code lab1 · Docker · tcp://host:2376} */
        public String label() {
            return candidate.name() + " · " + candidate.kind().label()
                    + (candidate.uri().isEmpty() ? "" : " · " + candidate.uri());
        }

        /** Shown beside the label: {@code already present as 'x'}, {@code not importable}, or nothing. */
        public String status() {
            return switch (candidate.verdict()) {
                case IMPORTABLE -> "";
                case ALREADY_PRESENT -> candidate.detail();
                case NOT_IMPORTABLE -> "not importable";
            };
        }

        /** On hover: the reason it cannot be imported, or its note, and where it was found. */
        public String tooltip() {
            String from = "From " + candidate.origin();
            return candidate.detail().isEmpty() ? from : candidate.detail() + "\n" + from;
        }
    }

    private final ConnectionManager manager;
    private final ConnectionImport importer;
    private final Executor background;
    private final Executor uiThread;
    private final Notifier notifier;
    private final Runnable afterImport;
    private final ObservableList<Item> items = FXCollections.observableArrayList(
            item -> new Observable[]{item.checkedProperty()});
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("Looking for Docker contexts and virt-manager connections…");
    private final BooleanProperty busy = new SimpleBooleanProperty(true);
    private final Command importChecked;

    public ImportViewModel(ConnectionManager manager, ConnectionImport importer, Executor background, Executor uiThread,
                           Notifier notifier, Runnable afterImport) {
        this.manager = manager;
        this.importer = importer;
        this.background = background;
        this.uiThread = uiThread;
        this.notifier = notifier;
        this.afterImport = afterImport;
        importChecked = new Command(Bindings.createBooleanBinding(
                () -> !busy.get() && items.stream().anyMatch(i -> i.enabled() && i.checkedProperty().get()), items, busy),
                this::importChecked);
    }

    /** Reads the sources in the background and shows what they hold. */
    public CompletableFuture<Void> scan() {
        busy.set(true);
        return CompletableFuture.supplyAsync(() -> importer.scan(manager.all(), Set.of()), background)
                .handleAsync((scan, error) -> {
                    busy.set(false);
                    if (error != null) {
                        summary.set("Could not look for connections: " + rootMessage(error));
                        return null;
                    }
                    items.setAll(scan.candidates().stream().map(Item::new).toList());
                    long present = scan.candidates().stream()
                            .filter(c -> c.verdict() == ImportCandidate.Verdict.ALREADY_PRESENT).count();
                    long bad = scan.candidates().stream()
                            .filter(c -> c.verdict() == ImportCandidate.Verdict.NOT_IMPORTABLE).count();
                    summary.set(scan.candidates().isEmpty()
                            ? "Found no Docker contexts and no virt-manager connections. " + String.join("; ", scan.looked())
                            : "Found " + scan.candidates().size() + ": " + scan.importable().size() + " to import, "
                            + present + " already present, " + bad + " not importable (hover for why).");
                    return null;
                }, uiThread);
    }

    /** Imports the ticked ones in the background, opens them, and says how it went. */
    public CompletableFuture<List<ConnectionImport.Outcome>> importChecked() {
        List<ImportCandidate> chosen = items.stream().filter(i -> i.enabled() && i.checkedProperty().get())
                .map(Item::candidate).toList();
        busy.set(true);
        return CompletableFuture.supplyAsync(() -> {
            List<ConnectionImport.Outcome> outcomes = importer.apply(manager, chosen);
            outcomes.stream().map(ConnectionImport.Outcome::connection).filter(Objects::nonNull)
                    .forEach((Connection c) -> manager.open(c));
            return outcomes;
        }, background).handleAsync((outcomes, error) -> {
            busy.set(false);
            if (error != null) {
                notifier.notify(Notifier.Severity.ERROR, "Import failed: " + rootMessage(error));
            } else {
                List<String> imported = outcomes.stream().filter(o -> o.result() == ConnectionImport.Result.IMPORTED)
                        .map(o -> "'" + o.candidate().name() + "'").toList();
                List<String> failed = outcomes.stream().filter(o -> o.result() == ConnectionImport.Result.FAILED)
                        .map(ConnectionImport.Outcome::detail).toList();
                if (!failed.isEmpty()) {
                    notifier.notify(Notifier.Severity.ERROR, String.join("; ", failed));
                }
                if (!imported.isEmpty()) {
                    notifier.notify(Notifier.Severity.INFO, "Imported " + imported.size() + " connection"
                            + (imported.size() == 1 ? "" : "s") + ": " + String.join(", ", imported));
                }
            }
            afterImport.run();
            return outcomes;
        }, uiThread);
    }

    private static String rootMessage(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause.getMessage() == null) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }

    public ObservableList<Item> items() { return items; }
    public ReadOnlyStringProperty summaryProperty() { return summary.getReadOnlyProperty(); }
    public BooleanProperty busyProperty() { return busy; }
    public Command importCommand() { return importChecked; }
}
