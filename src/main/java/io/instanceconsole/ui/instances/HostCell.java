package io.instanceconsole.ui.instances;

import javafx.scene.control.TableCell;
import javafx.scene.control.Tooltip;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;

import java.util.function.Function;

/**
 * The host's name, whole on hover, with the colour the user gave its connection, so rows of one host stand out in a
 * mixed table.
 */
final class HostCell extends TableCell<InstanceRowViewModel, String> {
    private final Function<InstanceRowViewModel, String> colours;
    private final Circle dot = new Circle(5);
    private final Tooltip tooltip = new Tooltip();

    HostCell(Function<InstanceRowViewModel, String> colours) {
        this.colours = colours;
    }

    @Override
    protected void updateItem(String host, boolean empty) {
        super.updateItem(host, empty);
        InstanceRowViewModel row = empty || getIndex() < 0 || getIndex() >= getTableView().getItems().size()
                ? null : getTableView().getItems().get(getIndex());
        if (row == null) {
            setText(null);
            setGraphic(null);
            setTooltip(null);
            return;
        }
        setText(host);
        // a narrow column cuts the name off; the whole of it on hover
        tooltip.setText(host);
        setTooltip(tooltip);
        String colour = colours.apply(row);
        try {
            dot.setFill(colour.isEmpty() ? Color.TRANSPARENT : Color.web(colour));
            setGraphic(colour.isEmpty() ? null : dot);
        } catch (IllegalArgumentException notAColour) {
            setGraphic(null);
        }
    }
}
