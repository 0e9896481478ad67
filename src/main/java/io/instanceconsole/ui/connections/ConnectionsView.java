package io.instanceconsole.ui.connections;

import atlantafx.base.theme.Styles;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.ui.common.Command;
import io.instanceconsole.ui.common.ExplainedButton;
import io.instanceconsole.ui.common.TextWithTooltipCell;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.fxml.FXML;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.util.StringConverter;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** The Connections view: binds to {@link ConnectionsViewModel}. */
public final class ConnectionsView {
    private final ConnectionsViewModel viewModel;

    @FXML private TableView<ConnectionsViewModel.Row> table;
    @FXML private TableColumn<ConnectionsViewModel.Row, String> nameColumn;
    @FXML private TableColumn<ConnectionsViewModel.Row, String> kindColumn;
    @FXML private TableColumn<ConnectionsViewModel.Row, String> uriColumn;
    @FXML private TableColumn<ConnectionsViewModel.Row, String> modeColumn;
    @FXML private TableColumn<ConnectionsViewModel.Row, String> healthColumn;
    @FXML private TextField nameField;
    @FXML private ComboBox<BackendKind> kindBox;
    @FXML private TextField uriField;
    @FXML private TextField tlsDirField;
    @FXML private Label tlsDirLabel;
    @FXML private TextField projectField;
    @FXML private Label projectLabel;
    @FXML private PasswordField tokenField;
    @FXML private Label tokenLabel;
    @FXML private Label uriExamplesLabel;
    @FXML private Label formTitleLabel;
    @FXML private TextField colourField;
    @FXML private CheckBox readOnlyBox;
    @FXML private TextField timeoutField;
    @FXML private TextField thresholdField;
    @FXML private TextField delayField;
    @FXML private TextField callsField;
    @FXML private Label validationLabel;
    @FXML private Label testLabel;
    @FXML private Button newButton;
    @FXML private Button saveButton;
    @FXML private Button testButton;
    @FXML private Button enableButton;
    @FXML private Button removeButton;

    public ConnectionsView(ConnectionsViewModel viewModel) {
        this.viewModel = viewModel;
    }

