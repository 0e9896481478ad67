package io.instanceconsole.app;

import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.AuditEvent;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.domain.OperationState;
import io.instanceconsole.service.ConnectionChanges;
import io.instanceconsole.ui.instances.InstanceRowViewModel;
import io.instanceconsole.ui.keyboard.CommandPalette;
import javafx.event.Event;
import javafx.geometry.Bounds;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.ContextMenuEvent;
import javafx.scene.text.Text;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.controlsfx.control.StatusBar;
import org.junit.jupiter.api.Test;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.instanceconsole.app.MainWindowHarness.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console as a person meets it (issue 24): safe defaults, outages you can see, errors that clear themselves, a
 * keyboard path from the filter to the rows, a row's context menu. The whole window over the embedded simulator.
 */
class ConsoleUxTest extends MainWindowTestBase {
    @Start
    void start(Stage primary) {
        openOnAStageOfItsOwn();
    }

    // ---- (10) safe defaults

    @Test
    void enterInADestructiveConfirmationCancels() {
        Instance stopped = h.first(InstanceStatus.STOPPED);
        h.select(stopped);
        h.robot().clickOn(h.button("deleteButton"));
        DialogPane dialog = h.awaitDialog();

        assertThat(((Button) dialog.lookupButton(ButtonType.CANCEL)).isDefaultButton()).as("Cancel is the default").isTrue();
        assertThat(((Button) dialog.lookupButton(ButtonType.OK)).isDefaultButton()).as("OK is not").isFalse();
        h.type(KeyCode.ENTER);

        waitUntil("Enter closes the dialog", () -> h.dialog().isEmpty());
        assertThat(h.onHost(stopped)).as("Enter did not delete").contains(InstanceStatus.STOPPED);
        assertThat(h.audit()).isEmpty();
    }

    @Test
    void theThemeControlNamesTheThemeItSwitchesTo() {
        ToggleButton theme = h.robot().lookup("#themeToggle").queryAs(ToggleButton.class);
        assertThat(theme.isSelected()).isFalse();
        assertThat(theme.getText()).as("in the light theme it offers dark").isEqualTo("Dark");

        h.type(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.D);

        assertThat(theme.isSelected()).isTrue();
        assertThat(theme.getText()).as("in the dark theme it offers light").isEqualTo("Light");
    }

    // ---- (1) an unreachable host is unmistakable

    /** Makes the simulated host stop answering; F5's resync fails and marks it unreachable. */
    private void hostGoesDown() {
        h.simulator().faults().disconnect();
        h.type(KeyCode.F5);
        waitUntil("the host is marked unreachable", () -> downChip().isVisible());
    }

    private Label downChip() {
        return h.robot().lookup(".host-down-chip").queryAs(Label.class);
    }

    private String summary() {
        return h.robot().lookup(".status-bar").queryAs(StatusBar.class).getText();
    }

    @Test
    void anUnreachableHostIsARedChipAndItsRowsAreCountedAsLastKnown() {
        assertThat(downChip().isVisible()).as("no chip while every host answers").isFalse();
        assertThat(summary()).contains("running").doesNotContain("last known");

        hostGoesDown();

        assertThat(downChip().getText()).contains("unreachable");
        assertThat(summary()).as("the summary counts them apart").contains("40 last known").doesNotContain("running");
        TableRow<?> row = (TableRow<?>) h.robot().lookup(".instance-table .table-row-cell").query();
        assertThat(row.getPseudoClassStates()).as("its rows are greyed").anyMatch(p -> p.getPseudoClassName().equals("stale"));
        assertThat(h.table().getItems()).as("no live figures").allMatch(r -> r.statsProperty().get() == null);

        h.simulator().faults().reconnect();
        h.type(KeyCode.F5);
        waitUntil("the chip goes when the host answers again", () -> !downChip().isVisible());
        assertThat(summary()).contains("running").doesNotContain("last known");
    }

    // ---- (4) a keyboard path from the filter to the rows

    private Node focusOwner() {
        return h.table().getScene().getFocusOwner();
    }

