package io.instanceconsole.app;

import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * For the benchmarks (package {@code bench}): the main window as the GUI builds it ({@link MainWindowFactory} over an
 * {@link AppContext}), and data directories prepared through the real store. The TestFX tests show their window the
 * same way ({@link #showOn}). Test code only.
 */
public final class BenchWindows {
    private BenchWindows() {
    }

    /**
     * A shown main window on a stage of its own; {@link #close()} deactivates it and closes the stage (the caller closes
     * the context).
     */
    public record Shown(Scene scene, Runnable deactivate, Stage stage) {
        public void close() {
            deactivate.run();
            stage.close();
        }
    }

    /** Builds, shows and activates the main window on a new stage of 1280 × 800. FX thread only. */
    public static Shown show(AppContext context) {
        Stage stage = new Stage();
        MainWindowFactory.Built built = MainWindowFactory.build(context, stage);
        showOn(stage, built, 1280, 800);
        return new Shown(built.scene(), built.view()::deactivate, stage);
    }

    /** Shows the main window built on {@code stage} at the given size and activates it. FX thread only. */
    static void showOn(Stage stage, MainWindowFactory.Built built, double width, double height) {
        stage.setScene(built.scene());
        stage.setWidth(width);
        stage.setHeight(height);
        stage.show();
        built.view().activate(built.scene());
    }

    /**
     * Makes {@code dir} a data directory whose only connection is {@code uri} (replacing what first-start
     * detection offered), and, when {@code resync}, connects once so the store caches its instances.
     */
    public static void prepare(Path dir, BackendKind kind, String name, String uri, boolean resync) {
        prepare(dir, kind, Map.of(name, uri), resync);
    }

    /** As {@link #prepare(Path, BackendKind, String, String, boolean)}, with one connection per name → URI. */
    public static void prepare(Path dir, BackendKind kind, Map<String, String> uris, boolean resync) {
        try (AppContext context = TestContexts.context(dir)) {
            context.connections().findAll().forEach(c -> context.connections().remove(c.id()));
            uris.forEach((name, uri) -> context.connections().add(new Connection("bench-" + name, name, kind, uri, "", false, true)));
            if (resync) {
                context.connect(c -> true).orTimeout(10, TimeUnit.MINUTES).join();
            }
        }
    }
}
