package io.instanceconsole.service;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The service layer's bounded thread pools: the only places the console creates threads for its own work. */
public final class ServiceExecutors {
    private ServiceExecutors() {
    }

    /**
     * A fixed pool with a bounded queue; a full queue rejects instead of growing without limit.
     *
     * @param threads  at least 2, so one slow call never serialises everything
     * @param capacity queued tasks before submissions are rejected
     */
    public static ExecutorService bounded(String name, int threads, int capacity) {
        if (threads < 2) {
            throw new IllegalArgumentException("the service executor needs at least 2 threads, got " + threads);
        }
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(capacity), daemonThreads(name));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * A host's pool for blocking backend calls: {@code threads} at most, idle threads time out. Its queue is bounded
     * by the host's bulkhead, which admits no more calls than threads.
     */
    public static ExecutorService hostPool(String name, int threads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(16, threads * 4)), daemonThreads(name));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** One daemon thread for timers (resync, breaker countdowns). */
    public static ScheduledExecutorService timer(String name) {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, daemonThreads(name));
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /** Daemon threads named {@code name-1, name-2, ...}, each at the console's background priority. */
    public static ThreadFactory daemonThreads(String name) {
        ThreadFactory threads = Thread.ofPlatform().name(name + "-", 1).daemon(true).factory();
        return work -> threads.newThread(() -> {
            BackgroundPriority.lowerCurrentThread();
            work.run();
        });
    }
}
