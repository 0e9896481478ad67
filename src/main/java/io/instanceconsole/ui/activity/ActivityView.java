package io.instanceconsole.ui.activity;

import io.instanceconsole.domain.AuditEvent;
import io.instanceconsole.ui.common.UiTimer;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.stage.FileChooser;

import java.io.File;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** The Activity view: binds to {@link ActivityViewModel}; polls for new events once a second while active. */
public final class ActivityView {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private final ActivityViewModel viewModel;
    private final UiTimer timer;
    private Runnable stopPolling;
    private boolean loaded;

    @FXML private TextField searchField;
    @FXML private ComboBox<String> actionBox;
    @FXML private ComboBox<String> outcomeBox;
    @FXML private ComboBox<ActivityViewModel.Window> windowBox;
    @FXML private Label countLabel;
    @FXML private Button exportCsvButton;
    @FXML private Button exportJsonButton;
    @FXML private TableView<AuditEvent> table;
    @FXML private TableColumn<AuditEvent, String> timeColumn;
    @FXML private TableColumn<AuditEvent, String> hostColumn;
    @FXML private TableColumn<AuditEvent, String> instanceColumn;
    @FXML private TableColumn<AuditEvent, String> actionColumn;
    @FXML private TableColumn<AuditEvent, String> outcomeColumn;
    @FXML private TableColumn<AuditEvent, String> userColumn;
    @FXML private TableColumn<AuditEvent, String> messageColumn;
    @FXML private TextArea details;

    /** @param timer runs the once-a-second poll while the view is active */
    public ActivityView(ActivityViewModel viewModel, UiTimer timer) {
        this.viewModel = viewModel;
        this.timer = timer;
    }

    @FXML
    private void initialize() {
        searchField.textProperty().bindBidirectional(viewModel.textProperty());
        actionBox.setItems(FXCollections.observableArrayList(ActivityViewModel.actions()));
        actionBox.valueProperty().bindBidirectional(viewModel.actionProperty());
        outcomeBox.setItems(FXCollections.observableArrayList(ActivityViewModel.outcomes()));
        outcomeBox.valueProperty().bindBidirectional(viewModel.outcomeProperty());
        windowBox.setItems(FXCollections.observableArrayList(ActivityViewModel.Window.values()));
        windowBox.valueProperty().bindBidirectional(viewModel.windowProperty());
        countLabel.textProperty().bind(viewModel.countProperty());
        timeColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(TIME.format(c.getValue().time())));
        hostColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().connectionName()));
        instanceColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().instanceName()));
        actionColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().action()));
        outcomeColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().outcome().name()));
        userColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().user()));
        messageColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().message()));
        table.setItems(viewModel.shown());
        viewModel.selectedProperty().bind(table.getSelectionModel().selectedItemProperty());
        details.textProperty().bind(viewModel.detailsProperty());
        exportCsvButton.setOnAction(e -> export("csv"));
        exportJsonButton.setOnAction(e -> export("json"));
    }

    /** Asks where to save the trail as it is filtered, as "csv" or "json", and saves it there. */
    public void export(String extension) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export activity");
        chooser.setInitialFileName("instance-console-activity." + extension);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(extension.toUpperCase(), "*." + extension));
        File file = chooser.showSaveDialog(table.getScene().getWindow());
        if (file != null) {
            viewModel.export(file.toPath());
        }
    }

    /** Loads the trail the first time, then takes in what is new, and polls while shown; undone by {@link #deactivate()}. */
    public void activate() {
        if (loaded) {
            viewModel.poll();
        } else {
            loaded = true;
            viewModel.load();
        }
        if (stopPolling == null) {
            stopPolling = timer.every(Duration.ofSeconds(1), viewModel::poll);
        }
    }

    public void deactivate() {
        if (stopPolling != null) {
            stopPolling.run();
            stopPolling = null;
        }
    }
}
