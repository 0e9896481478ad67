package io.instanceconsole.app;

import io.instanceconsole.backend.simulator.SimulatorBackend;
import io.instanceconsole.domain.AuditEvent;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.service.BulkOperation.ItemState;
import io.instanceconsole.service.ManagedConnection;
import io.instanceconsole.ui.bulk.BulkItemViewModel;
import io.instanceconsole.ui.instances.InstanceRowViewModel;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.controlsfx.control.NotificationPane;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole main window over the real services and the embedded simulator (40 instances from a fixed seed, one
 * host), with what the TestFX tests over it look up: rows by state, the host's own view (the oracle), the audit
 * trail, the confirmation dialog and the bulk progress panel. Built in a test's {@code @Start}, closed in its
 * {@code @AfterEach}.
 */
final class MainWindowHarness implements AutoCloseable {
    static final long TIMEOUT_SECONDS = 15;

    final AppContext context;
    final MainWindowFactory.Built built;
    private final FxRobot robot = new FxRobot();
    /** Confirmation dialogs opened since the window was built: a question that must not be asked shows here. */
    private final AtomicInteger dialogsOpened = new AtomicInteger();
    /** Messages that slid in above the table (e.g. "Nothing to pause: …" from a press that should have done nothing). */
    private final List<String> notifications = new CopyOnWriteArrayList<>();

    private MainWindowHarness(AppContext context, MainWindowFactory.Built built) {
        this.context = context;
        this.built = built;
    }

    /** Opens a fresh data directory (so a fresh simulated fleet) and shows the main window on {@code stage}. */
    static MainWindowHarness open(Path temp, Stage stage) {
        AppContext context = TestContexts.context(temp.resolve("run-" + System.nanoTime()));
        context.connectAll().orTimeout(30, TimeUnit.SECONDS).join();
        return open(context, stage);
    }

    /**
     * Adds one connection with {@code instancectl connections add NAME ARGS…} (as a user would) in a fresh data
     * directory, opens and connects it, and shows the main window over it on {@code stage}.
     */
    static MainWindowHarness openWithConnection(Path temp, Stage stage, String name, String... addArgs) {
        Path data = temp.resolve("data-" + System.nanoTime());
        List<String> command = new ArrayList<>(List.of("connections", "add", name));
        command.addAll(List.of(addArgs));
        assertThat(CliRun.in(data.toString(), Map.of(), command.toArray(String[]::new)).code())
                .as("instancectl %s", command).isZero();
        AppContext context = TestContexts.context(data);
        context.connectAll().orTimeout(30, TimeUnit.SECONDS).join();
        return open(context, stage);
    }

    /** Shows the main window over a context the caller opened and connected; closing the harness closes it. */
    static MainWindowHarness open(AppContext context, Stage stage) {
        MainWindowFactory.Built built = MainWindowFactory.build(context, stage);
        MainWindowHarness harness = new MainWindowHarness(context, built);
        Window.getWindows().addListener((ListChangeListener<Window>) change -> {
            while (change.next()) {
                for (Window added : change.getAddedSubList()) {
                    if (added.getScene() != null && added.getScene().lookup(".dialog-pane") != null) {
                        harness.dialogsOpened.incrementAndGet();
                    }
                }
            }
        });
        NotificationPane pane = (NotificationPane) built.scene().lookup(".notification-pane");
        pane.showingProperty().addListener((obs, was, showing) -> {
            if (showing) {
                harness.notifications.add(pane.getText());
            }
        });
        BenchWindows.showOn(stage, built, 1280, 800);
        return harness;
    }

    @Override
    public void close() {
        // A simulated host the test left hung or failing would hold the services' close.
        for (ManagedConnection connection : context.registry().all()) {
            if (connection.backend() instanceof SimulatorBackend simulator) {
                simulator.faults().clear();
            }
        }
        // A dialog left open (a failed test) would hold the FX thread in its nested loop.
        dialog().ifPresent(pane -> robot.interact(() -> pane.getScene().getWindow().hide()));
        robot.interact(() -> built.view().deactivate());
        context.close();
    }

    // ---- keyboard

    /** Presses the keys in order and releases them in reverse, like a person typing a combination. */
    void type(KeyCode... keys) {
        robot.press(keys);
        KeyCode[] reversed = new KeyCode[keys.length];
        for (int i = 0; i < keys.length; i++) {
            reversed[i] = keys[keys.length - 1 - i];
        }
        robot.release(reversed);
        WaitForAsyncUtils.waitForFxEvents();
    }

    // ---- table and selection

    @SuppressWarnings("unchecked")
    TableView<InstanceRowViewModel> table() {
        return robot.lookup(".instance-table").queryAs(TableView.class);
    }

    /** Selects the row named {@code name} once the host listed it, and opens the details pane with Ctrl+I. */
    void openDetailsOn(String name) {
        waitUntil("the row of '" + name + "'", () -> table().getItems().stream()
                .anyMatch(r -> r.snapshot().name().equals(name)));
        robot.interact(() -> {
            table().getItems().stream().filter(r -> r.snapshot().name().equals(name)).findFirst()
                    .ifPresent(table().getSelectionModel()::select);
            table().requestFocus();
        });
        type(KeyCode.CONTROL, KeyCode.I);
    }

    /** The rows shown with this status, in table order. */
    List<InstanceRowViewModel> rows(InstanceStatus status) {
        return table().getItems().stream().filter(r -> r.snapshot().status() == status).toList();
    }

