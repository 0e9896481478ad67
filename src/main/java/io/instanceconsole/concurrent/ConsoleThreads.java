package io.instanceconsole.concurrent;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * The one place the console makes threads and executors for its own work: every layer gets them from here, the
 * composition root builds one instance and hands it to the services and the backends. Every thread is a daemon, so
 * none keeps the process alive; every executor has a bounded queue, so a flood of work is rejected
 * ({@link RejectedExecutionException}) instead of piling up without limit. Thread-safe and stateless.
 */
public final class ConsoleThreads {
    /** Idle pool threads end after this long; a pool without work holds no thread. */
    private static final long KEEP_ALIVE_SECONDS = 30;

    /** The scheduling priority of a thread. */
    public enum Priority {
        /** The default priority: threads whose work someone is waiting for (opening the store, the libvirt loop). */
        NORMAL,
        /**
         * Below the UI thread (see {@code BackgroundPriority}): workers that may keep every core busy, so the FX
         * thread still gets a core when a frame is due.
         */
        BACKGROUND
    }

    /** Daemon threads named {@code name-1, name-2, ...}. */
    public ThreadFactory factory(String name, Priority priority) {
        ThreadFactory threads = Thread.ofPlatform().name(requireNonNull(name, "name was not specified") + "-", 1)
                .daemon(true).factory();
        return prioritised(threads, priority);
    }

    /** Starts one daemon thread named exactly {@code name} that runs {@code work} and ends. */
    public Thread start(String name, Priority priority, Runnable work) {
        ThreadFactory threads = Thread.ofPlatform().name(requireNonNull(name, "name was not specified")).daemon(true)
                .factory();
        Thread thread = prioritised(threads, priority).newThread(requireNonNull(work, "work was not specified"));
        thread.start();
        return thread;
    }

    /**
     * A pool of {@code threads} with a queue of {@code capacity} tasks; a full queue rejects. Idle threads end, so an
     * idle pool holds none.
     */
    public ExecutorService pool(String name, int threads, int capacity, Priority priority) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(capacity), factory(name, priority));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * Up to {@code maxThreads} threads and no queue: a task starts at once on an idle or a new thread, or is rejected
     * when all of them are busy. For work that may block for good (a native call that cannot be interrupted).
     */
    public ExecutorService handOff(String name, int maxThreads, Priority priority) {
        return new ThreadPoolExecutor(0, maxThreads, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS, new SynchronousQueue<>(),
                factory(name, priority));
    }

    /**
     * One thread for delayed and periodic work, holding at most {@code capacity} waiting tasks (a periodic task counts
     * once); cancelled tasks leave the queue at once.
     */
    public ScheduledExecutorService timer(String name, int capacity, Priority priority) {
        BoundedTimer timer = new BoundedTimer(capacity, factory(name, priority));
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    private static ThreadFactory prioritised(ThreadFactory threads, Priority priority) {
        requireNonNull(priority, "priority was not specified");
        if (priority == Priority.NORMAL) {
            return threads;
        }
        return work -> threads.newThread(() -> {
            BackgroundPriority.lowerCurrentThread();
            work.run();
        });
    }

    /** A scheduled pool whose queue holds at most {@code capacity} tasks (its own queue type has no bound). */
    private static final class BoundedTimer extends ScheduledThreadPoolExecutor {
        private final int capacity;

        BoundedTimer(int capacity, ThreadFactory threads) {
            super(1, threads);
            if (capacity < 1) {
                throw new IllegalArgumentException("a timer needs room for at least one task, got " + capacity);
            }
            this.capacity = capacity;
        }

        private void ensureRoom() {
            if (getQueue().size() >= capacity) {
                throw new RejectedExecutionException("the timer already holds " + capacity + " tasks");
            }
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            ensureRoom();
            return super.schedule(command, delay, unit);
        }

        @Override
        public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
            ensureRoom();
            return super.schedule(callable, delay, unit);
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
            ensureRoom();
            return super.scheduleAtFixedRate(command, initialDelay, period, unit);
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
            ensureRoom();
            return super.scheduleWithFixedDelay(command, initialDelay, delay, unit);
        }
    }
}
