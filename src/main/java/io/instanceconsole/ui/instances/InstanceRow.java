package io.instanceconsole.ui.instances;

import javafx.beans.value.ChangeListener;
import javafx.css.PseudoClass;
import javafx.scene.control.TableRow;

/**
 * A table row that follows its instance's state as CSS pseudo-classes: {@code :stale} while its host does not answer
 * (the theme greys the whole row, figures included). FX thread only.
 */
final class InstanceRow extends TableRow<InstanceRowViewModel> {
    private static final PseudoClass STALE = PseudoClass.getPseudoClass("stale");
    private final ChangeListener<RowState> follow = (o, old, state) -> show(state);

    InstanceRow() {
        itemProperty().addListener((o, old, item) -> {
            if (old != null) {
                old.stateProperty().removeListener(follow);
            }
            if (item != null) {
                item.stateProperty().addListener(follow);
            }
            show(item == null ? null : item.state());
        });
    }

    private void show(RowState state) {
        pseudoClassStateChanged(STALE, state != null && state.isStale());
    }
}
