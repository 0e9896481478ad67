package io.instanceconsole.ui.common;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Collects items from any thread and hands them to the UI thread in one batch: however many arrive between two
 * frames, the UI runs one flush, so thousands of changes never flood the FX thread. Thread-safe.
 *
 * @implNote With a {@link FrameScheduler} (the FX executor) the flush waits for the next pulse: a plain
 * {@code runLater} per batch let busy service threads trigger many flushes per frame, each one of them re-deriving
 * 10,000-row state (summary, bulk enablement), which stalled the FX thread for seconds during a bulk run.
 */
public final class Coalescer<T> {
    private final Executor scheduler;
    private final Consumer<List<T>> flush;
    private List<T> pending = new ArrayList<>();
    private boolean scheduled;

    public Coalescer(Executor uiThread, Consumer<List<T>> flush) {
        this.flush = flush;
        this.scheduler = uiThread instanceof FrameScheduler frames ? frames::beforeNextFrame : uiThread;
    }

    public void add(T item) {
        boolean schedule;
        synchronized (this) {
            pending.add(item);
            schedule = !scheduled;
            scheduled = true;
        }
        if (schedule) {
            scheduler.execute(this::drain);
        }
    }

    private void drain() {
        List<T> batch;
        synchronized (this) {
            batch = pending;
            pending = new ArrayList<>();
            scheduled = false;
        }
        if (!batch.isEmpty()) {
            flush.accept(batch);
        }
    }
}
