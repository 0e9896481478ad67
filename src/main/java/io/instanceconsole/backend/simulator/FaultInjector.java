package io.instanceconsole.backend.simulator;

import io.instanceconsole.domain.ConflictException;
import io.instanceconsole.domain.UnavailableException;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Faults the simulator injects into its calls, for tests, chaos runs and demos. Thread-safe.
 *
 * <p>Each fault names the host in its message, like a real failure would.
 */
public final class FaultInjector {
    private final AtomicInteger failNext = new AtomicInteger();
    private final AtomicInteger conflictNext = new AtomicInteger();
    private final AtomicReference<CountDownLatch> hang = new AtomicReference<>();
    private volatile boolean disconnected;

    /** The next {@code count} calls fail as an I/O error. */
    public void failNext(int count) {
        failNext.set(count);
    }

    /** The next {@code count} actions are rejected as if the instance were in the wrong state. */
    public void rejectNextWithConflict(int count) {
        conflictNext.set(count);
    }

    /** Every call blocks until {@link #release()} (or until interrupted, e.g. by a timeout). */
    public void hang() {
        hang.compareAndSet(null, new CountDownLatch(1));
    }

    public void release() {
        CountDownLatch latch = hang.getAndSet(null);
        if (latch != null) {
            latch.countDown();
        }
    }

    /** Every call fails as unreachable until {@link #reconnect()}. */
    public void disconnect() {
        disconnected = true;
    }

    public void reconnect() {
        disconnected = false;
    }

    public boolean isDisconnected() {
        return disconnected;
    }

    /** Clears every fault. */
    public void clear() {
        failNext.set(0);
        conflictNext.set(0);
        reconnect();
        release();
    }

    /** Applies the infrastructure faults to any call (list, inspect, action). */
    void beforeCall(String host) {
        CountDownLatch latch = hang.get();
        if (latch != null) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UnavailableException("simulated host '" + host + "' did not answer (interrupted)", e);
            }
        }
        if (disconnected) {
            throw new UnavailableException("simulated host '" + host + "' is unreachable (connection refused)");
        }
        if (takeOne(failNext)) {
            throw new UnavailableException("simulated host '" + host + "' failed: I/O error (injected)");
        }
    }

    /** Applies the faults that only concern actions. */
    void beforeAction(String host, String instanceName) {
        if (takeOne(conflictNext)) {
            throw new ConflictException("'" + instanceName + "' on '" + host + "' changed state meanwhile (injected conflict)");
        }
    }

    private static boolean takeOne(AtomicInteger counter) {
        return counter.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }
}
