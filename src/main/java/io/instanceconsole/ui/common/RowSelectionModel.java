package io.instanceconsole.ui.common;

import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.ObservableListBase;
import javafx.collections.WeakListChangeListener;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableColumnBase;
import javafx.scene.control.TablePosition;
import javafx.scene.control.TableView;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * A row selection model for a {@link TableView} whose rows are distinct objects, for tables of tens of thousands of
 * rows: a {@link BitSet} over the positions shown, and the selected positions in ascending order with their rows (the
 * rows by identity are what survives a change of the rows shown). Select-all, clear, ranges and lists of positions cost O(n) in the rows shown
 * and fire one change; selecting or clearing one row costs a binary search and an array move. (JavaFX's own model
 * walks its selected cells per changed row: O(n²) to clear or select 10,000 rows.)
 *
 * <p>When the rows shown change (sorted, filtered, added, removed), the selected rows still shown stay selected at their
 * new positions and the others leave the selection. {@link #getSelectedItems()} and {@link #getSelectedIndices()} list
 * the selection in the order shown. Row selection only: the cell methods act on the whole row and moving across
 * cells does nothing. Focus follows the selection as with JavaFX's model. FX thread only.
 */
public final class RowSelectionModel<S> extends TableView.TableViewSelectionModel<S> {
    /** Where JavaFX's table behaviour keeps the row a Shift-selection extends from (the table's properties). */
    private static final String ANCHOR_KEY = "anchor";
    private static final String DEFAULT_ANCHOR_KEY = "isDefaultAnchor";
    private final TableView<S> table;
    private BitSet bits = new BitSet();
    /** The selected positions in ascending order, and their rows, in the first {@link #count} slots. */
    private int[] order = new int[0];
    private Object[] rowsInOrder = new Object[0];
    private int count;
    private final Shown<Integer> indices = new Shown<>(i -> order[i]);
    private final Shown<S> items = new Shown<>(this::rowAt);
    private final Shown<TablePosition> cells = new Shown<>(i -> position(order[i]));
    private final ListChangeListener<S> shownChanged = change -> {
        while (change.next()) {
            if (!change.wasUpdated()) {
                shownRowsChanged();
                return;
            }
        }
    };
    private final WeakListChangeListener<S> weakShownChanged = new WeakListChangeListener<>(shownChanged);
    private ObservableList<S> watched;
    @SuppressWarnings("unchecked")
    private TablePosition<S, ?>[] positions = new TablePosition[0];

    public RowSelectionModel(TableView<S> table) {
        super(table);
        this.table = table;
        setSelectionMode(SelectionMode.MULTIPLE);
        watch(table.getItems());
        table.itemsProperty().addListener((obs, old, now) -> {
            watch(now);
            clearSelection();
        });
    }

    /** Weakly: the rows may outlive the table (a view model's list shown again in a new window). */
    private void watch(ObservableList<S> shown) {
        if (watched != null) {
            watched.removeListener(weakShownChanged);
        }
        watched = shown;
        if (shown != null) {
            shown.addListener(weakShownChanged);
        }
    }

    @Override
    public ObservableList<Integer> getSelectedIndices() {
        return indices;
    }

    @Override
    public ObservableList<S> getSelectedItems() {
        return items;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public ObservableList<TablePosition> getSelectedCells() {
        return cells;
    }

    @Override
    public boolean isSelected(int index) {
        return index >= 0 && bits.get(index);
    }

    @Override
    public boolean isSelected(int row, TableColumn<S, ?> column) {
        return isSelected(row);
    }

    @Override
    public boolean isEmpty() {
        return count == 0;
    }

    @Override
    public void select(int row) {
        if (row == -1) {
            clearSelection();
            return;
        }
        if (!shows(row)) {
            return;
        }
        focus(row);
        if (getSelectionMode() == SelectionMode.SINGLE) {
            replace(only(row), row);
            return;
        }
        if (!bits.get(row)) {
            insert(row);
        }
        setSelectedIndex(row);
    }

    @Override
    public void select(int row, TableColumn<S, ?> column) {
        select(row);
    }

    @Override
    public void select(S row) {
        List<S> shown = table.getItems();
        for (int i = 0; shown != null && i < shown.size(); i++) {
            if (shown.get(i) == row) {
                select(i);
                return;
            }
        }
    }

    /** Selects only this row, which becomes the anchor of the next Shift-selection (as with JavaFX's model). */
    @Override
    public void clearAndSelect(int row) {
        if (!shows(row)) {
            return;
        }
        table.getProperties().put(ANCHOR_KEY, position(row));
        table.getProperties().put(DEFAULT_ANCHOR_KEY, false);
        focus(row);
        replace(only(row), row);
    }

    @Override
    public void clearAndSelect(int row, TableColumn<S, ?> column) {
        clearAndSelect(row);
    }

    @Override
    public void selectIndices(int row, int... rows) {
        if (getSelectionMode() == SelectionMode.SINGLE) {
            select(rows.length == 0 ? row : rows[rows.length - 1]);
            return;
        }
        BitSet next = (BitSet) bits.clone();
        int lead = -1;
        for (int i = -1; i < rows.length; i++) {
            int index = i < 0 ? row : rows[i];
            if (shows(index)) {
                next.set(index);
                lead = index;
            }
        }
        if (lead >= 0) {
            focus(lead);
            replace(next, lead);
        }
    }

    /** Selects {@code start} (inclusive) to {@code end} (exclusive), in either direction; the lead is the last one. */
    @Override
    public void selectRange(int start, int end) {
        if (start == end) {
            return;
        }
        int step = start < end ? 1 : -1;
        selectRows(start, end - step);
    }

    /** Selects the rows from {@code minRow} to {@code maxRow} (both inclusive, either order); the lead is {@code maxRow}. */
    @Override
    public void selectRange(int minRow, TableColumnBase<S, ?> minColumn,
                            int maxRow, TableColumnBase<S, ?> maxColumn) {
        selectRows(minRow, maxRow);
    }

    private void selectRows(int from, int to) {
        int low = Math.max(0, Math.min(from, to));
        int high = Math.min(itemCount() - 1, Math.max(from, to));
        if (low > high) {
            return;
        }
        if (getSelectionMode() == SelectionMode.SINGLE) {
            select(to);
            return;
        }
        BitSet next = (BitSet) bits.clone();
        next.set(low, high + 1);
        int lead = shows(to) ? to : (to < from ? low : high);
        focus(lead);
        replace(next, lead);
    }

    @Override
    public void selectAll() {
        int rows = itemCount();
        if (getSelectionMode() == SelectionMode.SINGLE || rows == 0) {
            return;
        }
        int focused = getFocusedIndex();
        int lead = focused >= 0 && focused < rows ? focused : rows - 1;
        BitSet next = new BitSet(rows);
        next.set(0, rows);
        replace(next, lead);
        focus(lead);
    }

    @Override
    public void selectFirst() {
        if (itemCount() > 0) {
            clearAndSelect(0);
        }
    }

    @Override
    public void selectLast() {
        if (itemCount() > 0) {
            clearAndSelect(itemCount() - 1);
        }
    }

    @Override
    public void selectPrevious() {
        int focused = getFocusedIndex();
        if (focused == -1) {
            select(itemCount() - 1);
        } else if (focused > 0) {
            select(focused - 1);
        }
    }

    @Override
    public void selectNext() {
        int focused = getFocusedIndex();
        if (focused == -1) {
            select(0);
        } else if (focused < itemCount() - 1) {
            select(focused + 1);
        }
    }

    @Override
    public void clearSelection(int index) {
        if (!isSelected(index)) {
            return;
        }
        remove(index);
        if (count == 0) {
            setSelectedIndex(-1);
        } else if (getSelectedIndex() == index) {
            setSelectedIndex(order[count - 1]);
        }
    }

    @Override
    public void clearSelection(int row, TableColumn<S, ?> column) {
        clearSelection(row);
    }

    /** Clears the selection and the focus, as JavaFX's model does. */
    @Override
    public void clearSelection() {
        replace(new BitSet(), -1);
        focus(-1);
    }

    /** Cells are not selected apart from their rows: moving across cells changes nothing. */
    @Override
    public void selectLeftCell() {
    }

    @Override
    public void selectRightCell() {
    }

    @Override
    public void selectAboveCell() {
        selectPrevious();
    }

    @Override
    public void selectBelowCell() {
        selectNext();
    }

    private int itemCount() {
        return table.getItems() == null ? 0 : table.getItems().size();
    }

    private boolean shows(int row) {
        return row >= 0 && row < itemCount();
    }

    private static BitSet only(int row) {
        BitSet one = new BitSet(row + 1);
        one.set(row);
        return one;
    }

    @SuppressWarnings("unchecked")
    private S rowAt(int rank) {
        return (S) rowsInOrder[rank];
    }

    /**
     * The row's position in {@link #getSelectedCells()}, made once per row index (a position holds no row, only its
     * index): JavaFX's table behaviour reads every cell a change adds, 50,000 of them after a select-all.
     */
    private TablePosition<S, ?> position(int row) {
        if (row >= positions.length) {
            positions = Arrays.copyOf(positions, Math.max(row + 1, positions.length * 2));
        }
        TablePosition<S, ?> position = positions[row];
        if (position == null) {
            position = new TablePosition<>(table, row, null);
            positions[row] = position;
        }
        return position;
    }

    /** Adds one row: a binary search for its rank and a move of the ones after it. */
    private void insert(int row) {
        int rank = -Arrays.binarySearch(order, 0, count, row) - 1;
        if (count == order.length) {
            int capacity = Math.max(16, count * 2);
            order = Arrays.copyOf(order, capacity);
            rowsInOrder = Arrays.copyOf(rowsInOrder, capacity);
        }
        System.arraycopy(order, rank, order, rank + 1, count - rank);
        System.arraycopy(rowsInOrder, rank, rowsInOrder, rank + 1, count - rank);
        S item = table.getItems().get(row);
        order[rank] = row;
        rowsInOrder[rank] = item;
        count++;
        bits.set(row);
        indices.added(rank);
        items.added(rank);
        cells.added(rank);
    }

    private void remove(int row) {
        int rank = Arrays.binarySearch(order, 0, count, row);
        S item = rowAt(rank);
        TablePosition<S, ?> cell = position(row);
        System.arraycopy(order, rank + 1, order, rank, count - rank - 1);
        System.arraycopy(rowsInOrder, rank + 1, rowsInOrder, rank, count - rank - 1);
        count--;
        rowsInOrder[count] = null;
        bits.clear(row);
        indices.removed(rank, row);
        items.removed(rank, item);
        cells.removed(rank, cell);
    }

    /**
     * Makes {@code next} the selection, the rows shown unchanged; one change per list, describing what left and what
     * joined in runs (a merge of the old and new positions, O(n)).
     */
    private void replace(BitSet next, int lead) {
        int[] oldOrder = order;
        Object[] oldRows = rowsInOrder;
        int oldCount = count;
        List<S> shown = table.getItems();
        int newCount = next.cardinality();
        int[] newOrder = new int[newCount];
        Object[] newRows = new Object[newCount];
        for (int row = next.nextSetBit(0), i = 0; row >= 0; row = next.nextSetBit(row + 1), i++) {
            newOrder[i] = row;
            newRows[i] = shown.get(row);
        }
        List<int[]> runs = runs(oldOrder, oldCount, newOrder, newCount);
        bits = next;
        order = newOrder;
        rowsInOrder = newRows;
        count = newCount;
        indices.changed(runs, i -> oldOrder[i]);
        items.changed(runs, i -> rowAtIn(oldRows, i));
        cells.changed(runs, i -> position(oldOrder[i]));
        setSelectedIndex(lead);
    }

    @SuppressWarnings("unchecked")
    private S rowAtIn(Object[] rows, int i) {
        return (S) rows[i];
    }

    /**
     * The differences between two ascending position lists, as runs {@code {at, oldFrom, oldTo, newFrom, newTo}}: at
     * position {@code at} of the new list, old entries {@code [oldFrom, oldTo)} were replaced by new entries
     * {@code [newFrom, newTo)} (either range may be empty).
     */
    private static List<int[]> runs(int[] before, int beforeCount, int[] after, int afterCount) {
        List<int[]> runs = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < beforeCount || j < afterCount) {
            if (i < beforeCount && j < afterCount && before[i] == after[j]) {
                i++;
                j++;
                continue;
            }
            int oldFrom = i;
            int newFrom = j;
            while (i < beforeCount || j < afterCount) {
                if (i < beforeCount && j < afterCount && before[i] == after[j]) {
                    break;
                }
                if (j >= afterCount || i < beforeCount && before[i] < after[j]) {
                    i++;
                } else {
                    j++;
                }
            }
            runs.add(new int[] {newFrom, oldFrom, i, newFrom, j});
        }
        return runs;
    }

    /**
     * The rows shown changed: the selected rows still shown are selected at their new positions, in one change per
     * list (the whole selection replaced) when anything moved or left; O(n) in the rows shown.
     */
    private void shownRowsChanged() {
        if (count == 0) {
            bits = new BitSet();
            return;
        }
        List<S> shown = table.getItems();
        int[] oldOrder = Arrays.copyOf(order, count);
        Object[] oldRows = Arrays.copyOf(rowsInOrder, count);
        int oldCount = count;
        S leadRow = getSelectedItem();
        Set<Object> members = Collections.newSetFromMap(new IdentityHashMap<>(count * 2));
        members.addAll(Arrays.asList(oldRows));
        BitSet next = new BitSet(shown.size());
        int lead = -1;
        for (int i = 0; i < shown.size(); i++) {
            S row = shown.get(i);
            if (members.contains(row)) {
                next.set(i);
                if (row == leadRow) {
                    lead = i;
                }
            }
        }
        int newCount = next.cardinality();
        int[] newOrder = new int[newCount];
        Object[] newRows = new Object[newCount];
        boolean same = newCount == oldCount;
        for (int row = next.nextSetBit(0), i = 0; row >= 0; row = next.nextSetBit(row + 1), i++) {
            newOrder[i] = row;
            newRows[i] = shown.get(row);
            same &= oldOrder[i] == row && oldRows[i] == newRows[i];
        }
        bits = next;
        order = newOrder;
        rowsInOrder = newRows;
        count = newCount;
        if (same) {
            return;
        }
        List<int[]> all = List.<int[]>of(new int[] {0, 0, oldCount, 0, newCount});
        indices.changed(all, i -> oldOrder[i]);
        items.changed(all, i -> rowAtIn(oldRows, i));
        cells.changed(all, i -> position(oldOrder[i]));
        setSelectedIndex(lead >= 0 ? lead : newCount == 0 ? -1 : newOrder[newCount - 1]);
    }

    /** One of the selection's read-only lists in the order shown: reads the model's arrays, fires what they tell it. */
    private final class Shown<E> extends ObservableListBase<E> {
        private final IntFunction<E> at;

        Shown(IntFunction<E> at) {
            this.at = at;
        }

        @Override
        public E get(int index) {
            if (index < 0 || index >= count) {
                throw new IndexOutOfBoundsException(index + " of " + count);
            }
            return at.apply(index);
        }

        @Override
        public int size() {
            return count;
        }

        void added(int rank) {
            beginChange();
            nextAdd(rank, rank + 1);
            endChange();
        }

        void removed(int rank, E removed) {
            beginChange();
            nextRemove(rank, removed);
            endChange();
        }

        /**
         * Fires one change made of these runs; what left is read from {@code before} only when a listener asks (a
         * cleared selection of 50,000 rows builds no list of what left unless someone reads it).
         */
        void changed(List<int[]> runs, IntFunction<E> before) {
            if (!runs.isEmpty()) {
                fireChange(new Runs<>(this, runs, before));
            }
        }
    }

    /** A change made of runs {@code {at, oldFrom, oldTo, newFrom, newTo}} (see {@link #runs}), in ascending order. */
    private static final class Runs<E> extends ListChangeListener.Change<E> {
        private final List<int[]> runs;
        private final IntFunction<E> before;
        private int cursor = -1;

        Runs(ObservableList<E> list, List<int[]> runs, IntFunction<E> before) {
            super(list);
            this.runs = runs;
            this.before = before;
        }

        @Override
        public boolean next() {
            cursor++;
            return cursor < runs.size();
        }

        @Override
        public void reset() {
            cursor = -1;
        }

        private int[] run() {
            if (cursor < 0 || cursor >= runs.size()) {
                throw new IllegalStateException("next() was not called, or returned false");
            }
            return runs.get(cursor);
        }

        @Override
        public int getFrom() {
            return run()[0];
        }

        @Override
        public int getTo() {
            int[] run = run();
            return run[0] + run[4] - run[3];
        }

        @Override
        public List<E> getRemoved() {
            int[] run = run();
            int from = run[1];
            int size = run[2] - run[1];
            return new AbstractList<>() {
                @Override
                public E get(int index) {
                    return before.apply(from + index);
                }

                @Override
                public int size() {
                    return size;
                }
            };
        }

        @Override
        protected int[] getPermutation() {
            return new int[0];
        }
    }
}
