package io.instanceconsole.app;

import javafx.scene.Scene;
import javafx.scene.control.TableView;

import java.lang.management.ManagementFactory;

/**
 * Benchmark hook, off unless {@code -Dinstanceconsole.probe.firstPaint=true}: prints
 * {@code FIRST_PAINT_MS <ms since JVM start> ROWS <n>} to stdout once, after the first pulse whose instance table
 * shows at least {@code instanceconsole.probe.minRows} rows (default 1). The start-up benchmark reads that line.
 * FX thread only.
 */
final class StartupProbe {
    static final String ENABLED = "instanceconsole.probe.firstPaint";
    static final String MIN_ROWS = "instanceconsole.probe.minRows";

    private StartupProbe() {
    }

    /** Watches the scene's pulses when the probe is enabled; does nothing otherwise. */
    static void install(Scene scene) {
        if (!Boolean.getBoolean(ENABLED)) {
            return;
        }
        int minRows = Integer.getInteger(MIN_ROWS, 1);
        Runnable[] listener = new Runnable[1];
        listener[0] = () -> {
            if (scene.lookup(".instance-table") instanceof TableView<?> table && table.getItems().size() >= minRows) {
                long ms = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
                System.out.println("FIRST_PAINT_MS " + ms + " ROWS " + table.getItems().size());
                System.out.flush();
                scene.removePostLayoutPulseListener(listener[0]);
            }
        };
        scene.addPostLayoutPulseListener(listener[0]);
    }
}
