package io.instanceconsole.ui.common;

import javafx.scene.control.TableCell;
import javafx.scene.control.Tooltip;

/**
 * A table cell of plain text that shows itself whole on hover: image names, URIs and host errors are often longer
 * than their column. One tooltip per cell, reused as the cell is.
 *
 * @param <S> the row type
 */
public final class TextWithTooltipCell<S> extends TableCell<S, String> {
    private final Tooltip tooltip = new Tooltip();

    public TextWithTooltipCell() {
        tooltip.setWrapText(true);
        tooltip.setMaxWidth(640);
    }

    @Override
    protected void updateItem(String item, boolean empty) {
        super.updateItem(item, empty);
        boolean blank = empty || item == null || item.isEmpty();
        setText(blank ? null : item);
        tooltip.setText(blank ? "" : item);
        setTooltip(blank ? null : tooltip);
    }
}
