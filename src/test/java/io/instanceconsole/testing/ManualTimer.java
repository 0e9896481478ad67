package io.instanceconsole.testing;

import io.instanceconsole.concurrent.DirectExecutor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A timer that runs nothing by itself: it records what was scheduled, with which delay and period, and a test fires
 * a task when it wants it to run, on the test's thread. So a test of timers (retries, heartbeats, periodic work)
 * needs no sleeping and sees every delay exactly. Thread-safe; {@link #execute} runs at once, as the
 * {@link DirectExecutor} it is, and after {@link #shutdown()} nothing new is taken.
 */
public final class ManualTimer extends DirectExecutor implements ScheduledExecutorService {
    private final List<Task> scheduled = new CopyOnWriteArrayList<>();

    /** One scheduled task: its delay and period in milliseconds (period 0 for a one-shot). */
    public final class Task implements ScheduledFuture<Object> {
        public final long delayMillis;
        public final long periodMillis;
        private final Runnable body;
        private volatile boolean cancelled;
        private volatile int runs;

        private Task(Runnable body, long delayMillis, long periodMillis) {
            this.body = body;
            this.delayMillis = delayMillis;
            this.periodMillis = periodMillis;
        }

        /** Runs the task now, on this thread; a one-shot task is then done and leaves the schedule. */
        public void fire() {
            if (cancelled || (periodMillis == 0 && runs > 0)) {
                throw new IllegalStateException("task is " + (cancelled ? "cancelled" : "done") + ": cannot fire it");
            }
            runs++;
            if (periodMillis == 0) {
                scheduled.remove(this);
            }
            body.run();
        }

        public boolean periodic() {
            return periodMillis > 0;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(delayMillis, TimeUnit.MILLISECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.MILLISECONDS), other.getDelay(TimeUnit.MILLISECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            cancelled = true;
            scheduled.remove(this);
            return true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return cancelled || (periodMillis == 0 && runs > 0);
        }

        @Override
        public Object get() throws ExecutionException {
            throw new UnsupportedOperationException("a manual timer's task has no result to wait for");
        }

        @Override
        public Object get(long timeout, TimeUnit unit) throws ExecutionException {
            return get();
        }

        @Override
        public String toString() {
            return (periodMillis > 0 ? "every " + periodMillis + " ms" : "once in " + delayMillis + " ms")
                    + (cancelled ? " (cancelled)" : "");
        }
    }

    /** What is scheduled and not yet run (one-shots) or cancelled, in the order it was scheduled. */
    public List<Task> scheduled() {
        return List.copyOf(scheduled);
    }

    /** The one-shot tasks waiting, with the given delay. */
    public List<Task> oneShotsIn(long delayMillis) {
        List<Task> found = new ArrayList<>();
        for (Task task : scheduled) {
            if (!task.periodic() && task.delayMillis == delayMillis) {
                found.add(task);
            }
        }
        return found;
    }

    /** The delays of the one-shot tasks waiting, in the order they were scheduled. */
    public List<Long> oneShotDelays() {
        return scheduled.stream().filter(t -> !t.periodic()).map(t -> t.delayMillis).toList();
    }

    private Task add(Runnable body, long delay, long period, TimeUnit unit) {
        if (isShutdown()) {
            throw new RejectedExecutionException("the timer is shut down");
        }
        Task task = new Task(body, unit.toMillis(delay), unit.toMillis(period));
        scheduled.add(task);
        return task;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return add(command, delay, 0, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("not needed by the tests yet");
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return add(command, initialDelay, period, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return add(command, initialDelay, delay, unit);
    }

    @Override
    public List<Runnable> shutdownNow() {
        super.shutdownNow();
        List<Runnable> pending = scheduled.stream().map(t -> (Runnable) t::fire).toList();
        scheduled.clear();
        return pending;
    }
}
