package io.instanceconsole.app;

import io.instanceconsole.concurrent.ConsoleThreads;
import io.instanceconsole.ui.common.FxUiThread;
import javafx.scene.Scene;
import javafx.scene.control.TableView;

import java.lang.management.ManagementFactory;

/**
 * Benchmark and packaging hook, off unless one of its system properties is set. Both act once, at the first pulse
 * whose instance table shows at least {@code instanceconsole.probe.minRows} rows (default 1):
 * <ul>
 *   <li>{@code -Dinstanceconsole.probe.firstPaint=true} prints {@code FIRST_PAINT_MS <ms since JVM start> ROWS <n>}
 *       to stdout (the start-up benchmark reads that line);</li>
 *   <li>{@code -Dinstanceconsole.probe.exitAfterFirstPaintMs=N} ends the GUI normally ({@link FxUiThread#exitApplication()}, so
 *       the store is closed as when the window is closed) N ms later. The installer build's AOT-cache training run
 *       uses it: the JVM writes what it recorded when it exits, and the run must end by itself after it has done what
 *       a real start does (docs/decisions/0010-aot-cache.md).</li>
 * </ul>
 * FX thread only.
 */
final class StartupProbe {
    static final String ENABLED = "instanceconsole.probe.firstPaint";
    static final String MIN_ROWS = "instanceconsole.probe.minRows";
    static final String EXIT_AFTER_MS = "instanceconsole.probe.exitAfterFirstPaintMs";

    private StartupProbe() {
    }

    /** Watches the scene's pulses when the probe is enabled; does nothing otherwise. */
    static void install(Scene scene) {
        install(scene, FxUiThread::exitApplication);
    }

    /** {@link #install(Scene)} with the action that ends the GUI given (tests). */
    static void install(Scene scene, Runnable exit) {
        boolean print = Boolean.getBoolean(ENABLED);
        long exitAfterMs = Long.getLong(EXIT_AFTER_MS, 0);
        if (!print && exitAfterMs <= 0) {
            return;
        }
        int minRows = Integer.getInteger(MIN_ROWS, 1);
        Runnable[] listener = new Runnable[1];
        listener[0] = () -> {
            if (scene.lookup(".instance-table") instanceof TableView<?> table && table.getItems().size() >= minRows) {
                scene.removePostLayoutPulseListener(listener[0]);
                if (print) {
                    long ms = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
                    System.out.println("FIRST_PAINT_MS " + ms + " ROWS " + table.getItems().size());
                    System.out.flush();
                }
                if (exitAfterMs > 0) {
                    System.out.println("instance-console: exiting " + exitAfterMs + " ms after the first paint (" + EXIT_AFTER_MS + ")");
                    System.out.flush();
                    // A sleeping thread, not a JavaFX animation: a running animation keeps the pulse going, which
                    // would make this run unlike a real one (docs/decisions/0009-gui-start-up-and-idle.md).
                    new ConsoleThreads().start("ic-probe-exit", ConsoleThreads.Priority.NORMAL, () -> {
                        try {
                            Thread.sleep(exitAfterMs);
                            exit.run();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                }
            }
        };
        scene.addPostLayoutPulseListener(listener[0]);
    }
}
