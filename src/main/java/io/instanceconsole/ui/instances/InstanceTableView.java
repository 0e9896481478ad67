package io.instanceconsole.ui.instances;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The instance table. Binds to {@link InstanceTableViewModel} and forwards events; decisions live in the view model.
 */
public final class InstanceTableView {
    private static final DateTimeFormatter CREATED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private final InstanceTableViewModel viewModel;
    private final Clock clock;

    @FXML private TableView<InstanceRowViewModel> table;
    @FXML private TableColumn<InstanceRowViewModel, String> nameColumn;
    @FXML private TableColumn<InstanceRowViewModel, String> hostColumn;
    @FXML private TableColumn<InstanceRowViewModel, String> kindColumn;
    @FXML private TableColumn<InstanceRowViewModel, RowState> statusColumn;
    @FXML private TableColumn<InstanceRowViewModel, String> imageColumn;
    @FXML private TableColumn<InstanceRowViewModel, Instant> createdColumn;
    @FXML private TableColumn<InstanceRowViewModel, RowState> actionsColumn;
    @FXML private Label placeholder;

    public InstanceTableView(InstanceTableViewModel viewModel, Clock clock) {
        this.viewModel = viewModel;
        this.clock = clock;
    }

    @FXML
    private void initialize() {
        nameColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().snapshot().name()));
        hostColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().hostName()));
        kindColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().snapshot().kind().label()));
        imageColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().snapshot().image()));
        statusColumn.setCellValueFactory(c -> c.getValue().stateProperty());
        statusColumn.setCellFactory(c -> new StatusCell());
        statusColumn.setComparator((a, b) -> a.snapshot().status().compareTo(b.snapshot().status()));
        createdColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().snapshot().created()));
        createdColumn.setCellFactory(c -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(Instant created, boolean empty) {
                super.updateItem(created, empty);
                setText(empty || created == null ? null : CREATED.format(created));
                setTooltip(empty || created == null ? null
                        : new javafx.scene.control.Tooltip("created " + age(created) + " ago"));
            }
        });
        actionsColumn.setCellValueFactory(c -> c.getValue().stateProperty());
        actionsColumn.setCellFactory(c -> new RowActionsCell());
        actionsColumn.setSortable(false);
        // The default comparator collates with java.text.Collator (Unicode normalisation on every comparison): sorting
        // 10,000 rows took seconds of FX time at start-up. Case-insensitive code-point order costs ~100× less.
        java.util.Comparator<String> text = java.util.Comparator.nullsLast(
                String.CASE_INSENSITIVE_ORDER.thenComparing(java.util.Comparator.naturalOrder()));
        nameColumn.setComparator(text);
        hostColumn.setComparator(text);
        kindColumn.setComparator(text);
        imageColumn.setComparator(text);

        table.setItems(viewModel.sortedRows());
        viewModel.sortedRows().comparatorProperty().bind(table.comparatorProperty());
        table.getSortOrder().add(nameColumn);
        table.getSelectionModel().setSelectionMode(javafx.scene.control.SelectionMode.MULTIPLE);
        table.getSelectionModel().getSelectedItems().addListener(
                (javafx.collections.ListChangeListener<InstanceRowViewModel>) change ->
                        viewModel.selectionChanged(table.getSelectionModel().getSelectedItems()));
    }

    /** Selects every row the filter shows. */
    public void selectAllShown() {
        table.getSelectionModel().selectAll();
        table.requestFocus();
    }

    public void clearSelection() {
        table.getSelectionModel().clearSelection();
    }

    private String age(Instant created) {
        Duration age = Duration.between(created, clock.instant());
        if (age.toDays() > 0) {
            return age.toDays() + " d " + age.toHoursPart() + " h";
        }
        return age.toHours() > 0 ? age.toHours() + " h " + age.toMinutesPart() + " min" : age.toMinutes() + " min";
    }

}