    @FXML
    private void initialize() {
        nameColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().connection().name()));
        kindColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().connection().kind().label()));
        uriColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().connection().uri()));
        uriColumn.setCellFactory(c -> new TextWithTooltipCell<>());
        modeColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().connection().readOnly() ? "read-only" : "read-write"));
        healthColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().health()));
        healthColumn.setCellFactory(c -> new TextWithTooltipCell<>());
        nameColumn.setCellFactory(c -> new TextWithTooltipCell<>());
        kindColumn.setCellFactory(c -> new TextWithTooltipCell<>());
        modeColumn.setCellFactory(c -> new TextWithTooltipCell<>());
        table.setItems(viewModel.rows());
        table.getSelectionModel().selectedItemProperty().addListener((o, old, row) -> viewModel.selectedProperty().set(row));
        viewModel.selectedProperty().addListener((o, old, row) -> {
            if (row == null) {
                table.getSelectionModel().clearSelection();
            }
        });
        nameField.textProperty().bindBidirectional(viewModel.nameProperty());
        kindBox.setItems(FXCollections.observableArrayList(BackendKind.connectionKinds()));
        kindBox.setConverter(new StringConverter<>() {
            @Override
            public String toString(BackendKind kind) {
                return kind == null ? "" : kind.label();
            }

            @Override
            public BackendKind fromString(String text) {
                return BackendKind.fromKey(text);
            }
        });
        kindBox.valueProperty().bindBidirectional(viewModel.kindProperty());
        uriField.textProperty().bindBidirectional(viewModel.uriProperty());
        uriField.promptTextProperty().bind(viewModel.uriPrompt());
        uriExamplesLabel.textProperty().bind(Bindings.concat("e.g. ", viewModel.uriExamples()));
        tlsDirField.textProperty().bindBidirectional(viewModel.tlsDirProperty());
        // the TLS directory is Docker's: for libvirt and the simulator the row goes
        for (Node tlsRow : new Node[]{tlsDirLabel, tlsDirField}) {
            tlsRow.visibleProperty().bind(viewModel.tlsDirApplies());
            tlsRow.managedProperty().bind(viewModel.tlsDirApplies());
        }
        projectField.textProperty().bindBidirectional(viewModel.projectProperty());
        tokenField.textProperty().bindBidirectional(viewModel.tokenProperty());
        // LXD's project and trust token: for the other kinds the rows go
        for (Node lxdRow : new Node[]{projectLabel, projectField, tokenLabel, tokenField}) {
            lxdRow.visibleProperty().bind(viewModel.lxdFieldsApply());
            lxdRow.managedProperty().bind(viewModel.lxdFieldsApply());
        }
        formTitleLabel.textProperty().bind(viewModel.formTitle());
        colourField.textProperty().bindBidirectional(viewModel.colourProperty());
        readOnlyBox.selectedProperty().bindBidirectional(viewModel.readOnlyProperty());
        timeoutField.textProperty().bindBidirectional(viewModel.timeoutSecondsProperty());
        thresholdField.textProperty().bindBidirectional(viewModel.breakerThresholdProperty());
        delayField.textProperty().bindBidirectional(viewModel.breakerDelaySecondsProperty());
        callsField.textProperty().bindBidirectional(viewModel.maxCallsProperty());
        validationLabel.textProperty().bind(viewModel.shownValidation());
        testLabel.textProperty().bind(viewModel.testResultProperty());
        for (Label said : new Label[]{validationLabel, testLabel}) {
            // in the footer over the buttons: a line only while it says something
            said.managedProperty().bind(said.textProperty().isNotEmpty());
            said.visibleProperty().bind(said.managedProperty());
        }
        viewModel.testOutcomeProperty().addListener((o, old, outcome) -> showOutcome(outcome));
        showOutcome(viewModel.testOutcomeProperty().get());
        bind(newButton, viewModel.newCommand());
        bind(saveButton, viewModel.saveCommand());
        saveButton.textProperty().bind(viewModel.saveLabel());
        explain(saveButton, viewModel.saveHint());
        explain(testButton, viewModel.testHint());
        bind(testButton, viewModel.testCommand());
        bind(enableButton, viewModel.toggleEnabledCommand());
        bind(removeButton, viewModel.removeCommand());
        addImportButton();
        enableButton.textProperty().bind(Bindings.createStringBinding(() ->
                viewModel.selectedProperty().get() != null && !viewModel.selectedProperty().get().connection().enabled()
                        ? "Enable" : "Disable", viewModel.selectedProperty()));
    }

    /**
     * "Import…" on its own row under the form's buttons (a sixth button in their row cut every label short), opening
     * {@link ImportDialog} on what the user already has elsewhere.
     */
    private void addImportButton() {
        Button importButton = new Button("Import…");
        importButton.setId("import-button");
        importButton.setMnemonicParsing(false);
        importButton.setMinWidth(Region.USE_PREF_SIZE);
        importButton.setOnAction(e -> new ImportDialog(viewModel.newImport()).show(importButton.getScene().getWindow()));
        Label hint = new Label("Docker contexts and virt-manager connections");
        hint.getStyleClass().add("text-muted");
        HBox row = new HBox(8, importButton, hint);
        row.setAlignment(Pos.CENTER_LEFT);
        Pane buttons = (Pane) newButton.getParent();
        Pane form = (Pane) buttons.getParent();
        form.getChildren().add(form.getChildren().indexOf(buttons) + 1, row);
    }

    /** Test's result in its own look: a tick in green, a cross in red, a warning sign in amber, a clock while running. */
    private void showOutcome(ConnectionsViewModel.TestOutcome outcome) {
        testLabel.getStyleClass().removeAll(Styles.SUCCESS, Styles.WARNING, Styles.DANGER);
        switch (outcome) {
            case NONE -> testLabel.setGraphic(null);
            case RUNNING -> testLabel.setGraphic(new FontIcon(Feather.CLOCK));
            case SUCCEEDED -> {
                testLabel.setGraphic(new FontIcon(Feather.CHECK_CIRCLE));
                testLabel.getStyleClass().add(Styles.SUCCESS);
            }
            case WARNING -> {
                testLabel.setGraphic(new FontIcon(Feather.ALERT_TRIANGLE));
                testLabel.getStyleClass().add(Styles.WARNING);
            }
            case FAILED -> {
                testLabel.setGraphic(new FontIcon(Feather.X_CIRCLE));
                testLabel.getStyleClass().add(Styles.DANGER);
            }
        }
    }

    /** The button's tooltip, also while it is disabled (then it says what is missing). */
    private static void explain(Button button, ObservableValue<String> hint) {
        Tooltip tooltip = new Tooltip();
        tooltip.textProperty().bind(hint);
        tooltip.setWrapText(true);
        tooltip.setMaxWidth(480);
        Pane row = (Pane) button.getParent();
        int at = row.getChildren().indexOf(button);
        row.getChildren().remove(at);
        row.getChildren().add(at, ExplainedButton.wrap(button, tooltip));
    }

    private static void bind(Button button, Command command) {
        button.disableProperty().bind(command.executableProperty().not());
        button.setOnAction(e -> command.execute());
    }

    /** An empty form for a new connection, with the focus in its name (the first start's "Add connection"). */
    public void startNewConnection() {
        viewModel.newCommand().execute(); // the list's selection goes with the form's
        nameField.requestFocus();
    }

    public void activate() {
        viewModel.reload();
    }
}
