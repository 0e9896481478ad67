package io.instanceconsole.bench;

import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Headless JavaFX in the benchmark JVM (Monocle, software rendering: the {@code bench} profile passes the same
 * properties as {@code test.argLine}), and a pulse recorder: an {@link AnimationTimer} runs at the start of every
 * pulse, so the gap between two of its calls is how long the FX thread could not start a frame.
 */
final class FxHarness {
    private static boolean started;

    private FxHarness() {
    }

    static synchronized void start() throws Exception {
        if (!started) {
            CompletableFuture<Void> up = new CompletableFuture<>();
            Platform.startup(() -> up.complete(null));
            Platform.setImplicitExit(false);
            up.get(60, TimeUnit.SECONDS);
            started = true;
        }
    }

    static <T> T onFx(Supplier<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(work.get());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(5, TimeUnit.MINUTES);
    }

    static void onFx(Runnable work) throws Exception {
        onFx(() -> {
            work.run();
            return null;
        });
    }

    /** Records the longest gap between pulse starts while running. Start and stop on the FX thread. */
    static final class PulseRecorder extends AnimationTimer {
        private long last;
        private long maxGap;
        private long pulses;
        private volatile boolean recording;
        /** Gaps over 40 ms as "JVM uptime at the gap's start (s) + length (ms)", for lining up with a GC log. */
        private final List<String> longGaps = new ArrayList<>();

        @Override
        public void handle(long now) {
            long t = System.nanoTime();
            if (recording && last != 0) {
                maxGap = Math.max(maxGap, t - last);
                if (t - last > 40_000_000L) {
                    double uptimeAtStart = ManagementFactory.getRuntimeMXBean().getUptime() / 1e3 - (t - last) / 1e9;
                    longGaps.add(String.format("%.3fs+%.1fms", uptimeAtStart, (t - last) / 1e6));
                }
            }
            last = t;
            pulses++;
        }

        /** Starts counting from the next pulse on. */
        void record() {
            last = 0;
            maxGap = 0;
            pulses = 0;
            longGaps.clear();
            recording = true;
        }

        double maxGapMs() {
            return maxGap / 1e6;
        }

        long pulses() {
            return pulses;
        }

        List<String> longGaps() {
            return List.copyOf(longGaps);
        }
    }

    /**
     * How long each pulse keeps the FX thread busy: from its animation phase to the end of its layout pass, the
     * longest since started or reset, and each one. Start, stop, reset and read on the FX thread.
     */
    static final class PulseLengths {
        private final List<Double> lengthsMs = new ArrayList<>();
        private long pulseStart;
        private long longest;
        private Scene scene;
        private final AnimationTimer starter = new AnimationTimer() {
            @Override
            public void handle(long now) {
                pulseStart = System.nanoTime();
            }
        };
        private final Runnable laidOut = () -> {
            long took = System.nanoTime() - pulseStart;
            longest = Math.max(longest, took);
            lengthsMs.add(took / 1e6);
        };

        void start(Scene measured) {
            scene = measured;
            starter.start();
            scene.addPostLayoutPulseListener(laidOut);
        }

        void stop() {
            starter.stop();
            scene.removePostLayoutPulseListener(laidOut);
        }

        /** Forgets the pulses measured so far. */
        void reset() {
            longest = 0;
            lengthsMs.clear();
        }

        double longestMs() {
            return longest / 1e6;
        }

        List<Double> lengthsMs() {
            return List.copyOf(lengthsMs);
        }
    }
}
