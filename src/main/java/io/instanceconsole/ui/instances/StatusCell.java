package io.instanceconsole.ui.instances;

import io.instanceconsole.domain.InstanceStatus;
import javafx.css.PseudoClass;
import javafx.scene.control.TableCell;
import javafx.scene.control.Tooltip;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Status with an icon and a semantic colour; states are CSS pseudo-classes ({@code :paused}, {@code :error},
 * {@code :busy}, {@code :failed}) so the theme decides the colours.
 */
final class StatusCell extends TableCell<InstanceRowViewModel, RowState> {
    private static final PseudoClass BUSY = PseudoClass.getPseudoClass("busy");
    private static final PseudoClass FAILED = PseudoClass.getPseudoClass("failed");
    private static final PseudoClass STALE = PseudoClass.getPseudoClass("stale");
    private final FontIcon icon = new FontIcon();
    private final Tooltip tooltip = new Tooltip();

    StatusCell() {
        getStyleClass().add("status-cell");
    }

    @Override
    protected void updateItem(RowState state, boolean empty) {
        super.updateItem(state, empty);
        for (InstanceStatus status : InstanceStatus.values()) {
            pseudoClassStateChanged(PseudoClass.getPseudoClass(status.key()), false);
        }
        if (empty || state == null) {
            pseudoClassStateChanged(BUSY, false);
            pseudoClassStateChanged(FAILED, false);
            pseudoClassStateChanged(STALE, false);
            setText(null);
            setGraphic(null);
            setTooltip(null);
            return;
        }
        InstanceStatus status = state.snapshot().status();
        boolean busy = state.inFlight() != null;
        pseudoClassStateChanged(PseudoClass.getPseudoClass(status.key()), true);
        pseudoClassStateChanged(BUSY, busy);
        pseudoClassStateChanged(FAILED, !state.error().isEmpty());
        pseudoClassStateChanged(STALE, state.isStale());
        icon.setIconCode(busy ? Feather.LOADER : !state.error().isEmpty() ? Feather.ALERT_CIRCLE : iconOf(status));
        setGraphic(icon);
        setText(state.statusText());
        // a last-known snapshot's reason is said once, on the line below
        String reason = state.snapshot().isLastKnown() ? "" : state.snapshot().statusReason();
        tooltip.setText((reason.isEmpty() ? status.label() : status.label() + " (" + reason + ")")
                + (state.isStale() ? "\nLast-known state: " + state.whyStale() : "")
                + (state.error().isEmpty() ? "" : "\n" + state.error()));
        setTooltip(tooltip);
    }

    static Feather iconOf(InstanceStatus status) {
        return switch (status) {
            case RUNNING -> Feather.PLAY_CIRCLE;
            case PAUSED -> Feather.PAUSE_CIRCLE;
            case STOPPED -> Feather.STOP_CIRCLE;
            case CREATED -> Feather.CIRCLE;
            case RESTARTING -> Feather.REFRESH_CW;
            case ERROR -> Feather.ALERT_TRIANGLE;
            case UNKNOWN -> Feather.HELP_CIRCLE;
        };
    }
}
