package io.instanceconsole.ui.common;

import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;
import javafx.scene.Scene;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The own selection model in a real table of 50,000 rows (rows → filter → sort, as the instance table), clicked and
 * typed at by a robot, headless: ranges, toggles, keyboard moves, select-all and clear, and the selection following
 * its rows through sorting, filtering and rows arriving.
 */
@ExtendWith(ApplicationExtension.class)
class RowSelectionModelTest {
    private static final int ROWS = 50_000;

    /** A row: distinct objects, even with equal names (the model keeps rows by identity, not by equality). */
    private static final class Item {
        final int number;

        Item(int number) {
            this.number = number;
        }

        String name() {
            return "row-" + String.format("%05d", number);
        }
    }

    private final ObservableList<Item> all = FXCollections.observableArrayList();
    private final FilteredList<Item> filtered = new FilteredList<>(all);
    private final SortedList<Item> sorted = new SortedList<>(filtered, Comparator.comparingInt(i -> i.number));
    private TableView<Item> table;
    private final List<int[]> changeSizes = new ArrayList<>();

    @Start
    void start(Stage stage) {
        IntStream.range(0, ROWS).mapToObj(Item::new).forEach(all::add);
        table = new TableView<>(sorted);
        TableColumn<Item, String> name = new TableColumn<>("Name");
        name.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().name()));
        name.setPrefWidth(300);
        table.getColumns().add(name);
        table.setSelectionModel(new RowSelectionModel<>(table));
        table.getSelectionModel().getSelectedItems().addListener((ListChangeListener<Item>) change -> {
            int removed = 0;
            int added = 0;
            while (change.next()) {
                removed += change.getRemovedSize();
                added += change.getAddedSize();
            }
            changeSizes.add(new int[] {removed, added});
        });
        stage.setScene(new Scene(table, 400, 500));
        stage.show();
    }

    @Test
    void shiftClickSelectsTheRowsFromTheAnchorToTheClickedRow(FxRobot robot) {
        robot.clickOn(row(robot, 2));
        robot.press(KeyCode.SHIFT).clickOn(row(robot, 6)).release(KeyCode.SHIFT);

        assertThat(selectedNumbers()).containsExactly(2, 3, 4, 5, 6);
        assertThat(table.getFocusModel().getFocusedIndex()).isEqualTo(6);

        robot.press(KeyCode.SHIFT).clickOn(row(robot, 4)).release(KeyCode.SHIFT);

        assertThat(selectedNumbers()).as("the range shrinks back to the anchor").containsExactly(2, 3, 4);
    }

    @Test
    void ctrlClickTogglesOneRowAndLeavesTheOthers(FxRobot robot) {
        robot.clickOn(row(robot, 1));
        robot.press(KeyCode.CONTROL).clickOn(row(robot, 4)).clickOn(row(robot, 7)).release(KeyCode.CONTROL);

        assertThat(selectedNumbers()).containsExactly(1, 4, 7);

        robot.press(KeyCode.CONTROL).clickOn(row(robot, 4)).release(KeyCode.CONTROL);

        assertThat(selectedNumbers()).containsExactly(1, 7);
        assertThat(robot.lookup(".table-row-cell").queryAllAs(TableRow.class).stream()
                .filter(TableRow::isSelected).map(r -> ((Item) r.getItem()).number).toList())
                .as("the rows on screen show the selection").containsExactlyInAnyOrder(1, 7);
    }

    @Test
    void keyboardMovesAndExtendsTheSelection(FxRobot robot) {
        robot.clickOn(row(robot, 0));
        robot.type(KeyCode.DOWN, 2);
        assertThat(selectedNumbers()).containsExactly(2);

        robot.press(KeyCode.SHIFT).type(KeyCode.DOWN, 3).release(KeyCode.SHIFT);
        assertThat(selectedNumbers()).containsExactly(2, 3, 4, 5);

        robot.press(KeyCode.SHIFT).type(KeyCode.UP).release(KeyCode.SHIFT);
        assertThat(selectedNumbers()).containsExactly(2, 3, 4);

        robot.type(KeyCode.END);
        assertThat(selectedNumbers()).containsExactly(ROWS - 1);
        assertThat(table.getFocusModel().getFocusedIndex()).isEqualTo(ROWS - 1);

        robot.type(KeyCode.HOME);
        robot.press(KeyCode.SHIFT).type(KeyCode.PAGE_DOWN).release(KeyCode.SHIFT);
        List<Integer> page = selectedNumbers();
        assertThat(page).hasSizeGreaterThan(5).startsWith(0, 1, 2);
        assertThat(page).isEqualTo(IntStream.range(0, page.size()).boxed().toList());
    }

    @Test
    void selectAllAndClearOfFiftyThousandRowsAreOneChangeEach(FxRobot robot) {
        robot.clickOn(row(robot, 3));
        changeSizes.clear();

        robot.press(KeyCode.CONTROL).type(KeyCode.A).release(KeyCode.CONTROL);

        assertThat(table.getSelectionModel().getSelectedIndices()).hasSize(ROWS);
        assertThat(table.getSelectionModel().getSelectedItems()).containsExactlyElementsOf(sorted);
        assertThat(changeSizes).as("one change: row 3 stays, the others join")
                .singleElement().satisfies(c -> assertThat(c).containsExactly(0, ROWS - 1));

        changeSizes.clear();
        robot.interact(() -> table.getSelectionModel().clearSelection());

        assertThat(table.getSelectionModel().getSelectedItems()).isEmpty();
        assertThat(table.getSelectionModel().getSelectedIndex()).isEqualTo(-1);
        assertThat(changeSizes).singleElement().satisfies(c -> assertThat(c).containsExactly(ROWS, 0));
    }

    @Test
    void shiftArrowAfterSelectAllNarrowsTheSelectionToTheAnchorsRange(FxRobot robot) {
        robot.clickOn(row(robot, 3));
        robot.press(KeyCode.CONTROL).type(KeyCode.A).release(KeyCode.CONTROL);

        robot.press(KeyCode.SHIFT).type(KeyCode.DOWN).release(KeyCode.SHIFT);

        assertThat(selectedNumbers()).containsExactly(3, 4);
    }

    @Test
    void theSelectionFollowsItsRowsThroughSortFilterAndArrivals(FxRobot robot) {
        robot.interact(() -> table.getSelectionModel().selectIndices(10, 20, 30));
        List<Item> chosen = List.copyOf(table.getSelectionModel().getSelectedItems());

        robot.interact(() -> sorted.setComparator(Comparator.comparingInt((Item i) -> i.number).reversed()));

        assertThat(table.getSelectionModel().getSelectedItems()).containsExactly(chosen.get(2), chosen.get(1), chosen.get(0));
        assertThat(table.getSelectionModel().getSelectedIndices()).containsExactly(ROWS - 31, ROWS - 21, ROWS - 11);

        robot.interact(() -> all.add(0, new Item(25)));

        assertThat(table.getSelectionModel().getSelectedItems()).as("a row arriving among them selects nothing new")
                .containsExactly(chosen.get(2), chosen.get(1), chosen.get(0));

        robot.interact(() -> filtered.setPredicate(i -> i.number != 20));

        assertThat(table.getSelectionModel().getSelectedItems()).as("a row filtered out leaves the selection")
                .containsExactly(chosen.get(2), chosen.get(0));

        robot.interact(() -> filtered.setPredicate(null));

        assertThat(table.getSelectionModel().getSelectedItems()).as("and does not come back with it")
                .containsExactly(chosen.get(2), chosen.get(0));
        assertThat(table.getSelectionModel().isSelected(sorted.indexOf(chosen.get(1)))).isFalse();

        robot.interact(() -> all.remove(chosen.get(0)));

        assertThat(table.getSelectionModel().getSelectedItems()).containsExactly(chosen.get(2));
    }

    private List<Integer> selectedNumbers() {
        WaitForAsyncUtils.waitForFxEvents();
        return table.getSelectionModel().getSelectedItems().stream().map(i -> i.number).toList();
    }

    private static TableRow<?> row(FxRobot robot, int number) {
        WaitForAsyncUtils.waitForFxEvents();
        return robot.lookup(".table-row-cell").queryAllAs(TableRow.class).stream()
                .filter(r -> r.getItem() instanceof Item item && item.number == number)
                .findFirst().orElseThrow(() -> new AssertionError("no visible row " + number));
    }
}
