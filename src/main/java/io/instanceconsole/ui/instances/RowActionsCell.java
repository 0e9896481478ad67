package io.instanceconsole.ui.instances;

import io.instanceconsole.domain.Action;
import io.instanceconsole.ui.common.Command;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.TableCell;
import io.instanceconsole.ui.common.ExplainedButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Per-row Pause and Resume buttons. Each button's {@code disable} is bound to its command's enablement and rebound
 * when the cell is reused, so no binding outlives its row. Their tooltips show enabled or not ({@link ExplainedButton}):
 * the tooltip of a disabled button is where the user learns why.
 */
final class RowActionsCell extends TableCell<InstanceRowViewModel, RowState> {
    private final Button pause = button("Pause", Feather.PAUSE, "pause-button");
    private final Button resume = button("Resume", Feather.PLAY, "resume-button");
    private final Tooltip pauseTip = new Tooltip();
    private final Tooltip resumeTip = new Tooltip();
    private final HBox box = new HBox(4, ExplainedButton.wrap(pause, pauseTip), ExplainedButton.wrap(resume, resumeTip));

    RowActionsCell() {
        box.setAlignment(Pos.CENTER_LEFT);
        getStyleClass().add("row-actions-cell");
        // a narrow column (a small window) keeps the icons; the tooltips say what each does
        widthProperty().addListener((o, old, width) -> {
            ContentDisplay display = width.doubleValue() < LABELLED_WIDTH
                    ? ContentDisplay.GRAPHIC_ONLY : ContentDisplay.LEFT;
            pause.setContentDisplay(display);
            resume.setContentDisplay(display);
        });
    }

    /** Below this column width the buttons show their icons only. */
    private static final double LABELLED_WIDTH = 180;

    private static Button button(String text, Feather icon, String styleClass) {
        Button button = new Button(text, new FontIcon(icon));
        button.getStyleClass().addAll("small", styleClass);
        button.setAccessibleText(text);
        // Tab leaves the table instead of visiting two buttons per row; the keyboard has the shortcuts
        button.setFocusTraversable(false);
        return button;
    }

    @Override
    protected void updateItem(RowState state, boolean empty) {
        super.updateItem(state, empty);
        pause.disableProperty().unbind();
        resume.disableProperty().unbind();
        InstanceRowViewModel row = empty || getIndex() < 0 || getIndex() >= getTableView().getItems().size()
                ? null : getTableView().getItems().get(getIndex());
        if (row == null || state == null) {
            setGraphic(null);
            return;
        }
        bind(pause, row.pauseCommand());
        bind(resume, row.resumeCommand());
        pauseTip.setText(tooltip(row, Action.PAUSE));
        resumeTip.setText(tooltip(row, Action.RESUME));
        setGraphic(box);
    }

    private static void bind(Button button, Command command) {
        button.disableProperty().bind(command.executableProperty().not());
        button.setOnAction(e -> command.execute());
    }

    private static String tooltip(InstanceRowViewModel row, Action action) {
        String why = row.whyNot(action);
        return why.isEmpty() ? action.label() + " '" + row.snapshot().name() + "'" : why;
    }
}