    @Test
    void enterOrDownInTheFilterMovesToTheFirstRowWhichShowsAFocusRing() {
        for (KeyCode key : List.of(KeyCode.ENTER, KeyCode.DOWN)) {
            h.robot().interact(() -> h.table().getSelectionModel().clearSelection());
            h.type(KeyCode.CONTROL, KeyCode.F);
            assertThat(focusOwner()).isInstanceOf(TextField.class);
            h.type(key);

            assertThat(focusOwner()).as("%s in the filter moves to the table", key).isSameAs(h.table());
            assertThat(h.table().getFocusModel().getFocusedIndex()).as("on its first row").isZero();
            assertThat(h.table().getSelectionModel().getSelectedIndices()).as("which is selected").containsExactly(0);
            assertThat(h.table().getBorder()).as("the focused table shows a ring").isNotNull();
            assertThat(h.table().getBorder().getStrokes().get(0).getWidths().getTop()).isGreaterThanOrEqualTo(2);
            TableRow<?> first = h.robot().lookup(".instance-table .table-row-cell").queryAll().stream()
                    .map(n -> (TableRow<?>) n).filter(r -> r.getIndex() == 0).findFirst().orElseThrow();
            assertThat(first.getBorder()).as("and so does its focused row").isNotNull();
            h.robot().interact(() -> h.table().getSelectionModel().clearSelection());
            h.type(KeyCode.CONTROL, KeyCode.F);
            h.type(KeyCode.ESCAPE);
        }
    }

    private boolean paletteShows() {
        return Window.getWindows().stream().anyMatch(w -> w.isShowing() && w.getScene() != null
                && w.getScene().getRoot().getStyleClass().contains("command-palette"));
    }

    @Test
    void thePaletteGivesTheFocusBackToWhereItCameFrom() {
        h.select(h.first(InstanceStatus.RUNNING));
        assertThat(focusOwner()).isSameAs(h.table());

        h.type(KeyCode.CONTROL, KeyCode.K);
        waitUntil("the palette shows", this::paletteShows);
        h.type(KeyCode.ESCAPE);
        waitUntil("the palette closes", () -> !paletteShows());

        assertThat(focusOwner()).as("Esc: the table has the focus again").isSameAs(h.table());

        h.type(KeyCode.CONTROL, KeyCode.K);
        waitUntil("the palette shows", this::paletteShows);
        h.robot().write("every host");
        h.type(KeyCode.ENTER);
        waitUntil("the palette closes", () -> !paletteShows());

        assertThat(focusOwner()).as("a command run from it: the table has the focus again").isSameAs(h.table());

        h.robot().clickOn(h.button("paletteButton"));
        waitUntil("the palette shows", this::paletteShows);
        h.type(KeyCode.ESCAPE);
        waitUntil("the palette closes", () -> !paletteShows());
        assertThat(focusOwner()).as("opened with the mouse: the focus where it was (the button clicked)")
                .isSameAs(h.button("paletteButton"));
    }

    // ---- (5) a row's context menu, Enter and double-click

    private Optional<ContextMenu> rowMenu() {
        return Window.getWindows().stream()
                .filter(w -> w instanceof ContextMenu m && m.isShowing() && m.getStyleClass().contains("row-menu"))
                .map(w -> (ContextMenu) w).findFirst();
    }

    private MenuItem menuItem(String id) {
        return rowMenu().orElseThrow().getItems().stream().filter(i -> id.equals(i.getId())).findFirst().orElseThrow();
    }

    private Node rowOf(Instance instance) {
        h.robot().interact(() -> h.table().scrollTo(h.table().getItems().stream()
                .filter(r -> r.key().equals(instance.key())).findFirst().orElseThrow()));
        return h.robot().lookup(".instance-table .table-row-cell").queryAll().stream()
                .filter(n -> n instanceof TableRow<?> r && r.getItem() != null
                        && ((InstanceRowViewModel) r.getItem()).key().equals(instance.key()))
                .findFirst().orElseThrow();
    }

    private void closeMenu() {
        rowMenu().ifPresent(m -> h.robot().interact(m::hide));
    }

