package io.instanceconsole.testing;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A stand-in for the FX thread in view-model tests: what the services hand to it waits in a queue until the test
 * runs it, on the test's thread, with {@link #runUntil}. Thread-safe for the handing over; the running is the test's.
 */
public final class QueuedUiThread implements Executor {
    private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();

    @Override
    public void execute(Runnable task) {
        queue.add(task);
    }

    /** How many tasks wait to run. */
    public int pending() {
        return queue.size();
    }

    /**
     * Runs the waiting tasks, and those handed over meanwhile, until the condition holds; fails naming {@code what}
     * when nothing is handed over for 10 s before it does.
     */
    public void runUntil(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            try {
                Runnable next = queue.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (next == null) {
                    throw new AssertionError("timed out waiting until " + what);
                }
                next.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
