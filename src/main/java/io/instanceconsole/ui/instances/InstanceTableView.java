package io.instanceconsole.ui.instances;

import io.instanceconsole.domain.InstanceStats;
import io.instanceconsole.ui.common.RowSelectionModel;
import io.instanceconsole.ui.common.TextWithTooltipCell;
import io.instanceconsole.ui.common.UiTimer;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.geometry.Bounds;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The instance table. Binds to {@link InstanceTableViewModel} and forwards events; decisions live in the view model.
 */
public final class InstanceTableView {
    private static final Duration SAMPLE_PERIOD = Duration.ofSeconds(5);
    private static final int BACKGROUND_TICKS = 6;

    private final InstanceTableViewModel viewModel;
    /** A total order for rows the sorted columns find equal: by name, then host, then id. */
    private static final Comparator<InstanceRowViewModel> SAME_ORDER = Comparator
            .comparing((InstanceRowViewModel row) -> row.snapshot().name(), String.CASE_INSENSITIVE_ORDER)
            .thenComparing(InstanceRowViewModel::hostName).thenComparing(row -> row.key().instanceId());
    private final Clock clock;
    private final UiTimer timer;
    private Runnable stopSampling;
    private ContextMenu rowMenu;
    private int ticksSinceSample;

    @FXML private TableView<InstanceRowViewModel> table;
    @FXML private TableColumn<InstanceRowViewModel, String> nameColumn;
    @FXML private TableColumn<InstanceRowViewModel, String> hostColumn;
    @FXML private TableColumn<InstanceRowViewModel, String> kindColumn;
    @FXML private TableColumn<InstanceRowViewModel, RowState> statusColumn;
    @FXML private TableColumn<InstanceRowViewModel, String> imageColumn;
    @FXML private TableColumn<InstanceRowViewModel, Instant> createdColumn;
    @FXML private TableColumn<InstanceRowViewModel, CpuTrend> cpuColumn;
    @FXML private TableColumn<InstanceRowViewModel, InstanceStats> memoryColumn;
    @FXML private TableColumn<InstanceRowViewModel, RowState> actionsColumn;
    @FXML private Label placeholder;

    /** Without resource sampling (see {@link #InstanceTableView(InstanceTableViewModel, Clock, io.instanceconsole.ui.common.UiTimer)}). */
    public InstanceTableView(InstanceTableViewModel viewModel, Clock clock) {
        this(viewModel, clock, UiTimer.NEVER);
    }

    /** @param timer runs the sampling of resource figures for the rows on screen while the view is active */
    public InstanceTableView(InstanceTableViewModel viewModel, Clock clock, UiTimer timer) {
        this.viewModel = viewModel;
        this.clock = clock;
        this.timer = timer;
    }

