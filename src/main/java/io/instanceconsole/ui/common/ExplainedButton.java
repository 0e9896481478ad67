package io.instanceconsole.ui.common;

import javafx.scene.control.Button;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.StackPane;

/**
 * A button whose tooltip shows whether it is enabled or not: disabled, it says why it cannot act. A disabled control
 * gets no mouse events, so its own tooltip never shows then; a box around it shows the same tooltip. While enabled,
 * the button keeps its mouse events to itself, so its own tooltip is the one that shows.
 */
public final class ExplainedButton {
    private ExplainedButton() {
    }

    /** The box to put in the layout where the button was. */
    public static StackPane wrap(Button button, Tooltip tooltip) {
        button.setTooltip(tooltip);
        StackPane box = new StackPane(button);
        Tooltip.install(box, tooltip);
        return box;
    }
}
