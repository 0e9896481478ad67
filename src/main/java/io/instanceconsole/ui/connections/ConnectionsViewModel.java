package io.instanceconsole.ui.connections;

import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.ResilienceSettings;
import io.instanceconsole.service.ConnectionHealth;
import io.instanceconsole.service.ConnectionManager;
import io.instanceconsole.service.ConnectionSettings;
import io.instanceconsole.domain.ConnectionPolicy;
import io.instanceconsole.service.imports.ConnectionImport;
import io.instanceconsole.ui.common.Command;
import io.instanceconsole.ui.common.DialogService;
import io.instanceconsole.ui.common.Notifier;
import io.instanceconsole.ui.common.UiServiceEvents;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The Connections view: the list with each host's health, and a form to add, edit, test, enable or disable, and
 * remove a connection. The form validates as the user types (nothing is saved while it is invalid), and store and
 * host work runs in the background. FX thread only.
 */
public final class ConnectionsViewModel implements UiServiceEvents.Subscriber {
    /** One line of the list. */
    public record Row(Connection connection, String colour, String health) {
    }

    private final ConnectionManager manager;
    private final Executor background;
    private final Executor uiThread;
    private final Notifier notifier;
    private final DialogService dialogs;
    private final Clock clock;
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final Map<String, ConnectionHealth> health = new HashMap<>();
    private final ObjectProperty<Row> selected = new SimpleObjectProperty<>();
    /** A connection just added, to select once the list shows it (written in the background, read on the FX thread). */
    private volatile String selectOnReload;
    private final StringProperty name = new SimpleStringProperty("");
    private final ObjectProperty<BackendKind> kind = new SimpleObjectProperty<>(BackendKind.DOCKER);
    private final StringProperty uri = new SimpleStringProperty("");
    private final StringProperty tlsDir = new SimpleStringProperty("");
    private final StringProperty colour = new SimpleStringProperty("");
    private final BooleanProperty readOnly = new SimpleBooleanProperty(false);
    private final StringProperty timeoutSeconds = new SimpleStringProperty("30");
    private final StringProperty breakerThreshold = new SimpleStringProperty("5");
    private final StringProperty breakerDelaySeconds = new SimpleStringProperty("15");
    private final StringProperty maxCalls = new SimpleStringProperty("8");
    private final ReadOnlyStringWrapper validation = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper testResult = new ReadOnlyStringWrapper("");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final Command save;
    private final Command test;
    private final Command remove;
    private final Command toggleEnabled;
    private final Command create;
    /** Where "Import…" looks: the user's own Docker contexts and virt-manager settings (tests give their own). */
    private volatile ConnectionImport importer =
            ConnectionImport.forEnvironment(System.getenv());

    /** Subscribes itself to {@code events}: host health shows in the list, and connections changed elsewhere reload it. */
    public ConnectionsViewModel(ConnectionManager manager, UiServiceEvents events, Executor background,
                                Executor uiThread, Notifier notifier, DialogService dialogs, Clock clock) {
        this.manager = manager;
        this.background = background;
        this.uiThread = uiThread;
        this.notifier = notifier;
        this.dialogs = dialogs;
        this.clock = clock;
        for (StringProperty field : new StringProperty[]{name, uri, tlsDir, colour, timeoutSeconds, breakerThreshold, breakerDelaySeconds, maxCalls}) {
            field.addListener((o, a, b) -> validate());
        }
        kind.addListener((o, a, b) -> validate());
        events.subscribe(this);
        selected.addListener((o, old, row) -> fill(row));
        var valid = Bindings.createBooleanBinding(() -> validation.get().isEmpty() && !busy.get(), validation, busy);
        save = new Command(valid, this::save);
        test = new Command(valid, this::test);
        var hasSelection = Bindings.createBooleanBinding(() -> selected.get() != null && !busy.get(), selected, busy);
        remove = new Command(hasSelection, this::remove);
        toggleEnabled = new Command(hasSelection, this::toggleEnabled);
        create = new Command(new SimpleBooleanProperty(true), () -> {
            selected.set(null);
            fill(null); // also when nothing was selected: "New" after typing starts from an empty form
        });
        validate();
    }

