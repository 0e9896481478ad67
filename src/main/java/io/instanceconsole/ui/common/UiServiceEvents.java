package io.instanceconsole.ui.common;

import io.instanceconsole.service.ConnectionHealth;
import io.instanceconsole.service.InstanceChanges;
import io.instanceconsole.service.ServiceListener;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

import static java.util.Objects.requireNonNull;

/**
 * The UI's one listener on the service layer: view models that show what the services observe subscribe here and are
 * told on the FX thread, instance changes coalesced per frame, host news (health, the set of connections) in the order
 * the service published it, in one queue so a late badge of a removed host cannot outlive it. Instance changes reach
 * subscribers only between {@link #start()} and {@link #stop()} (while the window is up); host news always.
 * Service callbacks may come from any thread and only enqueue.
 */
public final class UiServiceEvents implements ServiceListener {

    /** Told on the FX thread; each method gets everything that arrived since the previous frame. */
    public interface Subscriber {
        default void instancesChanged(List<InstanceChanges> batches) {
        }

        default void hostNews(List<HostNews> news) {
        }
    }

    /** What the service said about hosts. */
    public sealed interface HostNews {
        /** A host's health changed. */
        record Health(String connectionId, ConnectionHealth health) implements HostNews {
        }

        /** Connections were added, removed or changed: these are the ones that exist now. */
        record Existing(Set<String> connectionIds) implements HostNews {
        }
    }

    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final Coalescer<InstanceChanges> changes;
    private final Coalescer<HostNews> hosts;
    private boolean started;

    public UiServiceEvents(Executor uiThread) {
        requireNonNull(uiThread, "uiThread was not specified");
        changes = new Coalescer<>(uiThread, batch -> {
            if (started) {
                subscribers.forEach(s -> s.instancesChanged(batch));
            }
        });
        hosts = new Coalescer<>(uiThread, batch -> subscribers.forEach(s -> s.hostNews(batch)));
    }

    /** Adds a subscriber, told in the order subscribed. */
    public void subscribe(Subscriber subscriber) {
        subscribers.add(requireNonNull(subscriber, "subscriber was not specified"));
    }

    /** From now on, instance changes reach the subscribers. FX thread. */
    public void start() {
        started = true;
    }

    /** Instance changes are dropped from now on (the window is going). FX thread. */
    public void stop() {
        started = false;
    }

    @Override
    public void instancesChanged(InstanceChanges batch) {
        changes.add(batch);
    }

    @Override
    public void healthChanged(String connectionId, ConnectionHealth health) {
        hosts.add(new HostNews.Health(connectionId, health));
    }

    @Override
    public void connectionsChanged(Set<String> connectionIds) {
        hosts.add(new HostNews.Existing(connectionIds));
    }
}
