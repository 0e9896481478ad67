package io.instanceconsole.domain;

import java.time.Duration;

/**
 * Per-connection resilience limits. Immutable.
 *
 * @param callTimeout        longest a single backend call may take before its outcome is treated as unknown
 * @param failureThreshold   consecutive infrastructure failures that open the circuit breaker
 * @param breakerDelay       how long the breaker stays open before a trial call
 * @param maxConcurrentCalls bulkhead size: backend calls in flight at once on this host
 * @param maxQueueWait       how long a call may wait for a bulkhead permit before it fails as busy
 */
public record ResilienceSettings(Duration callTimeout, int failureThreshold, Duration breakerDelay,
                                 int maxConcurrentCalls, Duration maxQueueWait) {

    public static ResilienceSettings defaults() {
        return new ResilienceSettings(Duration.ofSeconds(30), 5, Duration.ofSeconds(15), 8, Duration.ofMinutes(10));
    }

    /**
     * The limits a new connection of this kind starts with: {@link #defaults()}, except that an LXD connection allows
     * 64 calls in flight, as LXD runs each action as an operation of its own and the call only waits for it (ADR 27).
     */
    public static ResilienceSettings defaultsFor(BackendKind kind) {
        ResilienceSettings defaults = defaults();
        return kind == BackendKind.LXD ? defaults.withBulkhead(64, defaults.maxQueueWait()) : defaults;
    }

    public ResilienceSettings withCallTimeout(Duration timeout) {
        return new ResilienceSettings(timeout, failureThreshold, breakerDelay, maxConcurrentCalls, maxQueueWait);
    }

    public ResilienceSettings withBreaker(int threshold, Duration delay) {
        return new ResilienceSettings(callTimeout, threshold, delay, maxConcurrentCalls, maxQueueWait);
    }

    public ResilienceSettings withBulkhead(int maxConcurrent, Duration maxWait) {
        return new ResilienceSettings(callTimeout, failureThreshold, breakerDelay, maxConcurrent, maxWait);
    }
}
