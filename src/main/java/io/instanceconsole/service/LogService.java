package io.instanceconsole.service;

import io.instanceconsole.backend.ComputeBackend;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.LogListener;
import io.instanceconsole.domain.UnavailableException;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static java.util.Objects.requireNonNull;

/**
 * An instance's output for the details pane and {@code instancectl logs}: the request goes through that connection's
 * policies on its own host pool (so a host that does not answer costs a timeout there, never the caller's thread),
 * and once the host accepted it, lines reach the listener on the backend's thread until stopped. A host that is not
 * usable now is not asked. Nothing here keeps a line. Thread-safe.
 */
public final class LogService {
    private final ConnectionRegistry registry;

    /** A log being followed. */
    @FunctionalInterface
    public interface Following {
        /** Stops it; the listener hears nothing more. Idempotent. */
        void stop();
    }

    public LogService(ConnectionRegistry registry) {
        this.registry = requireNonNull(registry, "registry was not specified");
    }

    /**
     * The last {@code tail} lines, then (with {@code follow}) each new one. Completes on a service thread once the host
     * accepted, or fails with the domain exception ({@code NotFoundException}, {@code UnsupportedException} for a
     * backend without logs, {@code UnavailableException}, at once when the host does not answer now).
     */
    public CompletableFuture<Following> follow(InstanceKey key, int tail, boolean follow, LogListener listener) {
        requireNonNull(key, "key was not specified");
        requireNonNull(listener, "listener was not specified");
        Optional<ManagedConnection> connection = registry.find(key.connectionId()).filter(c -> c.health().isUsable());
        if (connection.isEmpty()) {
            String name = registry.find(key.connectionId()).map(ManagedConnection::name).orElse(key.connectionId());
            return CompletableFuture.failedFuture(new UnavailableException("host '" + name
                    + "' does not answer now; its log was not asked for"));
        }
        ManagedConnection host = connection.get();
        return host.call(() -> {
            ComputeBackend.Subscription subscription = host.backend().followLog(key.instanceId(), tail, follow, listener);
            return (Following) subscription::close;
        });
    }
}
