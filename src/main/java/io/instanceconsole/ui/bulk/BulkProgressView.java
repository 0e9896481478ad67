package io.instanceconsole.ui.bulk;

import io.instanceconsole.service.BulkOperation.ItemState;
import io.instanceconsole.ui.common.Command;
import javafx.beans.InvalidationListener;
import javafx.beans.binding.Bindings;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;

/** The bulk progress panel: binds to {@link BulkProgressViewModel}. */
public final class BulkProgressView {
    private final BulkProgressViewModel viewModel;

    @FXML private VBox root;
    @FXML private Label title;
    @FXML private Label summary;
    @FXML private ProgressBar progress;
    @FXML private Button cancelButton;
    @FXML private Button retryButton;
    @FXML private Button copyButton;
    @FXML private Button undoButton;
    @FXML private Button closeButton;
    @FXML private ListView<BulkItemViewModel> items;

    public BulkProgressView(BulkProgressViewModel viewModel) {
        this.viewModel = viewModel;
    }

    @FXML
    private void initialize() {
        root.visibleProperty().bind(viewModel.visibleProperty());
        root.managedProperty().bind(viewModel.visibleProperty());
        title.textProperty().bind(viewModel.titleProperty());
        summary.textProperty().bind(viewModel.summaryProperty());
        // the buttons keep their labels, so in a small window the summary is what gets cut: whole on hover
        Tooltip wholeSummary = new Tooltip();
        wholeSummary.textProperty().bind(viewModel.summaryProperty());
        wholeSummary.setWrapText(true);
        wholeSummary.setMaxWidth(640);
        summary.setTooltip(wholeSummary);
        progress.progressProperty().bind(viewModel.progressProperty());
        bind(cancelButton, viewModel.cancelCommand());
        bind(retryButton, viewModel.retryFailedCommand());
        bind(copyButton, viewModel.copyErrorsCommand());
        bind(undoButton, viewModel.undoCommand());
        undoButton.setTooltip(new Tooltip("Undo this pause or resume: the reverse, on exactly the instances it did"));
        bind(closeButton, viewModel.closeCommand());
        items.setItems(viewModel.items());
        items.setFixedCellSize(26);
        // as tall as its rows, up to 150 px: one action's result must not take a third of the window
        items.prefHeightProperty().bind(Bindings.min(150,
                Bindings.size(viewModel.items()).multiply(26).add(4)));
        items.setCellFactory(v -> new ItemCell());
    }

    private static void bind(Button button, Command command) {
        button.disableProperty().bind(command.executableProperty().not());
        button.setOnAction(e -> command.execute());
    }

    /** One item: name, host, state and message; the state is a pseudo-class for its colour. */
    private static final class ItemCell extends ListCell<BulkItemViewModel> {
        private BulkItemViewModel bound;
        private final InvalidationListener refresh = o -> render();
        /** The whole line on hover: a host's reason for a failure is often longer than the panel is wide. */
        private final Tooltip whole = new Tooltip();

        ItemCell() {
            whole.setWrapText(true);
            whole.setMaxWidth(640);
        }

        @Override
        protected void updateItem(BulkItemViewModel item, boolean empty) {
            super.updateItem(item, empty);
            if (bound != null) {
                bound.stateProperty().removeListener(refresh);
                bound = null;
            }
            if (!empty && item != null) {
                bound = item;
                item.stateProperty().addListener(refresh);
            }
            render();
        }

        private void render() {
            for (ItemState state : ItemState.values()) {
                pseudoClassStateChanged(PseudoClass.getPseudoClass(state.name().toLowerCase()), bound != null && bound.state() == state);
            }
            if (bound == null) {
                setText(null);
                setTooltip(null);
                return;
            }
            String message = bound.messageProperty().get();
            setText(bound.state().name().toLowerCase() + "   " + bound.name() + " on " + bound.host()
                    + (message.isEmpty() ? "" : " — " + message));
            whole.setText(getText());
            setTooltip(message.isEmpty() ? null : whole);
        }
    }
}
