package io.instanceconsole.ui.instances;

import javafx.scene.control.TableCell;
import javafx.scene.control.Tooltip;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * When an instance was created, with its age in the tooltip. One tooltip per cell, its text computed when it shows:
 * building a {@code Tooltip} per update was a quarter of the FX thread's time while a bulk run changed every row,
 * and the age is current when the user reads it, not when the row last changed.
 */
final class CreatedCell extends TableCell<InstanceRowViewModel, Instant> {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());
    private final Tooltip tooltip = new Tooltip();

    CreatedCell(Clock clock) {
        tooltip.setOnShowing(e -> tooltip.setText(getItem() == null ? "" : "created " + Age.between(getItem(), clock.instant()) + " ago"));
    }

    @Override
    protected void updateItem(Instant created, boolean empty) {
        super.updateItem(created, empty);
        boolean none = empty || created == null;
        setText(none ? null : FORMAT.format(created));
        setTooltip(none ? null : tooltip);
    }
}