    @Test
    void aRightClickOnARowOffersItsActionsEnabledExactlyAsTheToolbar() {
        Instance running = h.first(InstanceStatus.RUNNING);
        Node row = rowOf(running);
        h.robot().rightClickOn(row);
        if (rowMenu().isEmpty()) {
            // Monocle does not turn a secondary click into a context-menu request as the desktop toolkits do
            Bounds at = row.localToScreen(row.getBoundsInLocal());
            h.robot().interact(() -> Event.fireEvent(row, new ContextMenuEvent(
                    ContextMenuEvent.CONTEXT_MENU_REQUESTED, 40, 10, at.getMinX() + 40, at.getMinY() + 10,
                    false, null)));
        }
        waitUntil("the row's menu shows", () -> rowMenu().isPresent());
        assertThat(h.selection()).as("the right-clicked row is the scope").containsExactly(running);
        WaitForAsyncUtils.waitForFxEvents();

        Map<String, String> buttons = Map.of("pause", "pauseButton", "resume", "resumeButton",
                "start", "startButton", "stop", "stopButton", "kill", "killButton", "restart", "restartButton",
                "delete", "deleteButton");
        buttons.forEach((action, button) -> assertThat(menuItem("menu-" + action).isDisable())
                .as("%s as the toolbar has it", action).isEqualTo(h.button(button).isDisabled()));
        assertThat(menuItem("menu-pause").isDisable()).isFalse();
        assertThat(menuItem("menu-resume").isDisable()).isTrue();

        h.robot().interact(() -> menuItem("menu-pause").fire());
        waitUntil("Pause from the menu pauses it", () -> h.onHost(running).equals(Optional.of(InstanceStatus.PAUSED)));
    }

    @Test
    void enterOrADoubleClickOnARowOpensItsActions() {
        Instance paused = h.first(InstanceStatus.PAUSED);
        h.select(paused);
        h.type(KeyCode.ENTER);
        waitUntil("Enter opens the row's menu", () -> rowMenu().isPresent());
        waitUntil("Resume is offered", () -> !menuItem("menu-resume").isDisable());
        closeMenu();

        h.robot().doubleClickOn(rowOf(h.first(InstanceStatus.STOPPED)));
        waitUntil("a double-click opens it too", () -> rowMenu().isPresent());
        waitUntil("Start is offered for the stopped row", () -> !menuItem("menu-start").isDisable());
        closeMenu();
    }

    // ---- (6) cut-off text can be read, and nothing stays shrunk

    /** The cells of a column on screen, by the column's title. */
    private List<TableCell<?, ?>> cells(String column) {
        return h.robot().lookup(".instance-table .table-cell").queryAll().stream()
                .<TableCell<?, ?>>map(node -> (TableCell<?, ?>) node)
                .filter(c -> c.getTableColumn() != null && column.equals(c.getTableColumn().getText()))
                .filter(c -> !c.isEmpty() && c.getText() != null && !c.getText().isEmpty()).toList();
    }

