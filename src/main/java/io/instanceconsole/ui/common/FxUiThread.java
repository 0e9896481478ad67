package io.instanceconsole.ui.common;

import javafx.animation.AnimationTimer;
import javafx.application.Platform;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The one boundary from background threads to the JavaFX application thread. View models receive an
 * {@link Executor} and never call {@code Platform.runLater} themselves; tests pass {@code Runnable::run}.
 * Thread-safe.
 */
public final class FxUiThread implements Executor, FrameScheduler, UiTimer {
    private final ScheduledExecutorService timer;
    private final List<Runnable> nextFrame = new ArrayList<>();
    private boolean armed;
    private final AnimationTimer frame = new AnimationTimer() {
        @Override
        public void handle(long now) {
            stop();
            runFrameWork();
        }
    };

    /** Without periodic work: {@link #every} never fires. */
    public FxUiThread() {
        this(null);
    }

    /**
     * @param timer where periodic work waits for its turn (the service layer's timer thread); it only hands the
     *              work to the FX thread
     */
    public FxUiThread(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    @Override
    public Runnable every(Duration period, Runnable work) {
        if (timer == null) {
            return NEVER.every(period, work);
        }
        long millis = period.toMillis();
        ScheduledFuture<?> task = timer.scheduleWithFixedDelay(() -> execute(work), millis, millis, TimeUnit.MILLISECONDS);
        return () -> task.cancel(false);
    }

    /** Ends the JavaFX application (from any thread): the toolkit stops once the windows are closed. */
    public static void exitApplication() {
        Platform.exit();
    }

    @Override
    public void execute(Runnable command) {
        if (Platform.isFxApplicationThread()) {
            command.run();
        } else {
            Platform.runLater(command);
        }
    }

    /**
     * Runs the work at the start of the next pulse (from any thread, including the FX thread), so work queued during
     * one frame runs once, together, before that frame is laid out and painted.
     */
    @Override
    public void beforeNextFrame(Runnable work) {
        boolean arm;
        synchronized (nextFrame) {
            nextFrame.add(work);
            arm = !armed;
            armed = true;
        }
        if (arm) {
            execute(frame::start);
        }
    }

    private void runFrameWork() {
        List<Runnable> work;
        synchronized (nextFrame) {
            work = new ArrayList<>(nextFrame);
            nextFrame.clear();
            armed = false;
        }
        work.forEach(Runnable::run);
    }
}