    /** Loads the list from the store, in the background. */
    public CompletableFuture<Void> reload() {
        return CompletableFuture.supplyAsync(() -> manager.all().stream()
                        .map(c -> new Row(c, manager.policy(c.id()).colour(), badge(c))).toList(), background)
                .thenAcceptAsync(loaded -> {
                    String selectedId = selectOnReload != null ? selectOnReload
                            : selected.get() == null ? null : selected.get().connection().id();
                    selectOnReload = null;
                    rows.setAll(loaded);
                    rows.stream().filter(r -> r.connection().id().equals(selectedId)).findFirst().ifPresent(selected::set);
                }, uiThread);
    }

    @Override
    public void hostNews(List<UiServiceEvents.HostNews> news) {
        boolean reload = false;
        for (UiServiceEvents.HostNews item : news) {
            switch (item) {
                case UiServiceEvents.HostNews.Health h -> healthChanged(h.connectionId(), h.health());
                case UiServiceEvents.HostNews.Existing e -> reload = true;
            }
        }
        if (reload) {
            reload();
        }
    }

    /** A host's health changed: its line shows the new badge. */
    public void healthChanged(String connectionId, ConnectionHealth newHealth) {
        health.put(connectionId, newHealth);
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            if (row.connection().id().equals(connectionId)) {
                rows.set(i, new Row(row.connection(), row.colour(), badge(row.connection())));
            }
        }
    }

    private String badge(Connection connection) {
        if (!connection.enabled()) {
            return "disabled";
        }
        ConnectionHealth h = health.get(connection.id());
        String text = h == null ? "not connected" : h.badge(clock.instant());
        String shown = manager.openError(connection.id()).filter(e -> h != null && h.state() == ConnectionHealth.State.UNREACHABLE)
                .map(e -> text + ": " + e).orElse(text);
        return manager.duplicateWarning(connection.id()).map(w -> shown + " · warning: " + w).orElse(shown);
    }

    private void fill(Row row) {
        testResult.set("");
        if (row == null) {
            name.set("");
            kind.set(BackendKind.DOCKER);
            uri.set("");
            tlsDir.set("");
            colour.set("");
            readOnly.set(false);
            setPolicy(ResilienceSettings.defaults());
            return;
        }
        Connection c = row.connection();
        name.set(c.name());
        kind.set(c.kind());
        uri.set(c.uri());
        tlsDir.set(c.tlsDir());
        readOnly.set(c.readOnly());
        ConnectionPolicy policy = manager.policy(c.id());
        colour.set(policy.colour());
        setPolicy(policy.resilience());
    }

    private void setPolicy(ResilienceSettings settings) {
        timeoutSeconds.set(Long.toString(settings.callTimeout().toSeconds()));
        breakerThreshold.set(Integer.toString(settings.failureThreshold()));
        breakerDelaySeconds.set(Long.toString(settings.breakerDelay().toSeconds()));
        maxCalls.set(Integer.toString(settings.maxConcurrentCalls()));
    }

    /** Checks the form as the user types; the first problem is shown, and save and test stay off until it is fixed. */
    private void validate() {
        try {
            ConnectionSettings.create(name.get(), kind.get(), uri.get(), tlsDir.get(), readOnly.get());
            String other = rows.stream().filter(r -> r.connection().name().equals(name.get()))
                    .filter(r -> selected.get() == null || !r.connection().id().equals(selected.get().connection().id()))
                    .map(r -> r.connection().name()).findFirst().orElse(null);
            if (other != null) {
                throw new IllegalArgumentException("a connection named '" + other + "' already exists");
            }
            policy();
            validation.set("");
        } catch (IllegalArgumentException e) {
            validation.set(e.getMessage());
        }
    }

    private ConnectionPolicy policy() {
        try {
            ResilienceSettings settings = ResilienceSettings.defaults()
                    .withCallTimeout(Duration.ofSeconds(Long.parseLong(timeoutSeconds.get().strip())))
                    .withBreaker(Integer.parseInt(breakerThreshold.get().strip()), Duration.ofSeconds(Long.parseLong(breakerDelaySeconds.get().strip())))
                    .withBulkhead(Integer.parseInt(maxCalls.get().strip()), ResilienceSettings.defaults().maxQueueWait());
            if (settings.callTimeout().isZero() || settings.failureThreshold() < 1 || settings.maxConcurrentCalls() < 1
                    || settings.maxConcurrentCalls() > 256 || settings.breakerDelay().isNegative()) {
                throw new IllegalArgumentException("limits: timeout and breaker delay in seconds above 0, threshold at least 1, calls in flight 1 to 256");
            }
            String hex = colour.get() == null ? "" : colour.get().strip();
            if (!hex.isEmpty() && !hex.matches("#[0-9a-fA-F]{6}")) {
                throw new IllegalArgumentException("colour '" + hex + "' must look like #3b82f6");
            }
            return new ConnectionPolicy(hex, settings);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limits must be whole numbers (seconds, counts)");
        }
    }

    private void save() {
        Row editing = selected.get();
        ConnectionPolicy policy = policy();
        busy.set(true);
        CompletableFuture.supplyAsync(() -> {
            if (editing == null) {
                Connection added = manager.add(name.get(), kind.get(), uri.get(), tlsDir.get(), readOnly.get(), policy);
                manager.open(added);
                // the form goes on editing what was added: a second Save saves it again, not a copy ("already exists")
                selectOnReload = added.id();
                return "Added connection '" + added.name() + "'";
            }
            Connection c = editing.connection();
            manager.update(new Connection(c.id(), name.get(), kind.get(), uri.get(), tlsDir.get(), readOnly.get(), c.enabled()), policy);
            return "Saved connection '" + name.get() + "'";
        }, background).handleAsync(this::done, uiThread);
    }

    private void test() {
        busy.set(true);
        testResult.set("Testing " + uri.get() + "…");
        manager.test(name.get(), kind.get(), uri.get(), tlsDir.get()).handleAsync((line, error) -> {
            busy.set(false);
            testResult.set(error == null ? line : "Test failed: " + rootMessage(error));
            return null;
        }, uiThread);
    }

    private void remove() {
        Connection c = selected.get().connection();
        DialogService.Confirmation answer = dialogs.confirm("Remove connection", "Remove '" + c.name() + "'?",
                "Its rows leave the table; its audit history stays in the Activity view.", false);
        if (!answer.confirmed()) {
            return;
        }
        busy.set(true);
        CompletableFuture.supplyAsync(() -> {
            manager.remove(c.id());
            return "Removed connection '" + c.name() + "'; its audit history is kept";
        }, background).handleAsync((message, error) -> {
            selected.set(null);
            return done(message, error);
        }, uiThread);
    }

    private void toggleEnabled() {
        Connection c = selected.get().connection();
        busy.set(true);
        CompletableFuture.supplyAsync(() -> {
            manager.setEnabled(c.id(), !c.enabled());
            return (c.enabled() ? "Disabled" : "Enabled") + " connection '" + c.name() + "'";
        }, background).handleAsync(this::done, uiThread);
    }

    private Void done(String message, Throwable error) {
        busy.set(false);
        if (error == null) {
            notifier.notify(Notifier.Severity.INFO, message);
        } else {
            notifier.notify(Notifier.Severity.ERROR, rootMessage(error));
        }
        reload();
        return null;
    }

    private static String rootMessage(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause.getMessage() == null) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }

    /** For tests: where "Import…" looks. */
    public void useImporter(ConnectionImport importer) {
        this.importer = importer;
    }

    /** A fresh "Import…" dialog's view model; the list reloads after an import. */
    public ImportViewModel newImport() {
        return new ImportViewModel(manager, importer, background, uiThread, notifier, this::reload);
    }

    public ObservableList<Row> rows() { return rows; }
    public ObjectProperty<Row> selectedProperty() { return selected; }
    public StringProperty nameProperty() { return name; }
    public ObjectProperty<BackendKind> kindProperty() { return kind; }
    public StringProperty uriProperty() { return uri; }
    public StringProperty tlsDirProperty() { return tlsDir; }
    public StringProperty colourProperty() { return colour; }
    public BooleanProperty readOnlyProperty() { return readOnly; }
    public StringProperty timeoutSecondsProperty() { return timeoutSeconds; }
    public StringProperty breakerThresholdProperty() { return breakerThreshold; }
    public StringProperty breakerDelaySecondsProperty() { return breakerDelaySeconds; }
    public StringProperty maxCallsProperty() { return maxCalls; }
    public ReadOnlyStringProperty validationProperty() { return validation.getReadOnlyProperty(); }

    /** What the form says is wrong: nothing while it is still blank (Save stays disabled all the same). */
    public StringBinding shownValidation() {
        return Bindings.createStringBinding(() -> name.get().isBlank() && uri.get().isBlank() ? "" : validation.get(),
                name, uri, validation);
    }
    public ReadOnlyStringProperty testResultProperty() { return testResult.getReadOnlyProperty(); }
    public Command saveCommand() { return save; }
    public Command testCommand() { return test; }
    public Command removeCommand() { return remove; }
    public Command toggleEnabledCommand() { return toggleEnabled; }
    public Command newCommand() { return create; }
}
