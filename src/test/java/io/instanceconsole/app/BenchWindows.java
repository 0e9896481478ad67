package io.instanceconsole.app;

import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * For the benchmarks (package {@code bench}): the main window as the GUI builds it ({@link MainWindowFactory} over an
 * {@link AppContext}), and data directories prepared through the real store. Test code only.
 */
public final class BenchWindows {
    private BenchWindows() {
    }

    /** A shown main window; {@link #close()} deactivates it (the caller closes the context and the stage). */
    public record Shown(Scene scene, Runnable deactivate) {
        public void close() {
            deactivate.run();
        }
    }

    /** Builds, shows and activates the main window on {@code stage}. FX thread only. */
    public static Shown show(AppContext context, Stage stage) {
        MainWindowFactory.Built built = MainWindowFactory.build(context, stage);
        stage.setScene(built.scene());
        stage.setWidth(1280);
        stage.setHeight(800);
        stage.show();
        built.view().activate(built.scene());
        return new Shown(built.scene(), built.view()::deactivate);
    }

    /**
     * Makes {@code dir} a data directory whose only connection is {@code connection} (replacing what first-start
     * detection offered), and, when {@code resync}, connects once so the store caches its instances.
     */
    public static void prepare(Path dir, BackendKind kind, String name, String uri, boolean resync) {
        try (AppContext context = TestContexts.context(dir)) {
            context.connections().findAll().forEach(c -> context.connections().remove(c.id()));
            context.connections().add(new Connection("bench-" + name, name, kind, uri, "", false, true));
            if (resync) {
                context.connect(c -> true).orTimeout(10, TimeUnit.MINUTES).join();
            }
        }
    }
}
