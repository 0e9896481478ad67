package io.instanceconsole.ui.connections;

import io.instanceconsole.service.imports.ImportCandidate;
import javafx.geometry.Insets;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import javafx.util.Duration;

import java.util.concurrent.Executor;

/**
 * The "Import…" dialog: binds to {@link ImportViewModel}. Each line is a checkbox with what was found; one that is
 * not importable has its checkbox disabled and says why on hover (the tooltip sits on the line, since a disabled
 * control shows none).
 */
public final class ImportDialog {
    public static final ButtonType IMPORT = new ButtonType("Import", ButtonBar.ButtonData.OK_DONE);

    private final ImportViewModel viewModel;
    private final Dialog<ButtonType> dialog = new Dialog<>();

    public ImportDialog(ImportViewModel viewModel) {
        this.viewModel = viewModel;
        dialog.setTitle("Import connections");
        dialog.setHeaderText("Import Docker contexts and virt-manager connections");
        dialog.setResizable(true);
        Label summary = new Label();
        summary.setWrapText(true);
        summary.setId("import-summary");
        summary.textProperty().bind(viewModel.summaryProperty());
        ListView<ImportViewModel.Item> list = new ListView<>(viewModel.items());
        list.setId("import-list");
        list.setPrefSize(760, 320);
        list.setCellFactory(v -> new ItemCell());
        VBox content = new VBox(8, summary, list);
        content.setPadding(new Insets(8, 12, 0, 12));
        VBox.setVgrow(list, Priority.ALWAYS);
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().addAll(IMPORT, ButtonType.CANCEL);
        dialog.getDialogPane().lookupButton(IMPORT).disableProperty()
                .bind(viewModel.importCommand().executableProperty().not());
        dialog.getDialogPane().setMinHeight(Region.USE_PREF_SIZE);
        dialog.getDialogPane().setPrefWidth(800);
    }

    /**
     * For a first start: reads the sources in the background and shows the dialog only when something can be imported
     * (a user with no Docker contexts and no virt-manager connections is not asked anything).
     */
    public static void offer(ImportViewModel viewModel, Window owner, Executor uiThread) {
        viewModel.scan().thenRun(() -> uiThread.execute(() -> {
            if (viewModel.items().stream().anyMatch(ImportViewModel.Item::enabled)) {
                new ImportDialog(viewModel).open(owner);
            }
        }));
    }

    /** Shows the dialog (not blocking), reads the sources, and imports the ticked ones on Import. */
    public void show(Window owner) {
        open(owner);
        viewModel.scan();
    }

    private void open(Window owner) {
        if (owner != null) {
            dialog.initOwner(owner);
        }
        dialog.setOnHidden(e -> {
            if (dialog.getResult() == IMPORT) {
                viewModel.importCommand().execute();
            }
        });
        dialog.show();
    }

    public Dialog<ButtonType> dialog() {
        return dialog;
    }

    private static final class ItemCell extends ListCell<ImportViewModel.Item> {
        private final CheckBox box = new CheckBox();
        private final Label status = new Label();
        private final HBox line = new HBox(12, box, status);
        private ImportViewModel.Item bound;

        ItemCell() {
            box.setMnemonicParsing(false);
            // as wide as the list, never wider: a long URI is cut with "…" rather than scrolling the list sideways
            setPrefWidth(0);
            box.setMinWidth(0);
            status.setMinWidth(Region.USE_PREF_SIZE);
            HBox.setHgrow(box, Priority.SOMETIMES);
        }

        @Override
        protected void updateItem(ImportViewModel.Item item, boolean empty) {
            super.updateItem(item, empty);
            if (bound != null) {
                box.selectedProperty().unbindBidirectional(bound.checkedProperty());
                bound = null;
            }
            if (empty || item == null) {
                setGraphic(null);
                setTooltip(null);
                return;
            }
            bound = item;
            box.setText(item.label());
            box.selectedProperty().bindBidirectional(item.checkedProperty());
            box.setDisable(!item.enabled());
            status.setText(item.status());
            status.getStyleClass().removeAll("text-muted", atlantafx.base.theme.Styles.DANGER);
            status.getStyleClass().add(item.candidate().verdict()
                    == ImportCandidate.Verdict.NOT_IMPORTABLE
                    ? atlantafx.base.theme.Styles.DANGER : "text-muted");
            Tooltip tip = new Tooltip(item.tooltip());
            tip.setWrapText(true);
            tip.setMaxWidth(600);
            tip.setShowDelay(Duration.millis(300));
            setTooltip(tip);
            setGraphic(line);
        }
    }
}
