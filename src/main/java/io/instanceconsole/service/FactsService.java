package io.instanceconsole.service;

import io.instanceconsole.domain.InstanceFacts;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.NotFoundException;
import io.instanceconsole.domain.UnavailableException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static java.util.Objects.requireNonNull;

/**
 * The facts of one instance for the details pane and {@code instancectl show}: read from its host through that
 * connection's policies (on its own bounded host pool, never the caller's thread), and the last facts read kept in
 * memory, at most {@link #CACHED} instances, so the pane shows them at once and while the host does not answer. A
 * host that is not usable is not asked: the request fails at once and the cached facts are marked stale. The facts
 * hold the names of environment variables only; a value is read from the host each time it is asked for and kept
 * nowhere here. Thread-safe.
 */
public final class FactsService {
    /** Instances whose last facts are kept; the least recently read goes first. */
    static final int CACHED = 500;

    private final ConnectionRegistry registry;
    private final Map<InstanceKey, InstanceFacts> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InstanceKey, InstanceFacts> eldest) {
            return size() > CACHED;
        }
    };

    /** Facts as last read, and whether they may be out of date because the host does not answer now. */
    public record Known(InstanceFacts facts, boolean stale) {
        public Known {
            requireNonNull(facts, "facts was not specified");
        }
    }

    public FactsService(ConnectionRegistry registry) {
        this.registry = requireNonNull(registry, "registry was not specified");
    }

    /** The last facts read of this instance, at once and without asking the host; stale while its host is down. */
    public Optional<Known> cached(InstanceKey key) {
        InstanceFacts facts;
        synchronized (cache) {
            facts = cache.get(key);
        }
        return Optional.ofNullable(facts).map(f -> new Known(f, !usable(key.connectionId())));
    }

    /**
     * Reads the facts from the host and keeps them. Completes on a service thread; fails with the domain exception
     * ({@code NotFoundException} for an instance gone, which is forgotten too), or at once with
     * {@code UnavailableException} when the host does not answer now (it is not asked).
     */
    public CompletableFuture<InstanceFacts> read(InstanceKey key) {
        requireNonNull(key, "key was not specified");
        Optional<ManagedConnection> connection = usableConnection(key.connectionId());
        if (connection.isEmpty()) {
            return CompletableFuture.failedFuture(notAnswering(key.connectionId()));
        }
        return connection.get().call(() -> connection.get().backend().facts(key.instanceId())).whenComplete((facts, error) -> {
            synchronized (cache) {
                if (facts != null) {
                    cache.put(key, facts);
                } else if (error instanceof NotFoundException) {
                    cache.remove(key);
                }
            }
        });
    }

    /**
     * The value of one environment variable, read from the host now (never cached: values are often secrets, and
     * callers never log or store them). Fails like {@link #read}.
     */
    public CompletableFuture<String> environmentValue(InstanceKey key, String name) {
        requireNonNull(key, "key was not specified");
        requireNonNull(name, "name was not specified");
        Optional<ManagedConnection> connection = usableConnection(key.connectionId());
        if (connection.isEmpty()) {
            return CompletableFuture.failedFuture(notAnswering(key.connectionId()));
        }
        return connection.get().call(() -> connection.get().backend().environmentValue(key.instanceId(), name));
    }

    private boolean usable(String connectionId) {
        return usableConnection(connectionId).isPresent();
    }

    private Optional<ManagedConnection> usableConnection(String connectionId) {
        return registry.find(connectionId).filter(c -> c.health().isUsable());
    }

    private UnavailableException notAnswering(String connectionId) {
        String name = registry.find(connectionId).map(ManagedConnection::name).orElse(connectionId);
        return new UnavailableException("host '" + name + "' does not answer now; not asked");
    }
}
