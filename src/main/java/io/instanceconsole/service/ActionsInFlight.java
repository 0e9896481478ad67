package io.instanceconsole.service;

import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.InstanceKey;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The action under way on each instance, from the moment it is asked for until its outcome: at most one per
 * instance. Whoever waits for them all to come back is woken by the last one, not by polling. Thread-safe.
 */
final class ActionsInFlight {
    private final Map<InstanceKey, Action> underWay = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition noneLeft = lock.newCondition();

    /** Claims the instance for the action; empty when it was free, else the action already under way on it. */
    Optional<Action> start(InstanceKey key, Action action) {
        return Optional.ofNullable(underWay.putIfAbsent(key, action));
    }

    /** Releases the instance's claim by this action, and wakes {@link #awaitNone} when it was the last. */
    void finish(InstanceKey key, Action action) {
        underWay.remove(key, action);
        if (underWay.isEmpty()) {
            lock.lock();
            try {
                noneLeft.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    Optional<Action> on(InstanceKey key) {
        return Optional.ofNullable(underWay.get(key));
    }

    /**
     * Waits up to {@code patience} for every action under way to finish.
     *
     * @return whether none is left; false when the wait ran out or the thread was interrupted (its flag stays set)
     */
    boolean awaitNone(Duration patience) {
        long remaining = patience.toNanos();
        lock.lock();
        try {
            while (!underWay.isEmpty()) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = noneLeft.awaitNanos(remaining);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }
}