    @FXML
    private void initialize() {
        placeholder.textProperty().bind(viewModel.emptyTextProperty());
        nameColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().snapshot().name()));
        nameColumn.setCellFactory(c -> new TextWithTooltipCell<>());
        table.setColumnResizePolicy(new NameFirstResize(nameColumn, imageColumn));
        hostColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().hostName()));
        hostColumn.setCellFactory(c -> new HostCell(viewModel::hostColour));
        // a container or a VM, which the user asks about; the engine is the host's (Host column, status bar)
        kindColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().snapshot().kindLabel()));
        imageColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().snapshot().image()));
        imageColumn.setCellFactory(c -> new TextWithTooltipCell<>());
        statusColumn.setCellValueFactory(c -> c.getValue().stateProperty());
        statusColumn.setCellFactory(c -> new StatusCell());
        statusColumn.setComparator((a, b) -> a.snapshot().status().compareTo(b.snapshot().status()));
        createdColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().snapshot().created()));
        createdColumn.setCellFactory(c -> new CreatedCell(clock));
        cpuColumn.setCellValueFactory(c -> c.getValue().cpuTrendProperty());
        cpuColumn.setCellFactory(c -> new CpuCell());
        cpuColumn.setSortable(false);
        memoryColumn.setCellValueFactory(c -> c.getValue().statsProperty());
        memoryColumn.setCellFactory(c -> statsCell(InstanceStats::memoryText));
        memoryColumn.setSortable(false);
        actionsColumn.setCellValueFactory(c -> c.getValue().stateProperty());
        actionsColumn.setCellFactory(c -> new RowActionsCell());
        actionsColumn.setSortable(false);
        // The default comparator collates with java.text.Collator (Unicode normalisation on every comparison): sorting
        // 10,000 rows took seconds of FX time at start-up. Case-insensitive code-point order costs ~100× less.
        Comparator<String> text = Comparator.nullsLast(
                String.CASE_INSENSITIVE_ORDER.thenComparing(Comparator.naturalOrder()));
        nameColumn.setComparator(text);
        hostColumn.setComparator(text);
        kindColumn.setComparator(text);
        imageColumn.setComparator(text);

        table.setRowFactory(t -> fixesTheRowHeight(new InstanceRow(() -> rowMenu)));
        table.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            // Enter on a row: its actions' menu under it, the keyboard's way to what a right-click shows
            if (e.getCode() == KeyCode.ENTER && !e.isShortcutDown() && !e.isAltDown()) {
                showRowMenuAtFocusedRow();
                e.consume();
            }
        });
        table.setItems(viewModel.sortedRows());
        // The columns' order, then name, host and id: rows the columns find equal (the same name on two hosts, the
        // same status) otherwise took whatever place their arrival gave them.
        table.setSortPolicy(sorted -> {
            Comparator<InstanceRowViewModel> columns = sorted.getComparator();
            viewModel.sortedRows().setComparator(columns == null ? SAME_ORDER : columns.thenComparing(SAME_ORDER));
            return true;
        });
        table.getSortOrder().add(nameColumn);
        table.setSelectionModel(new RowSelectionModel<>(table));
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.getSelectionModel().getSelectedItems().addListener(this::selectionChanged);
        viewModel.onSelectionToKeep(this::keepSelected);
    }

    private void selectionChanged(ListChangeListener.Change<? extends InstanceRowViewModel> change) {
        List<InstanceRowViewModel> left = new ArrayList<>();
        List<InstanceRowViewModel> joined = new ArrayList<>();
        while (change.next()) {
            left.addAll(change.getRemoved());
            joined.addAll(change.getAddedSubList());
        }
        viewModel.selectionChanged(table.getSelectionModel().getSelectedItems(), left, joined);
    }

    /**
     * Every row is as tall as its action buttons make it: the first filled row's height becomes the table's fixed cell
     * size, so the table never measures rows to estimate its scroll range (at 50,000 rows that estimate was a fifth of
     * the FX thread's time while scrolling).
     */
    private InstanceRow fixesTheRowHeight(InstanceRow row) {
        row.heightProperty().addListener((obs, old, height) -> {
            if (table.getFixedCellSize() <= 0 && row.getItem() != null && height.doubleValue() > 0) {
                table.setFixedCellSize(height.doubleValue());
            }
        });
        return row;
    }

    /** Re-selects exactly these rows when the table's selection drifted to others (rows were added or removed). */
    private void keepSelected(List<InstanceRowViewModel> keep) {
        var model = table.getSelectionModel();
        Set<InstanceRowViewModel> wanted = Collections.newSetFromMap(new IdentityHashMap<>());
        wanted.addAll(keep);
        if (model.getSelectedItems().size() == wanted.size() && wanted.containsAll(model.getSelectedItems())) {
            return;
        }
        Map<InstanceRowViewModel, Integer> position = new IdentityHashMap<>();
        List<InstanceRowViewModel> shown = table.getItems();
        for (int i = 0; i < shown.size(); i++) {
            position.put(shown.get(i), i);
        }
        int[] indices = keep.stream().map(position::get).filter(Objects::nonNull)
                .mapToInt(Integer::intValue).sorted().toArray();
        model.clearSelection();
        if (indices.length > 0) {
            model.selectIndices(indices[0], Arrays.copyOfRange(indices, 1, indices.length));
        }
    }

    private static TableCell<InstanceRowViewModel, InstanceStats> statsCell(
            Function<InstanceStats, String> text) {
        return new TableCell<>() {
            private final Tooltip whole = new Tooltip();

            @Override
            protected void updateItem(InstanceStats stats, boolean empty) {
                super.updateItem(stats, empty);
                String shown = empty || stats == null ? null : text.apply(stats);
                setText(shown);
                whole.setText(shown == null ? "" : shown);
                setTooltip(shown == null ? null : whole);
            }
        };
    }

    /** Samples resource use for the rows on screen every few seconds; undone by {@link #deactivate()}. */
    public void activate() {
        if (stopSampling == null) {
            stopSampling = timer.every(SAMPLE_PERIOD, this::sampleTick);
        }
    }

    public void deactivate() {
        if (stopSampling != null) {
            stopSampling.run();
            stopSampling = null;
        }
    }

    /**
     * Every 5 s while the window has the focus; every 30 s while it is in the background (the figures stay current
     * enough to glance at); never while it is minimised or hidden.
     */
    private void sampleTick() {
        Window window = table.getScene() == null ? null : table.getScene().getWindow();
        if (window == null || !window.isShowing() || window instanceof Stage stage && stage.isIconified()) {
            return;
        }
        ticksSinceSample++;
        if (window.isFocused() || ticksSinceSample >= BACKGROUND_TICKS) {
            ticksSinceSample = 0;
            sampleVisibleRows();
        }
    }

    private void sampleVisibleRows() {
        if (!(table.lookup(".virtual-flow") instanceof VirtualFlow<?> flow)
                || flow.getFirstVisibleCell() == null || flow.getLastVisibleCell() == null) {
            return;
        }
        int first = Math.max(0, flow.getFirstVisibleCell().getIndex());
        int last = Math.min(table.getItems().size() - 1, flow.getLastVisibleCell().getIndex());
        if (first <= last) {
            viewModel.sampleStats(List.copyOf(table.getItems().subList(first, last + 1)));
        }
    }

    /**
     * The menu a row opens on a right-click, a double-click or Enter: the selection's actions, enabled exactly as the
     * toolbar's (the same commands).
     */
    public void setRowMenu(ContextMenu menu) {
        rowMenu = menu;
        table.refresh(); // rows built before take it too
    }

    private void showRowMenuAtFocusedRow() {
        int focused = table.getFocusModel().getFocusedIndex();
        if (rowMenu == null || focused < 0) {
            return;
        }
        if (!table.getSelectionModel().isSelected(focused)) {
            table.getSelectionModel().clearAndSelect(focused);
        }
        table.lookupAll(".table-row-cell").stream()
                .filter(n -> n instanceof InstanceRow row && row.getIndex() == focused && row.isVisible())
                .findFirst()
                .ifPresent(row -> {
                    Bounds bounds = row.localToScreen(row.getBoundsInLocal());
                    rowMenu.show(row, bounds.getMinX() + 24, bounds.getMaxY());
                });
    }

    /** Selects every row the filter shows. */
    public void selectAllShown() {
        // JavaFX's selectAll first clears: with everything already selected that churns 10,000 rows for nothing
        // (the costliest thing its selection model does: ~100 ms on the FX thread), so a second Shortcut+A is free
        if (table.getSelectionModel().getSelectedIndices().size() != table.getItems().size()) {
            table.getSelectionModel().selectAll();
        }
        table.requestFocus();
    }

    public void focusTable() {
        table.requestFocus();
    }

    /**
     * Gives the table the keyboard on its first row, selecting that row when nothing is selected (so the actions'
     * shortcuts have a scope at once); a selection the user made stays.
     */
    public void focusFirstRow() {
        table.requestFocus();
        if (table.getItems().isEmpty()) {
            return;
        }
        if (table.getSelectionModel().isEmpty()) {
            table.getSelectionModel().select(0);
        }
        table.getFocusModel().focus(0);
        table.scrollTo(0);
    }

    /** Selects only this row (when the filter shows it), scrolls to it and gives the table the keyboard. */
    public void reveal(InstanceRowViewModel row) {
        int index = table.getItems().indexOf(row);
        if (index < 0) {
            return;
        }
        table.getSelectionModel().clearAndSelect(index);
        table.getFocusModel().focus(index);
        table.scrollTo(index);
        table.requestFocus();
    }

    public void clearSelection() {
        table.getSelectionModel().clearSelection();
    }
}
