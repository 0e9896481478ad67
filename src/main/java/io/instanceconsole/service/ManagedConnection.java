package io.instanceconsole.service;

import io.instanceconsole.domain.ResilienceSettings;
import dev.failsafe.Bulkhead;
import dev.failsafe.BulkheadFullException;
import dev.failsafe.CircuitBreaker;
import dev.failsafe.CircuitBreakerOpenException;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.Timeout;
import dev.failsafe.TimeoutExceededException;
import dev.failsafe.function.CheckedSupplier;
import io.instanceconsole.backend.ComputeBackend;
import io.instanceconsole.concurrent.ConsoleThreads;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.UnavailableException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.function.BiConsumer;

import static java.util.Objects.requireNonNull;

/**
 * One connection with its backend and its own resilience policies: a bulkhead, a circuit breaker and a timeout.
 * Backend calls run on this host's own small pool (as large as the bulkhead); what follows a call continues on the
 * shared service executor. Thread-safe.
 *
 * @implNote Policy order (outer to inner) is bulkhead, breaker, timeout; see docs/decisions/0003-resilience-policy-order.md.
 * Only infrastructure failures ({@link UnavailableException}, timeouts) count against the breaker: a Conflict or
 * NotFound is the user's mistake or a race, not a sick host.
 */
public final class ManagedConnection {
    private final Connection connection;
    private final ComputeBackend backend;
    private final Clock clock;
    private final CircuitBreaker<Object> breaker;
    private final FailsafeExecutor<Object> failsafe;
    private final BiConsumer<String, ConnectionHealth> onHealth;
    private final ExecutorService callPool;
    private final Duration longestCall;
    private volatile ConnectionHealth health;
    private volatile String lastFailure = "";

    ManagedConnection(Connection connection, ComputeBackend backend, ResilienceSettings settings, Clock clock,
                      ConsoleThreads threads, BiConsumer<String, ConnectionHealth> onHealth) {
        this.connection = requireNonNull(connection, "connection was not specified");
        this.backend = requireNonNull(backend, "backend was not specified");
        this.clock = requireNonNull(clock, "clock was not specified");
        this.onHealth = requireNonNull(onHealth, "onHealth was not specified");
        this.longestCall = settings.maxQueueWait().plus(settings.callTimeout());
        this.health = new ConnectionHealth(ConnectionHealth.State.CONNECTING, clock.instant(), null, "");
        this.breaker = CircuitBreaker.builder()
                .handleIf(ManagedConnection::isInfrastructureFailure)
                .withFailureThreshold(settings.failureThreshold())
                .withDelay(settings.breakerDelay())
                .onOpen(e -> setHealth(ConnectionHealth.State.CIRCUIT_OPEN, clock.instant().plus(settings.breakerDelay()), lastDetail()))
                .onHalfOpen(e -> setHealth(ConnectionHealth.State.DEGRADED, null, "trying again after the circuit was open"))
                .onClose(e -> setHealth(ConnectionHealth.State.CONNECTED, null, ""))
                .build();
        Bulkhead<Object> bulkhead = Bulkhead.builder(settings.maxConcurrentCalls()).withMaxWaitTime(settings.maxQueueWait()).build();
        Timeout<Object> timeout = Timeout.builder(settings.callTimeout()).withInterrupt().build();
        // Backend clients block a thread per call. Each host gets a pool as large as its bulkhead, so a hung host
        // holds its own threads only and the shared service executor stays free for every other host.
        // Its queue is bounded by the bulkhead as well, which admits no more calls than threads.
        this.callPool = threads.pool("ic-host-" + connection.name(), settings.maxConcurrentCalls(),
                Math.max(16, settings.maxConcurrentCalls() * 4), ConsoleThreads.Priority.BACKGROUND);
        this.failsafe = Failsafe.with(bulkhead).compose(breaker).compose(timeout).with(callPool);
    }

    public Connection connection() {
        return connection;
    }

    public String id() {
        return connection.id();
    }

    public String name() {
        return connection.name();
    }

