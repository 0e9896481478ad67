package io.instanceconsole.ui.common;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Collects items from any thread and hands them to the UI thread in one batch: however many arrive between two
 * frames, the UI runs one flush, so thousands of changes never flood the FX thread. Thread-safe.
 */
public final class Coalescer<T> {
    private final Executor uiThread;
    private final Consumer<List<T>> flush;
    private List<T> pending = new ArrayList<>();
    private boolean scheduled;

    public Coalescer(Executor uiThread, Consumer<List<T>> flush) {
        this.uiThread = uiThread;
        this.flush = flush;
    }

    public void add(T item) {
        boolean schedule;
        synchronized (this) {
            pending.add(item);
            schedule = !scheduled;
            scheduled = true;
        }
        if (schedule) {
            uiThread.execute(this::drain);
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
