package io.instanceconsole.ui.common;

import javafx.application.Platform;

import java.util.concurrent.Executor;

/**
 * The one boundary from background threads to the JavaFX application thread. View models receive an
 * {@link Executor} and never call {@code Platform.runLater} themselves; tests pass {@code Runnable::run}.
 */
public final class FxUiThread implements Executor {
    @Override
    public void execute(Runnable command) {
        if (Platform.isFxApplicationThread()) {
            command.run();
        } else {
            Platform.runLater(command);
        }
    }
}
