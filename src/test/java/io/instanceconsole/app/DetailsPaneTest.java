package io.instanceconsole.app;

import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.ui.instances.InstanceRowViewModel;
import io.instanceconsole.ui.keyboard.CommandPalette;
import javafx.geometry.Bounds;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import static io.instanceconsole.app.MainWindowHarness.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The details pane on the whole main window (real services, embedded simulator): Ctrl+I opens and closes it beside
 * the table (below it in a narrow window), it follows the selection while the table keeps the keyboard, several rows
 * give counts, and the palette offers it too.
 */
@ExtendWith(ApplicationExtension.class)
class DetailsPaneTest {
    @TempDir
    static Path temp;

    private MainWindowHarness h;
    private final FxRobot robot = new FxRobot();

    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        h = MainWindowHarness.open(temp, stage);
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    @Test
    void ctrlIOpensThePaneOnTheSelectedRowAndTheArrowKeysStillMoveTheSelection() {
        Instance first = h.first(InstanceStatus.RUNNING);
        h.select(first);
        assertThat(pane()).as("closed at start").isEmpty();

        h.type(KeyCode.CONTROL, KeyCode.I);

        waitUntil("the pane shows", () -> pane().isPresent());
        assertThat(title()).isEqualTo(first.name() + " on " + h.context.hostName(first.connectionId()));
        waitUntil("the simulator's facts show", () -> values().contains(first.image()));
        assertThat(h.table().isFocused()).as("the table keeps the keyboard").isTrue();

        h.type(KeyCode.DOWN);
        Instance next = h.selection().get(0);
        assertThat(next.key()).isNotEqualTo(first.key());
        waitUntil("the pane follows the selection", () -> title().startsWith(next.name() + " on "));

        h.type(KeyCode.CONTROL, KeyCode.I);
        waitUntil("Ctrl+I closes it", () -> pane().isEmpty());
    }

    @Test
    void inANarrowWindowThePaneIsBelowTheTableSoEveryColumnStaysInSightAndBesideItInAWideOne() {
        resize(1024, 700);
        h.select(h.first(InstanceStatus.RUNNING));
        h.type(KeyCode.CONTROL, KeyCode.I);
        waitUntil("the pane shows", () -> pane().isPresent());
        WaitForAsyncUtils.waitForFxEvents();

        Bounds table = h.table().localToScene(h.table().getBoundsInLocal());
        assertThat(paneBounds().getMinY()).as("below the table").isGreaterThanOrEqualTo(table.getMaxY());
        assertThat(robot.lookup(".instance-table .scroll-bar").queryAllAs(ScrollBar.class))
                .filteredOn(bar -> bar.getOrientation() == Orientation.HORIZONTAL)
                .as("the columns fit: no horizontal scroll bar").noneMatch(Node::isVisible);
        assertThat(h.table().isFocused()).as("the table keeps the keyboard").isTrue();

        resize(1600, 1000);
        waitUntil("the pane moves beside the table",
                () -> paneBounds().getMinX() >= h.table().localToScene(h.table().getBoundsInLocal()).getMaxX());
    }

    private void resize(double width, double height) {
        robot.interact(() -> {
            stage.setWidth(width);
            stage.setHeight(height);
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private Bounds paneBounds() {
        Node pane = robot.lookup("#details-pane").query();
        return pane.localToScene(pane.getBoundsInLocal());
    }

    @Test
    void severalSelectedRowsShowTheirCountsInstead() {
        h.select(h.rows(InstanceStatus.RUNNING).stream().limit(3).map(InstanceRowViewModel::snapshot).toList());
        h.type(KeyCode.CONTROL, KeyCode.I);

        waitUntil("the pane shows", () -> pane().isPresent());
        assertThat(title()).isEqualTo("3 selected");
        assertThat(labels()).contains("running");
        assertThat(values()).contains("3");
    }

    @Test
    @SuppressWarnings("unchecked")
    void thePaletteOpensThePane() throws Exception {
        h.select(h.first(InstanceStatus.RUNNING));
        h.type(KeyCode.CONTROL, KeyCode.K);
        waitUntil("the palette shows", () -> robot.lookup("#palette-search").tryQuery().isPresent());
        TextField search = robot.lookup("#palette-search").queryAs(TextField.class);
        waitUntil("its search field has the keyboard", search::isFocused);
        robot.interact(() -> search.setText("details")); // typed text, as the search field's listener sees it
        WaitForAsyncUtils.waitForFxEvents();
        ListView<CommandPalette.Entry> list = robot.lookup("#palette-list").queryAs(ListView.class);
        assertThat(list.getSelectionModel().getSelectedItem().description()).as("typed %s, found %s", search.getText(), list.getItems().stream().map(CommandPalette.Entry::description).toList())
                .isEqualTo("Show or hide the details of the selected instance");
        h.type(KeyCode.ENTER);

        waitUntil("the pane shows", () -> pane().isPresent());
    }

    private Optional<Node> pane() {
        return Window.getWindows().stream().filter(Window::isShowing).map(w -> w.getScene().lookup("#details-pane"))
                .filter(Objects::nonNull).filter(n -> n.getScene() != null && n.getParent() != null).findFirst();
    }

    private String title() {
        return ((Label) pane().orElseThrow().lookup("#details-title")).getText();
    }

    private List<String> values() {
        return pane().orElseThrow().lookupAll(".details-value").stream().map(n -> ((TextField) n).getText()).toList();
    }

    private List<String> labels() {
        return pane().orElseThrow().lookupAll(".details-label").stream().map(n -> ((Label) n).getText()).toList();
    }
}
