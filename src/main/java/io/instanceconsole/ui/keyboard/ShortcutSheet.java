package io.instanceconsole.ui.keyboard;

import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

/** {@code F1} or {@code Shortcut+/}: every key binding in force, by category. Esc or a click elsewhere closes it. */
public final class ShortcutSheet {
    private final OverlayWindow window;

    public ShortcutSheet(KeyBindingRepository repository) {
        GridPane grid = new GridPane();
        grid.setHgap(24);
        grid.setVgap(6);
        grid.setPadding(new Insets(16));
        grid.getStyleClass().add("shortcut-sheet");
        grid.setId("shortcut-sheet");
        int row = 0;
        for (KeyBinding.Category category : KeyBinding.Category.values()) {
            Label heading = new Label(category.label());
            heading.getStyleClass().add("title-4");
            grid.add(heading, 0, row++, 2, 1);
            for (KeyBinding binding : KeyBinding.values()) {
                if (binding.category() == category) {
                    Label keys = new Label(repository.displayText(binding));
                    keys.getStyleClass().add("palette-shortcut");
                    grid.add(keys, 0, row);
                    grid.add(new Label(binding.description()), 1, row++);
                }
            }
        }
        window = new OverlayWindow(grid);
    }

    public void show(Window owner) {
        window.show(owner, 480, 80);
    }

    public boolean isShowing() {
        return window.isShowing();
    }

    public void hide() {
        window.hide();
    }
}
