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
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import static java.util.Objects.requireNonNull;

/**
 * The Connections view: the list with each host's health, and a form to add, edit, test, enable or disable, and
 * remove a connection. The form says whether it adds a new connection or edits one, shows the URI examples and
 * fields of the kind chosen (the TLS directory only for Docker), and validates as the user types: nothing is saved
 * while it is invalid, and a field left blank is not called wrong before the user reached it. A new host, or an
 * edited address, is tested before it is saved; one that does not answer is saved only after the user says so.
 * Store and host work runs in the background. FX thread only.
 */
public final class ConnectionsViewModel implements UiServiceEvents.Subscriber {
    /** One line of the list. */
    public record Row(Connection connection, String colour, String health) {
    }

    /** How the last test went, for the icon and colour beside its line. */
    public enum TestOutcome {
        /** No test since the form was filled. */
        NONE,
        RUNNING,
        /** The host answered. */
        SUCCEEDED,
        /** The host answered, with something to look at (e.g. the same engine as another connection). */
        WARNING,
        /** The host did not answer, or refused. */
        FAILED
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
    /** LXD: the project (empty: the default one), written into the URI on save. */
    private final StringProperty project = new SimpleStringProperty("");
    /** LXD over HTTPS: a trust token to enrol with before saving; used once, never stored, cleared once used. */
    private final StringProperty token = new SimpleStringProperty("");
    /** Enrols with an LXD server (URI, token), returning a line for people; the composition root sets it. */
    private volatile BiFunction<String, String, String> enrolment = (u, t) -> {
        throw new IllegalStateException("this console cannot enrol with LXD servers");
    };
    private final StringProperty colour = new SimpleStringProperty("");
    private final BooleanProperty readOnly = new SimpleBooleanProperty(false);
    private final StringProperty timeoutSeconds = new SimpleStringProperty("30");
    private final StringProperty breakerThreshold = new SimpleStringProperty("5");
    private final StringProperty breakerDelaySeconds = new SimpleStringProperty("15");
    private final StringProperty maxCalls = new SimpleStringProperty("8");
    private final ReadOnlyStringWrapper validation = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper testResult = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<TestOutcome> testOutcome = new ReadOnlyObjectWrapper<>(TestOutcome.NONE);
    /** Whether the user typed in the name / URI field since the form was filled (a blank field is no error before). */
    private final BooleanProperty nameReached = new SimpleBooleanProperty(false);
    private final BooleanProperty uriReached = new SimpleBooleanProperty(false);
    /** True while {@link #fill} writes the fields: that is not the user typing. */
    private boolean filling;
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
        // before validation's listeners: what the form shows is computed with the fields already marked reached
        name.addListener((o, a, b) -> reached(nameReached));
        // typing the URI means the user went past the name: a blank name is worth saying from then on
        uri.addListener((o, a, b) -> {
            reached(uriReached);
            reached(nameReached);
        });
        for (StringProperty field : new StringProperty[]{name, uri, tlsDir, project, colour, timeoutSeconds, breakerThreshold, breakerDelaySeconds, maxCalls}) {
            field.addListener((o, a, b) -> validate());
        }
        kind.addListener((o, a, b) -> {
            followKindDefaults(a, b);
            validate();
        });
        // Test's line describes the address it tested: another kind, URI or TLS directory makes it old news (filling
        // the form with what was just added changes none of them, so the line stays after an Add)
        for (ObservableValue<?> address : new ObservableValue<?>[]{kind, uri, tlsDir, project}) {
            address.addListener((o, a, b) -> {
                if (testOutcome.get() != TestOutcome.RUNNING) {
                    showTest(TestOutcome.NONE, "");
                }
            });
        }
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
                        .map(c -> new Row(c, manager.policy(c).colour(), badge(c))).toList(), background)
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
        filling = true;
        try {
            fillFields(row);
        } finally {
            filling = false;
        }
        nameReached.set(false);
        uriReached.set(false);
        validate();
    }

    private void reached(BooleanProperty field) {
        if (!filling) {
            field.set(true);
        }
    }

    private void fillFields(Row row) {
        if (row == null) {
            name.set("");
            kind.set(BackendKind.DOCKER);
            uri.set("");
            tlsDir.set("");
            project.set("");
            token.set("");
            colour.set("");
            readOnly.set(false);
            setPolicy(ResilienceSettings.defaults());
            return;
        }
        Connection c = row.connection();
        name.set(c.name());
        kind.set(c.kind());
        uri.set(c.kind() == BackendKind.LXD ? ConnectionSettings.lxdServer(c.uri()) : c.uri());
        project.set(c.kind() == BackendKind.LXD ? ConnectionSettings.lxdProject(c.uri()) : "");
        token.set("");
        tlsDir.set(c.tlsDir());
        readOnly.set(c.readOnly());
        ConnectionPolicy policy = manager.policy(c);
        colour.set(policy.colour());
        setPolicy(policy.resilience());
    }

    /** Calls in flight left at the old kind's default follow the kind; a number the user typed stays. */
    private void followKindDefaults(BackendKind before, BackendKind after) {
        int beforeDefault = ResilienceSettings.defaultsFor(before == null ? BackendKind.DOCKER : before).maxConcurrentCalls();
        if (after != null && maxCalls.get().strip().equals(Integer.toString(beforeDefault))) {
            maxCalls.set(Integer.toString(ResilienceSettings.defaultsFor(after).maxConcurrentCalls()));
        }
    }

    private void setPolicy(ResilienceSettings settings) {
        timeoutSeconds.set(Long.toString(settings.callTimeout().toSeconds()));
        breakerThreshold.set(Integer.toString(settings.failureThreshold()));
        breakerDelaySeconds.set(Long.toString(settings.breakerDelay().toSeconds()));
        maxCalls.set(Integer.toString(settings.maxConcurrentCalls()));
    }

    /** Checks the form as the user types; the first problem is shown, and save and test stay off until it is fixed. */
    private void validate() {
        validation.set(problem(name.get(), uri.get()));
    }

    /** The first problem of the form with this name and URI in it, or empty. */
    private String problem(String nameValue, String uriValue) {
        try {
            ConnectionSettings.create(nameValue, kind.get(), effectiveUri(uriValue), effectiveTlsDir(), readOnly.get());
            String other = rows.stream().filter(r -> r.connection().name().equals(nameValue))
                    .filter(r -> selected.get() == null || !r.connection().id().equals(selected.get().connection().id()))
                    .map(r -> r.connection().name()).findFirst().orElse(null);
            if (other != null) {
                throw new IllegalArgumentException("a connection named '" + other + "' already exists");
            }
            policy();
            return "";
        } catch (IllegalArgumentException e) {
            return e.getMessage();
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

    /** What the form holds when Save or Test is pressed; typing on meanwhile changes nothing already under way. */
    private record Form(String name, BackendKind kind, String uri, String tlsDir, boolean readOnly, String token) {
        boolean sameEndpointAs(Connection c) {
            return kind == c.kind() && uri.equals(c.uri()) && tlsDir.equals(c.tlsDir() == null ? "" : c.tlsDir());
        }

    }

    private Form form() {
        return new Form(name.get(), kind.get(), effectiveUri(uri.get()), effectiveTlsDir(), readOnly.get(),
                kind.get() == BackendKind.LXD && token.get() != null ? token.get().strip() : "");
    }

    /** LXD's URI carries the project ({@code ?project=NAME}); the other kinds' URI is the field as typed. */
    private String effectiveUri(String typed) {
        return kind.get() == BackendKind.LXD && typed != null && !typed.isBlank()
                ? ConnectionSettings.lxdUri(typed.strip(), project.get() == null ? "" : project.get().strip()) : typed;
    }

    /** Sets how the form enrols with an LXD server over HTTPS when a trust token is given (the composition root). */
    public void enrolWith(BiFunction<String, String, String> enrol) {
        this.enrolment = requireNonNull(enrol, "enrol was not specified");
    }

    /** The TLS directory counts for Docker only: the field is hidden for the other kinds, and what it held is kept. */
    private String effectiveTlsDir() {
        return kind.get() == BackendKind.DOCKER && tlsDir.get() != null ? tlsDir.get().strip() : "";
    }

    /**
     * Saves the form. A new connection, or one whose kind, URI or TLS directory changed, is tested first; when it does
     * not answer, the user is asked (Cancel by default) before it is saved anyway.
     */
    private void save() {
        Form form = form();
        if (!form.token().isEmpty()) {
            enrolThenSave(form);
            return;
        }
        testThenSave(form);
    }

    /** A trust token first: the console enrols (nothing is saved when the server refuses), then the usual save. */
    private void enrolThenSave(Form form) {
        busy.set(true);
        showTest(TestOutcome.RUNNING, "Enrolling with " + form.uri() + " using the trust token…");
        CompletableFuture.supplyAsync(() -> enrolment.apply(form.uri(), form.token()), background).handleAsync((line, error) -> {
            busy.set(false);
            if (error != null) {
                showTest(TestOutcome.FAILED, "Enrolment failed: " + rootMessage(error));
                return null;
            }
            token.set("");
            showTest(TestOutcome.SUCCEEDED, line);
            testThenSave(form);
            return null;
        }, uiThread);
    }

    private void testThenSave(Form form) {
        Row editing = selected.get();
        ConnectionPolicy policy = policy();
        if (editing != null && form.sameEndpointAs(editing.connection())) {
            store(editing, form, policy);
            return;
        }
        busy.set(true);
        showTest(TestOutcome.RUNNING, "Checking that " + form.uri() + " answers before saving…");
        manager.test(form.name(), form.kind(), form.uri(), form.tlsDir()).handleAsync((line, error) -> {
            showTestResult(line, error);
            if (error == null) {
                store(editing, form, policy);
                return null;
            }
            busy.set(false);
            boolean anyway = dialogs.confirmAction("Save connection",
                    "'" + form.name() + "' does not answer",
                    rootMessage(error) + "\n\nSave it anyway? The console keeps trying to reach it, and shows it as "
                            + "unreachable until it answers.", "Save anyway");
            if (anyway) {
                store(editing, form, policy);
            }
            return null;
        }, uiThread);
    }

    private void store(Row editing, Form form, ConnectionPolicy policy) {
        busy.set(true);
        CompletableFuture.supplyAsync(() -> {
            if (editing == null) {
                Connection added = manager.add(form.name(), form.kind(), form.uri(), form.tlsDir(), form.readOnly(), policy);
                manager.open(added);
                // the form goes on editing what was added: a second Save saves it again, not a copy ("already exists")
                selectOnReload = added.id();
                return "Added connection '" + added.name() + "'";
            }
            Connection c = editing.connection();
            manager.update(new Connection(c.id(), form.name(), form.kind(), form.uri(), form.tlsDir(), form.readOnly(),
                    c.enabled()), policy);
            return "Saved connection '" + form.name() + "'";
        }, background).handleAsync(this::done, uiThread);
    }

    private void test() {
        Form form = form();
        busy.set(true);
        showTest(TestOutcome.RUNNING, "Testing " + form.uri() + "…");
        manager.test(form.name(), form.kind(), form.uri(), form.tlsDir()).handleAsync((line, error) -> {
            busy.set(false);
            showTestResult(line, error);
            return null;
        }, uiThread);
    }

    private void showTestResult(String line, Throwable error) {
        if (error != null) {
            showTest(TestOutcome.FAILED, "Test failed: " + rootMessage(error));
        } else {
            showTest(line.contains("; warning: ") ? TestOutcome.WARNING : TestOutcome.SUCCEEDED, line);
        }
    }

    private void showTest(TestOutcome outcome, String line) {
        testResult.set(line);
        testOutcome.set(outcome);
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
    public StringProperty projectProperty() { return project; }
    public StringProperty tokenProperty() { return token; }
    public StringProperty colourProperty() { return colour; }
    public BooleanProperty readOnlyProperty() { return readOnly; }
    public StringProperty timeoutSecondsProperty() { return timeoutSeconds; }
    public StringProperty breakerThresholdProperty() { return breakerThreshold; }
    public StringProperty breakerDelaySecondsProperty() { return breakerDelaySeconds; }
    public StringProperty maxCallsProperty() { return maxCalls; }
    public ReadOnlyStringProperty validationProperty() { return validation.getReadOnlyProperty(); }

    /**
     * What the form says is wrong: a blank name or URI only once the user reached that field (typed in it, or, for
     * the name, in the URI below it), so a fresh form, or one whose kind was just chosen, accuses nothing. Save stays
     * disabled all the same.
     */
    public StringBinding shownValidation() {
        return Bindings.createStringBinding(() -> {
            boolean unreachedBlank = name.get().isBlank() && !nameReached.get() || uri.get().isBlank() && !uriReached.get();
            return unreachedBlank ? otherProblem() : validation.get();
        }, name, uri, kind, validation, nameReached, uriReached);
    }

    /** The form's problem apart from the blank fields the user has not reached yet, or empty. */
    private String otherProblem() {
        String standInName = name.get().isBlank() && !nameReached.get() ? unusedName() : name.get();
        String standInUri = uri.get().isBlank() && !uriReached.get() ? example(kind.get()) : uri.get();
        return problem(standInName, standInUri);
    }

    /** A valid name no connection has, to check the rest of the form with while the name is still blank. */
    private String unusedName() {
        String candidate = "unnamed";
        for (int i = 2; nameTaken(candidate); i++) {
            candidate = "unnamed " + i;
        }
        return candidate;
    }

    private boolean nameTaken(String candidate) {
        return rows.stream().anyMatch(r -> r.connection().name().equals(candidate));
    }

    /** What the form is doing: "New connection", or "Editing 'lab1'". */
    public StringBinding formTitle() {
        return Bindings.createStringBinding(() -> selected.get() == null ? "New connection"
                : "Editing '" + selected.get().connection().name() + "'", selected);
    }

    /** The save button's text: "Add" for a new connection, "Save" for the one being edited. */
    public StringBinding saveLabel() {
        return Bindings.createStringBinding(() -> selected.get() == null ? "Add" : "Save", selected);
    }

    /** The URIs a connection of the chosen kind takes, as examples under the URI field. */
    public StringBinding uriExamples() {
        return Bindings.createStringBinding(() -> examples(kind.get()), kind);
    }

    /** What Save does, or, while it cannot, what is missing (the first problem, blank fields included). */
    public StringBinding saveHint() {
        return Bindings.createStringBinding(() -> !validation.get().isEmpty() ? "First: " + validation.get()
                        : selected.get() == null ? "Add this connection (it is tested first; one that does not answer is "
                        + "added only if you say so)" : "Save the changes to '" + selected.get().connection().name() + "'",
                validation, selected);
    }

    /** What Test does, or what is missing before it can. */
    public StringBinding testHint() {
        return Bindings.createStringBinding(() -> !validation.get().isEmpty() ? "First: " + validation.get()
                : "Connect to " + uri.get() + " and list its instances, without saving anything", validation, uri);
    }

    /** The URI field's prompt: the kind's usual URI. */
    public StringBinding uriPrompt() {
        return Bindings.createStringBinding(() -> example(kind.get()), kind);
    }

    /** Whether the project and trust token apply: LXD only. */
    public BooleanBinding lxdFieldsApply() {
        return Bindings.createBooleanBinding(() -> kind.get() == BackendKind.LXD, kind);
    }

    /** Whether the TLS directory applies: Docker only (libvirt and the simulator have no such field). */
    public BooleanBinding tlsDirApplies() {
        return Bindings.createBooleanBinding(() -> kind.get() == BackendKind.DOCKER, kind);
    }

    static String examples(BackendKind kind) {
        return switch (kind) {
            case DOCKER -> "unix:///var/run/docker.sock · tcp://host:2376 (with the TLS directory) · ssh://user@host";
            case LIBVIRT -> "qemu:///system · qemu:///session · qemu+ssh://user@host/system";
            case SIMULATOR -> "sim://NAME · sim://lab?count=40";
            case LXD -> "lxd+unix:///var/lib/lxd/unix.socket · lxd+https://host:8443 (with a trust token) · ?project=NAME";
            case PODMAN -> "";
            case null -> "";
        };
    }

    private static String example(BackendKind kind) {
        return switch (kind) {
            case DOCKER -> "unix:///var/run/docker.sock";
            case LIBVIRT -> "qemu:///system";
            case SIMULATOR -> "sim://example";
            case LXD -> "lxd+unix:///var/lib/lxd/unix.socket";
            case PODMAN -> "";
            case null -> "";
        };
    }

    public ReadOnlyStringProperty testResultProperty() { return testResult.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<TestOutcome> testOutcomeProperty() { return testOutcome.getReadOnlyProperty(); }
    public Command saveCommand() { return save; }
    public Command testCommand() { return test; }
    public Command removeCommand() { return remove; }
    public Command toggleEnabledCommand() { return toggleEnabled; }
    public Command newCommand() { return create; }
}
