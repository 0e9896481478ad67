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
 * A large batch is handed over in chunks until {@link #FRAME_BUDGET_NANOS} is spent, and the rest waits for the next
 * frame: the start of a 10,000-row bulk run (every row queued or skipped at once) otherwise filled one frame.
 */
public final class Coalescer<T> {
    /** FX time one drain may spend before leaving the rest to the next frame (a frame is 16.7 ms). */
    static final long FRAME_BUDGET_NANOS = 6_000_000;
    /** Items per flush call within a drain; the budget is checked between chunks. */
    static final int CHUNK = 256;

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
        }
        int flushed = batch.size(); // a flush that throws loses its batch, as before, but never stops later ones
        try {
            flushed = flushWithinBudget(batch);
        } finally {
            boolean again;
            synchronized (this) {
                if (flushed < batch.size()) {
                    pending.addAll(0, batch.subList(flushed, batch.size())); // before anything newer: order is kept
                }
                again = !pending.isEmpty();
                scheduled = again;
            }
            if (again) {
                scheduler.execute(this::drain);
            }
        }
    }

    /** Flushes the batch chunk by chunk until it is done or the frame budget is spent; returns how many went. */
    private int flushWithinBudget(List<T> batch) {
        if (batch.size() <= CHUNK) {
            if (!batch.isEmpty()) {
                flush.accept(batch);
            }
            return batch.size();
        }
        long start = System.nanoTime();
        int flushed = 0;
        while (flushed < batch.size() && System.nanoTime() - start < FRAME_BUDGET_NANOS) {
            int end = Math.min(batch.size(), flushed + CHUNK);
            flush.accept(new ArrayList<>(batch.subList(flushed, end)));
            flushed = end;
        }
        return flushed;
    }
}
