package io.instanceconsole.ui.keyboard;

import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.stage.Stage;
import javafx.stage.StageStyle;
import javafx.stage.Window;

/**
 * A small undecorated window over the main one (palette, shortcut sheet). A real stage rather than a popup, because
 * a popup never gets the keyboard focus of its own: typing in the palette must reach its search field. It closes on
 * Esc and when it loses the focus. FX thread only.
 */
final class OverlayWindow {
    private final Parent content;
    private Stage stage;
    private Runnable onHidden = () -> { };

    /** Runs when the window closes, before a command chosen in it runs (which may move the focus itself). */
    void onHidden(Runnable action) {
        onHidden = action;
    }

    OverlayWindow(Parent content) {
        this.content = content;
    }

    void show(Window owner, double width, double top) {
        if (stage == null || stage.getOwner() != owner) {
            stage = new Stage(StageStyle.UNDECORATED);
            stage.initOwner(owner);
            Scene scene = new Scene(content);
            scene.getStylesheets().setAll(owner.getScene().getStylesheets());
            scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
                if (e.getCode() == KeyCode.ESCAPE) {
                    e.consume();
                    hide();
                }
            });
            stage.setScene(scene);
            stage.focusedProperty().addListener((obs, was, focused) -> {
                if (!focused) {
                    hide();
                }
            });
        }
        stage.setX(owner.getX() + Math.max(0, (owner.getWidth() - width) / 2));
        stage.setY(owner.getY() + top);
        stage.show();
        stage.toFront();
        stage.requestFocus();
    }

    void hide() {
        if (stage != null && stage.isShowing()) {
            stage.hide();
            onHidden.run();
        }
    }

    boolean isShowing() {
        return stage != null && stage.isShowing();
    }
}