    private void resize(double width, double height) {
        h.robot().interact(() -> {
            stage.setWidth(width);
            stage.setHeight(height);
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void atASmallWindowEveryTextCellSaysItsWholeTextOnHover() {
        resize(1024, 700);
        for (String column : List.of("Name", "Host", "Image", "CPU", "Memory")) {
            waitUntil(column + " cells show", () -> !cells(column).isEmpty());
            assertThat(cells(column)).as(column + " cells have their whole text as a tooltip").allSatisfy(cell -> {
                assertThat(cell.getTooltip()).as(column + " '" + cell.getText() + "'").isNotNull();
                assertThat(cell.getTooltip().getText()).isEqualTo(cell.getText());
            });
        }
        Label scope = h.robot().lookup(".scope-label").queryAs(Label.class);
        assertThat(onScreen(scope)).as("the scope stays in sight, not in the toolbar's overflow menu").isTrue();
        assertThat(scope.localToScene(scope.getBoundsInLocal()).getMaxX()).isLessThanOrEqualTo(1024);
        assertThat(h.robot().lookup(".instance-table .scroll-bar").queryAllAs(ScrollBar.class))
                .filteredOn(bar -> bar.getOrientation() == Orientation.HORIZONTAL)
                .as("the columns fit: no horizontal scroll bar").noneMatch(Node::isVisible);
        assertThat(cells("Name")).as("at 1024 px Name keeps the width to show every name whole").allSatisfy(cell ->
                assertThat(((Text) cell.lookup(".text")).getText()).isEqualTo(cell.getText()));

    }

    @Test
    void atASmallWindowActivityShowsWholeTimes() {
        resize(1024, 700);
        h.select(h.first(InstanceStatus.RUNNING));
        h.type(KeyCode.CONTROL, KeyCode.P);
        h.awaitPanelFinished(1);
        h.type(KeyCode.CONTROL, KeyCode.DIGIT2);

        waitUntil("the trail shows the pause", () -> !cellsOf(".activity-table", "Time").isEmpty());
        assertThat(cellsOf(".activity-table", "Time")).allSatisfy(cell ->
                assertThat(((Text) cell.lookup(".text")).getText()).as("the time, whole").isEqualTo(cell.getText()));
    }

    private List<TableCell<?, ?>> cellsOf(String table, String column) {
        return h.robot().lookup(table + " .table-cell").queryAll().stream()
                .<TableCell<?, ?>>map(node -> (TableCell<?, ?>) node)
                .filter(c -> c.getTableColumn() != null && column.equals(c.getTableColumn().getText()))
                .filter(c -> !c.isEmpty() && c.getText() != null && !c.getText().isEmpty()).toList();
    }

    @Test
    void theRowButtonsShowTheirLabelsAgainWhenTheWindowIsWidenedAgain() {
        resize(1024, 700);
        waitUntil("the row buttons turn to icons in a narrow window", () -> pauseButtons().stream()
                .allMatch(b -> b.getContentDisplay() == ContentDisplay.GRAPHIC_ONLY));

        resize(1600, 1000);

        waitUntil("their labels come back", () -> !pauseButtons().isEmpty() && pauseButtons().stream()
                .allMatch(b -> b.getContentDisplay() == ContentDisplay.LEFT));
    }

    private List<Button> pauseButtons() {
        return h.robot().lookup(".pause-button").queryAllAs(Button.class).stream().filter(Node::isVisible).toList();
    }

    @Test
    void theBulkPanelsButtonsKeepTheirWholeLabelsInASmallWindow() {
        resize(1024, 700);
        h.type(KeyCode.CONTROL, KeyCode.A);
        h.type(KeyCode.CONTROL, KeyCode.P); // every row: a long summary of what was done and skipped, and why
        h.awaitPanelFinished(40);

        for (String id : List.of("cancelButton", "retryButton", "copyButton", "closeButton")) {
            Button button = h.button(id);
            assertThat(button.getWidth()).as(id + " '" + button.getText() + "' is not cut off")
                    .isGreaterThanOrEqualTo(button.prefWidth(-1) - 0.5);
        }
        Label summary = h.robot().lookup(".bulk-progress .text-muted").queryAs(Label.class);
        assertThat(summary.getText()).contains("succeeded").contains("skipped");
        assertThat(((Text) summary.lookup(".text")).getText()).as("the summary, whole").isEqualTo(summary.getText());
    }

    @Test
    void atASmallWindowActivitysFilterBarKeepsBothExportButtonsInSight() {
        resize(1024, 700);
        h.type(KeyCode.CONTROL, KeyCode.DIGIT2);

        for (String id : List.of("#exportCsvButton", "#exportJsonButton")) {
            Button export = h.robot().lookup(id).queryAs(Button.class);
            waitUntil(id + " shows", () -> onScreen(export));
            assertThat(export.localToScene(export.getBoundsInLocal()).getMaxX()).as(id).isLessThanOrEqualTo(1024);
        }
    }

    @Test
    void aToolbarActionClickedWithTheMouseGivesTheFocusBackToTheTable() {
        Instance running = h.first(InstanceStatus.RUNNING);
        h.select(running);

        h.robot().clickOn("#pauseButton");
        waitUntil("it is paused", () -> h.known(running).orElseThrow() == InstanceStatus.PAUSED);

        assertThat(stage.getScene().getFocusOwner()).as("a Space or Enter now reaches the table, not the Start button")
                .isSameAs(h.table());
    }

    // ---- (1) the outage band

    private Node band() {
        return h.robot().lookup(".outage-band").query();
    }

    /** On screen: it and every node it is in are visible (a tab not selected hides its content). */
    private static boolean onScreen(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return node.getScene() != null;
    }

    @Test
    void anOutageIsABandOverTheInstancesWithRetryNow() {
        assertThat(onScreen(band())).as("no band while every host answers").isFalse();

        hostGoesDown();

        assertThat(onScreen(band())).isTrue();
        assertThat(h.robot().lookup(".outage-band > .label").queryAs(Label.class).getText())
                .contains("unreachable since").contains("last known state");
        h.type(KeyCode.CONTROL, KeyCode.DIGIT2);
        assertThat(onScreen(band())).as("it belongs to the Instances tab").isFalse();
        h.type(KeyCode.CONTROL, KeyCode.DIGIT1);
        assertThat(onScreen(band())).isTrue();

        h.simulator().faults().reconnect();
        h.robot().clickOn("#retry-now");
        waitUntil("Retry now asks the host again and the band goes", () -> !onScreen(band()));
        assertThat(downChip().isVisible()).isFalse();
    }

    // ---- (7) the bulk panel closes with Esc and belongs to the Instances tab

    private boolean panelShown() {
        return h.robot().lookup(".bulk-progress").query().isVisible()
                && h.robot().lookup(".bulk-progress").query().getParent().isVisible();
    }

    @Test
    void escClosesAFinishedBulkPanelFirstThenClearsTheSelection() {
        List<Instance> running = h.rows(InstanceStatus.RUNNING).stream().limit(3).map(InstanceRowViewModel::snapshot)
                .toList();
        h.select(running);
        h.type(KeyCode.CONTROL, KeyCode.P);
        h.awaitPanelFinished(3);
        h.robot().interact(() -> h.table().requestFocus());

        h.type(KeyCode.ESCAPE);

        assertThat(panelShown()).as("Esc closed the panel").isFalse();
        assertThat(h.table().getSelectionModel().getSelectedItems()).as("and kept the selection").hasSize(3);
        h.type(KeyCode.ESCAPE);
        assertThat(h.table().getSelectionModel().getSelectedItems()).as("a second Esc clears it").isEmpty();
    }

    @Test
    void theBulkPanelShowsOnlyOnTheInstancesTab() {
        h.select(h.rows(InstanceStatus.RUNNING).stream().limit(2).map(InstanceRowViewModel::snapshot).toList());
        h.type(KeyCode.CONTROL, KeyCode.P);
        h.awaitPanelFinished(2);

        h.type(KeyCode.CONTROL, KeyCode.DIGIT2);
        assertThat(panelShown()).as("not over the Activity trail").isFalse();
        h.type(KeyCode.CONTROL, KeyCode.DIGIT1);
        assertThat(panelShown()).as("back with the instances").isTrue();
    }

    // ---- (10) undo of the last bulk pause or resume

    @Test
    void shortcutZAfterABulkPauseResumesExactlyWhatItPaused() {
        Instance pausedBefore = h.first(InstanceStatus.PAUSED);
        List<Instance> running = h.rows(InstanceStatus.RUNNING).stream().limit(3).map(InstanceRowViewModel::snapshot)
                .toList();
        List<Instance> selection = new ArrayList<>(running);
        selection.add(pausedBefore);
        h.select(selection);
        h.type(KeyCode.CONTROL, KeyCode.P);
        h.awaitPanelFinished(4);
        running.forEach(i -> waitUntil(i.name() + " paused", () -> h.onHost(i).equals(Optional.of(InstanceStatus.PAUSED))));
        assertThat(h.button("undoButton").isDisabled()).isFalse();

        h.type(KeyCode.CONTROL, KeyCode.Z);

        running.forEach(i -> waitUntil(i.name() + " resumed by the undo",
                () -> h.onHost(i).equals(Optional.of(InstanceStatus.RUNNING))));
        assertThat(h.onHost(pausedBefore)).as("paused before the bulk pause: stays paused").contains(InstanceStatus.PAUSED);
    }

    // ---- (10) the palette finds instances, connections and export

    @SuppressWarnings("unchecked")
    private List<String> paletteLines() {
        ListView<CommandPalette.Entry> list = h.robot().lookup("#palette-list").queryAs(ListView.class);
        return list.getItems().stream().map(CommandPalette.Entry::description).toList();
    }

    @Test
    @SuppressWarnings("unchecked")
    void withTheMouseThePaletteShowsEveryShortcutAndOneClickRunsAnEntry() {
        Instance running = h.first(InstanceStatus.RUNNING);
        h.select(running);
        h.robot().clickOn(h.button("paletteButton"));
        waitUntil("the palette shows", this::paletteShows);
        ListView<CommandPalette.Entry> list = h.robot().lookup("#palette-list").queryAs(ListView.class);

        assertThat(list.lookupAll(".scroll-bar")).map(ScrollBar.class::cast)
                .filteredOn(bar -> bar.getOrientation() == Orientation.HORIZONTAL)
                .as("the lines fit the palette: no sideways scrolling").noneMatch(Node::isVisible);
        Label pauseShortcut = h.robot().lookup("#palette-list .palette-shortcut").queryAllAs(Label.class).stream()
                .filter(l -> l.getText().equals("Ctrl+P")).findFirst().orElseThrow();
        assertThat(pauseShortcut.localToScreen(pauseShortcut.getBoundsInLocal()).getMaxX())
                .as("the shortcut is inside the palette").isLessThanOrEqualTo(
                        list.localToScreen(list.getBoundsInLocal()).getMaxX());

        h.robot().clickOn(h.robot().lookup("#palette-list .list-cell").queryAll().stream()
                .filter(c -> ((ListCell<CommandPalette.Entry>) c).getItem() != null
                        && ((ListCell<CommandPalette.Entry>) c).getItem().description().startsWith("Pause the selected"))
                .findFirst().orElseThrow());

        waitUntil("one click ran it", () -> h.known(running).orElseThrow() == InstanceStatus.PAUSED);
        waitUntil("and closed the palette", () -> !paletteShows());
    }

    @SuppressWarnings("unchecked")
    private String highlighted() {
        ListView<CommandPalette.Entry> list = h.robot().lookup("#palette-list").queryAs(ListView.class);
        CommandPalette.Entry entry = list.getSelectionModel().getSelectedItem();
        return entry == null ? "" : entry.description();
    }

    private TextField search() {
        return h.robot().lookup("#palette-search").queryAs(TextField.class);
    }

    private void palette(String typed) {
        h.robot().interact(() -> h.table().requestFocus());
        h.type(KeyCode.CONTROL, KeyCode.K);
        waitUntil("the palette opens", () -> h.robot().lookup("#palette-search").tryQuery().isPresent());
        // the text as typed: Monocle does not hand the robot's key strokes to the palette's own window
        h.robot().interact(() -> search().setText(typed));
    }

    @Test
    void thePaletteFindsAnInstancesActionsAConnectionAndTheExport() {
        Instance running = h.first(InstanceStatus.RUNNING);
        h.robot().interact(() -> h.table().getSelectionModel().clearSelection());

        palette("pause " + running.name());
        waitUntil("Pause '" + running.name() + "' is highlighted",
                () -> highlighted().equals("Pause '" + running.name() + "' on Simulator"));
        h.type(KeyCode.ENTER);
        waitUntil("Enter paused exactly that instance", () -> h.onHost(running).equals(Optional.of(InstanceStatus.PAUSED)));

        palette("simulator");
        waitUntil("the connection is found", () -> {
            h.robot().interact(() -> {
                search().setText("");
                search().setText("simulator");
            });
            return paletteLines().stream().anyMatch(l -> l.startsWith("Show connection 'Simulator'"));
        });
        h.type(KeyCode.ESCAPE);

        palette("export");
        waitUntil("the export is found", () -> paletteLines().containsAll(List.of("Export the activity trail as CSV…",
                "Export the activity trail as JSON…")));
        h.type(KeyCode.ESCAPE);
    }

    // ---- (7) Activity shows what was seen on the hosts

    @Test
    @SuppressWarnings("unchecked")
    void aPauseMadeOnTheHostShowsInActivityAsSeenOnTheHost() {
        Instance running = h.first(InstanceStatus.RUNNING);

        h.simulator().perform(Action.PAUSE, running.id()); // not through the console
        waitUntil("the row shows it paused", () -> h.table().getItems().stream()
                .anyMatch(r -> r.key().equals(running.key()) && r.snapshot().status() == InstanceStatus.PAUSED));
        h.type(KeyCode.CONTROL, KeyCode.DIGIT2);

        TableView<AuditEvent> trail = h.robot().lookup(".activity-table").queryAs(TableView.class);
        waitUntil("Activity lists the pause seen on the host", () -> trail.getItems().stream().anyMatch(e ->
                e.instanceId().equals(running.id()) && e.action().equals("pause")
                        && e.outcome() == OperationState.OBSERVED));
        assertThat(h.audit()).as("the console itself did nothing").noneMatch(e -> e.outcome() == OperationState.SUCCEEDED);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aConnectionAddedInTheConnectionsTabShowsInActivityAsAChangeOfTheConfiguration() {
        h.type(KeyCode.CONTROL, KeyCode.DIGIT3);
        h.robot().clickOn("#nameField").write("extra");
        h.robot().interact(() -> h.robot().lookup("#kindBox").queryAs(ComboBox.class).setValue(BackendKind.SIMULATOR));
        h.robot().clickOn("#uriField").write("sim://extra");
        h.robot().clickOn("#saveButton");
        h.type(KeyCode.CONTROL, KeyCode.DIGIT2);

        TableView<AuditEvent> trail = h.robot().lookup(".activity-table").queryAs(TableView.class);
        waitUntil("Activity lists the connection added, by the user", () -> trail.getItems().stream().anyMatch(e ->
                e.connectionName().equals("extra") && e.action().equals(ConnectionChanges.ADDED)
                        && e.outcome() == OperationState.CONFIGURED && e.message().equals("simulator sim://extra")));
        ComboBox<String> outcome = h.robot().lookup("#outcomeBox").queryAs(ComboBox.class);
        assertThat(outcome.getItems()).contains(OperationState.CONFIGURED.name());
        ComboBox<String> action = h.robot().lookup("#actionBox").queryAs(ComboBox.class);
        assertThat(action.getItems()).containsAll(ConnectionChanges.ACTIONS);

        h.robot().interact(() -> outcome.setValue(OperationState.CONFIGURED.name()));

        assertThat(trail.getItems()).isNotEmpty()
                .allSatisfy(e -> assertThat(e.outcome()).isEqualTo(OperationState.CONFIGURED));

        h.context.connectionManager().all().stream().filter(c -> c.name().equals("extra"))
                .forEach(c -> h.context.connectionManager().remove(c.id()));
        waitUntil("Activity lists its removal too", () -> trail.getItems().stream().anyMatch(e ->
                e.connectionName().equals("extra") && e.action().equals(ConnectionChanges.REMOVED)));
    }

    @Test
    @SuppressWarnings("unchecked")
    void activitysDetailPaneShowsOnlyTheEventThatIsSelected() {
        h.select(h.first(InstanceStatus.RUNNING));
        h.type(KeyCode.CONTROL, KeyCode.P);
        h.awaitPanelFinished(1);
        h.type(KeyCode.CONTROL, KeyCode.DIGIT2);
        TableView<AuditEvent> trail = h.robot().lookup(".activity-table").queryAs(TableView.class);
        waitUntil("the trail shows the pause", () -> !trail.getItems().isEmpty());
        TextArea details = h.robot().lookup("#details").queryAs(TextArea.class);

        h.robot().interact(() -> trail.getSelectionModel().select(0));
        assertThat(details.getText()).contains("pause of '");

        h.robot().interact(() -> h.robot().lookup("#searchField").queryAs(TextField.class).setText("no such event"));
        assertThat(trail.getItems()).isEmpty();
        assertThat(details.getText()).as("the event filtered away is no longer described").isEmpty();
    }
}