    /** The first row shown with this status, failing the test when the seeded fleet has none. */
    Instance first(InstanceStatus status) {
        List<InstanceRowViewModel> rows = rows(status);
        assertThat(rows).as("the seeded fleet has a %s instance", status).isNotEmpty();
        return rows.get(0).snapshot();
    }

    /** Selects exactly these instances, gives the table the focus and lets bulk enablement catch up. */
    void select(List<Instance> instances) {
        TableView<InstanceRowViewModel> table = table();
        Set<InstanceKey> keys = instances.stream().map(Instance::key).collect(Collectors.toSet());
        robot.interact(() -> {
            table.getSelectionModel().clearSelection();
            for (InstanceRowViewModel row : table.getItems()) {
                if (keys.contains(row.key())) {
                    table.getSelectionModel().select(row);
                }
            }
            table.requestFocus();
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(selection()).hasSize(instances.size());
    }

    void select(Instance... instances) {
        select(List.of(instances));
    }

    /** The selected rows' snapshots in the order the bulk actions see them. */
    List<Instance> selection() {
        return List.copyOf(table().getSelectionModel().getSelectedItems()).stream().map(InstanceRowViewModel::snapshot).toList();
    }

    Button button(String id) {
        return robot.lookup("#" + id).queryAs(Button.class);
    }

    // ---- oracles: the host, the store and the audit trail

    SimulatorBackend simulator() {
        List<ManagedConnection> all = context.registry().all();
        assertThat(all).as("one embedded simulated host").hasSize(1);
        return (SimulatorBackend) all.get(0).backend();
    }

    /** What the simulated host itself says, bypassing latency, faults and the console. */
    Optional<InstanceStatus> onHost(Instance instance) {
        return simulator().statusOnHost(instance.id());
    }

    /** What the console last observed (the store's in-memory view, which the table follows). */
    Optional<InstanceStatus> known(Instance instance) {
        return context.known().find(instance.key()).map(Instance::status);
    }

    List<AuditEvent> audit() {
        return context.journal().recentAudit(1_000);
    }

    /** Names of the instances the audit trail has an event for (one per action sent to a host). */
    List<String> auditedNames() {
        return audit().stream().map(AuditEvent::instanceName).toList();
    }

    static void waitUntil(String what, Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS, condition);
        } catch (TimeoutException e) {
            throw new AssertionError("timed out waiting until " + what, e);
        }
    }

    // ---- the confirmation dialog

    /** The confirmation dialog on screen, if any. */
    Optional<DialogPane> dialog() {
        return robot.lookup(".dialog-pane").queryAllAs(DialogPane.class).stream()
                .filter(p -> p.getScene() != null && p.getScene().getWindow() != null && p.getScene().getWindow().isShowing())
                .findFirst();
    }

    DialogPane awaitDialog() {
        waitUntil("a confirmation dialog shows", () -> dialog().isPresent());
        return dialog().orElseThrow();
    }

    List<String> notifications() {
        return List.copyOf(notifications);
    }

    int dialogsOpened() {
        return dialogsOpened.get();
    }

    /** Answers the dialog with a click on one of its buttons, optionally ticking "don't ask again" first. */
    void answer(DialogPane dialog, ButtonType answer, boolean dontAskAgain) {
        if (dontAskAgain) {
            CheckBox box = (CheckBox) dialog.lookup("#dont-ask-again");
            assertThat(box).as("the dialog offers \"don't ask again\"").isNotNull();
            robot.clickOn(box);
            assertThat(box.isSelected()).isTrue();
        }
        robot.clickOn(dialog.lookupButton(answer));
        waitUntil("the dialog closes", () -> dialog().isEmpty());
    }

    static String text(DialogPane dialog) {
        List<String> texts = new ArrayList<>();
        texts.add(dialog.getHeaderText());
        collectLabels(dialog.getContent(), texts);
        return String.join("\n", texts);
    }

    private static void collectLabels(Node node, List<String> texts) {
        if (node instanceof Labeled labeled && !(node instanceof CheckBox)) {
            texts.add(labeled.getText());
        }
        if (node instanceof Parent parent) {
            parent.getChildrenUnmodifiable().forEach(child -> collectLabels(child, texts));
        }
    }

    // ---- the bulk progress panel

    @SuppressWarnings("unchecked")
    List<BulkItemViewModel> panelItems() {
        ListView<BulkItemViewModel> list = robot.lookup(".bulk-items").queryAs(ListView.class);
        return List.copyOf(list.getItems());
    }

    List<String> panelNames(ItemState state) {
        return panelItems().stream().filter(i -> i.state() == state).map(BulkItemViewModel::name).toList();
    }

    long panelCount(Predicate<BulkItemViewModel> which) {
        return panelItems().stream().filter(which).count();
    }

    /** Whether the panel shows a finished run: cancel is off, close is on. */
    boolean panelFinished() {
        return robot.lookup(".bulk-progress").query().isVisible() && button("cancelButton").isDisabled()
                && !button("closeButton").isDisabled();
    }

    void awaitPanelFinished(int items) {
        waitUntil("the bulk panel shows " + items + " items, all settled", () -> panelItems().size() == items && panelFinished()
                && panelItems().stream().noneMatch(i -> i.state() == ItemState.QUEUED || i.state() == ItemState.RUNNING));
    }

    FxRobot robot() {
        return robot;
    }
}
