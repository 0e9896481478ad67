package io.instanceconsole.backend;

import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceFacts;
import io.instanceconsole.domain.InstanceStats;
import io.instanceconsole.domain.LogListener;
import io.instanceconsole.domain.UnsupportedException;

import java.util.List;
import java.util.Optional;

/**
 * Port to one host's compute engine (a Docker Engine, a libvirt connection, the simulator).
 *
 * <p>Calls block and are made from the service executor, wrapped in that connection's resilience policies;
 * implementations must be thread-safe. Errors are reported with the domain exceptions:
 * {@link io.instanceconsole.domain.ConflictException} (wrong state), {@link io.instanceconsole.domain.NotFoundException},
 * {@link io.instanceconsole.domain.UnsupportedException} and {@link io.instanceconsole.domain.UnavailableException}
 * (the host failed: the only kind that counts against the circuit breaker).
 *
 * <p>A successful return from {@link #perform} means the backend confirmed the action. An implementation never
 * returns normally for an action that did not happen.
 */
public interface ComputeBackend extends AutoCloseable {

    BackendKind kind();

    /**
     * A cheap check that the host answers, for the heartbeat that notices a lost host between resyncs; fails with
     * {@code UnavailableException} like any call. Backends with a cheaper call than a listing override it.
     */
    default void ping() {
        list();
    }

    /**
     * A sample of one running instance's CPU and memory use. Backends that cannot tell say so with
     * {@code UnsupportedException}; none makes numbers up.
     */
    default InstanceStats stats(String instanceId) {
        throw new UnsupportedException(kind().label() + " hosts do not report resource use");
    }

    /**
     * What the host says about one instance beyond its row (the details pane, {@code instancectl show}): the names of
     * its environment variables but never their values. {@code NotFoundException} naming it when it does not exist;
     * backends that cannot describe their instances say so with {@code UnsupportedException}.
     */
    default InstanceFacts facts(String instanceId) {
        throw new UnsupportedException(kind().label() + " hosts do not describe their instances");
    }

    /**
     * The value of one environment variable of an instance, read from the host when the user asks for it; a secret
     * more often than not, so callers never log or store it. {@code NotFoundException} naming the variable when the
     * instance has none of that name.
     */
    default String environmentValue(String instanceId, String name) {
        throw new UnsupportedException(kind().label() + " instances have no environment variables to show");
    }

    /**
     * Sends the last {@code tail} lines of an instance's output to the listener, on a thread of the backend's, then,
     * when {@code follow}, each new line as it comes, until the returned subscription is closed or the log ends. Returns
     * once the host accepted the request. Backends without logs say so with {@code UnsupportedException}.
     */
    default Subscription followLog(String instanceId, int tail, boolean follow, LogListener listener) {
        throw new UnsupportedException(kind().label() + " hosts keep no logs this console can read");
    }

    /** Every instance on the host, including stopped and paused ones. */
    List<Instance> list();

    /**
     * Which engine this is, the same for every connection that reaches it whatever the URI (Docker: the engine ID;
     * libvirt: the host's UUID and the driver); empty when the backend cannot tell. May ask the host.
     */
    default Optional<String> engineIdentity() {
        return Optional.empty();
    }

    /** The current state of one instance; {@code NotFoundException} naming it when it does not exist. */
    Instance inspect(String instanceId);

    /** Performs the action and returns only once the backend confirmed it. */
    void perform(Action action, String instanceId);

    /** What this backend can do at all, with the reason for what it cannot. */
    Capabilities capabilities();

    /**
     * Starts delivering live changes to the listener (on a thread owned by the backend) until the returned
     * subscription is closed. A backend without live events returns a subscription that delivers nothing and
     * the reconciler's periodic resync covers it.
     */
    Subscription subscribe(BackendListener listener);

    /** Releases connections and threads. Idempotent. */
    @Override
    void close();

    /** Handle that stops an event subscription. */
    @FunctionalInterface
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