    public ComputeBackend backend() {
        return backend;
    }

    /** The longest a call can take through the policies: the bulkhead's longest wait, then the call's timeout. */
    public Duration longestCall() {
        return longestCall;
    }

    public ConnectionHealth health() {
        return health;
    }

    /**
     * Runs a backend call through this connection's policies on its host pool. The future fails with the
     * backend's domain exception, or with {@link UnavailableException} naming the host when the breaker is open, the
     * bulkhead is full, or the call timed out.
     */
    @SuppressWarnings("unchecked")
    public <T> CompletableFuture<T> call(CheckedSupplier<T> supplier) {
        CompletableFuture<T> result = new CompletableFuture<>();
        failsafe.getAsync((CheckedSupplier<Object>) supplier).whenComplete((value, error) -> {
            if (error == null) {
                recordSuccess();
                result.complete((T) value);
            } else {
                Throwable cause = unwrap(error);
                if (isInfrastructureFailure(cause)) {
                    recordFailure(cause);
                }
                result.completeExceptionally(translate(cause));
            }
        });
        return result;
    }

    /** Marks the host unreachable (event stream lost, resync failed); cleared by the next successful call. */
    void markUnreachable(String detail) {
        if (health.state() != ConnectionHealth.State.UNREACHABLE && health.state() != ConnectionHealth.State.CIRCUIT_OPEN) {
            setHealth(ConnectionHealth.State.UNREACHABLE, null, detail);
        }
    }

    /** Closes the backend and this host's call pool. */
    void close() {
        callPool.shutdownNow();
        backend.close();
    }

    public boolean isBreakerOpen() {
        return breaker.isOpen();
    }

    static boolean isInfrastructureFailure(Throwable error) {
        return error instanceof UnavailableException || error instanceof TimeoutExceededException;
    }

    static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private Throwable translate(Throwable cause) {
        String host = "'" + connection.name() + "'";
        if (cause instanceof CircuitBreakerOpenException) {
            Duration wait = breaker.getRemainingDelay();
            return new UnavailableException("host " + host + " is failing: circuit open, retry in "
                    + Math.max(1, wait.toSeconds()) + " s", cause);
        }
        if (cause instanceof BulkheadFullException) {
            return new UnavailableException("host " + host + " is busy: too many calls waiting", cause);
        }
        if (cause instanceof TimeoutExceededException) {
            return new UnavailableException("host " + host + " did not answer within the call timeout", cause);
        }
        return cause;
    }

    // recordSuccess and recordFailure decide from the health and the breaker under the lock setHealth takes, so a
    // decision made before the breaker opened cannot land after its CIRCUIT_OPEN and overwrite it. The breaker calls
    // onOpen while holding its state's monitor: under this lock only breaker reads that take no lock of Failsafe's
    // (isOpen, getFailureCount in Failsafe 3.3) may be made, or the two would deadlock.
    private synchronized void recordSuccess() {
        ConnectionHealth.State state = health.state();
        if (state == ConnectionHealth.State.CONNECTING || state == ConnectionHealth.State.UNREACHABLE
                || (state == ConnectionHealth.State.DEGRADED && breaker.getFailureCount() == 0)) {
            setHealth(ConnectionHealth.State.CONNECTED, null, "");
        }
    }

    private synchronized void recordFailure(Throwable cause) {
        lastFailure = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (!breaker.isOpen() && health.state() == ConnectionHealth.State.CONNECTED) {
            setHealth(ConnectionHealth.State.DEGRADED, null, lastFailure);
        }
    }

    private String lastDetail() {
        return lastFailure;
    }

    private synchronized void setHealth(ConnectionHealth.State state, Instant retryAt, String detail) {
        Instant now = clock.instant();
        Instant since = health.state() == state ? health.since() : now;
        ConnectionHealth next = new ConnectionHealth(state, since, retryAt, detail);
        if (!next.equals(health)) {
            health = next;
            onHealth.accept(connection.id(), next);
        }
    }
}
