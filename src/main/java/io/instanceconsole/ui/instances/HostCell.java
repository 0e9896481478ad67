package io.instanceconsole.ui.instances;

import javafx.scene.control.TableCell;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;

import java.util.function.Function;

/** The host's name with the colour the user gave its connection, so rows of one host stand out in a mixed table. */
final class HostCell extends TableCell<InstanceRowViewModel, String> {
    private final Function<InstanceRowViewModel, String> colours;
    private final Circle dot = new Circle(5);

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
            return;
        }
        setText(host);
        String colour = colours.apply(row);
        try {
            dot.setFill(colour.isEmpty() ? Color.TRANSPARENT : Color.web(colour));
            setGraphic(colour.isEmpty() ? null : dot);
        } catch (IllegalArgumentException notAColour) {
            setGraphic(null);
        }
    }
}
