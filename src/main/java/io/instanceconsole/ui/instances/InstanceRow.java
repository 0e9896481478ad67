package io.instanceconsole.ui.instances;

import javafx.beans.value.ChangeListener;
import javafx.css.PseudoClass;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.TableRow;
import javafx.scene.input.MouseButton;

import java.util.function.Supplier;

/**
 * A table row that follows its instance's state as CSS pseudo-classes: {@code :stale} while its host does not answer
 * (the theme greys the whole row, figures included). A right-click or a double-click opens the actions' menu.
 * FX thread only.
 */
final class InstanceRow extends TableRow<InstanceRowViewModel> {
    private static final PseudoClass STALE = PseudoClass.getPseudoClass("stale");
    private final ChangeListener<RowState> follow = (o, old, state) -> show(state);

    /** @param menu the rows' shared context menu (the selection's actions), or null for none */
    InstanceRow(Supplier<ContextMenu> menu) {
        setOnMouseClicked(e -> {
            // a double-click opens the row's actions where the pointer is (the row is selected by the first click)
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && getItem() != null
                    && menu.get() != null) {
                menu.get().show(this, e.getScreenX(), e.getScreenY());
                e.consume();
            }
        });
        itemProperty().addListener((o, old, item) -> {
            setContextMenu(item == null ? null : menu.get());
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
