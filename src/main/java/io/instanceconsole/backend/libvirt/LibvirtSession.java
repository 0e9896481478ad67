package io.instanceconsole.backend.libvirt;

import io.instanceconsole.backend.BackendEvent;
import io.instanceconsole.concurrent.ConsoleThreads;
import io.instanceconsole.domain.InstanceConsoleException;
import io.instanceconsole.domain.UnavailableException;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.event.ConnectionCloseListener;
import org.libvirt.event.ConnectionCloseReason;
import org.libvirt.event.DomainEvent;
import org.libvirt.event.LifecycleListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * The live side of one libvirt connection: the current {@link Connect}, its lifecycle events, keepalive and close
 * callback, and reconnecting with backoff when the daemon goes away. Thread-safe.
 *
 * @implNote libvirt calls the lifecycle and close callbacks on the process's one event-loop thread, which also
 * serves every connection's keepalives, so the callbacks only copy the domain's UUID and hand it to this session's
 * own single dispatch thread. That thread looks the domain up, tells the listeners, and runs the reconnect loop;
 * one thread per connection keeps each connection's events in order.
 */
final class LibvirtSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LibvirtSession.class);
    /** Events waiting to be looked up; beyond this they are dropped and the periodic resync covers them. */
    private static final int EVENT_BACKLOG = 100_000;

    private final String uri;
    private final String description;
    private final boolean readOnly;
    private final LibvirtSettings settings;
    private final Consumer<String> onDomainEvent;
    private final Consumer<BackendEvent> emit;
    private final ExecutorService dispatcher;
    /* One instance per session, so that it can be removed again (the binding keys listeners by identity). */
    private final LifecycleListener lifecycle = this::onLifecycle;
    private volatile Connect connect;
    private volatile boolean connected;
    private volatile boolean closed;

    /**
     * @param description   names the connection and URI in messages, e.g. {@code 'lab' (qemu:///system)}
     * @param onDomainEvent called on the dispatch thread with the UUID of a domain that changed
     * @param emit          called on the dispatch thread with {@code Disconnected} and {@code Reconnected}
     */
    LibvirtSession(Connect first, String uri, String description, boolean readOnly, LibvirtSettings settings,
                   ConsoleThreads threads, Consumer<String> onDomainEvent, Consumer<BackendEvent> emit) {
        this.uri = requireNonNull(uri, "uri was not specified");
        this.description = requireNonNull(description, "description was not specified");
        this.readOnly = readOnly;
        this.settings = requireNonNull(settings, "settings was not specified");
        this.onDomainEvent = requireNonNull(onDomainEvent, "onDomainEvent was not specified");
        this.emit = requireNonNull(emit, "emit was not specified");
        this.dispatcher = threads.pool("ic-libvirt-events-" + uri.replaceAll("[^A-Za-z0-9:/._-]", "_"), 1,
                EVENT_BACKLOG, ConsoleThreads.Priority.NORMAL);
        attach(requireNonNull(first, "first was not specified"));
    }

    /** The open connection; {@link UnavailableException} naming the host while it is lost and being reopened. */
    Connect current() {
        Connect c = connect;
        if (!connected || c == null) {
            throw new UnavailableException("libvirt connection " + description + " is lost; reconnecting");
        }
        return c;
    }

    private void attach(Connect c) {
        try {
            // Only remote connections have keepalive; local drivers (test://) refuse, and need none.
            c.setKeepAlive((int) settings.keepAliveInterval().toSeconds(), settings.keepAliveCount());
        } catch (LibvirtException e) {
            LOG.debug("no keepalive on {}: {}", description, LibvirtErrors.message(e));
        }
        try {
            c.registerCloseListener(new CloseListener());
        } catch (LibvirtException e) {
            LOG.debug("no close callback on {}: {}", description, LibvirtErrors.message(e));
        }
        try {
            c.addLifecycleListener(lifecycle);
        } catch (LibvirtException e) {
            LOG.warn("no lifecycle events from {} ({}); changes made elsewhere show up on the periodic resync",
                    description, LibvirtErrors.message(e));
        }
        connect = c;
        connected = true;
    }

    private void detach(Connect c) {
        try {
            c.removeLifecycleListener(lifecycle);
        } catch (LibvirtException | RuntimeException e) {
            LOG.debug("removing the lifecycle listener of {} failed: {}", description, e.getMessage());
        }
        try {
            c.unregisterCloseListener();
        } catch (LibvirtException | RuntimeException e) {
            LOG.debug("removing the close callback of {} failed: {}", description, e.getMessage());
        }
        LibvirtRuntime.closeQuietly(c);
    }

    /** On libvirt's event-loop thread: must not block, so it only queues the domain's UUID. */
    private int onLifecycle(Domain domain, DomainEvent event) {
        try {
            String uuid = domain.getUUIDString();
            dispatch(() -> onDomainEvent.accept(uuid));
        } catch (LibvirtException | RuntimeException e) {
            LOG.debug("cannot read the domain of event {} on {}: {}", event, description, e.getMessage());
        }
        return 0;
    }

    private final class CloseListener implements ConnectionCloseListener {
        @Override
        public void onClose(Connect c, ConnectionCloseReason reason) {
            if (closed || c != connect) {
                return;
            }
            connected = false;
            String why = switch (reason) {
                case EOF -> "the daemon closed the connection";
                case KEEPALIVE -> "the daemon stopped answering keepalives";
                case ERROR -> "a connection error";
                default -> reason.name().toLowerCase(Locale.ROOT);
            };
            dispatch(() -> {
                emit.accept(new BackendEvent.Disconnected("lost libvirt connection " + description + ": " + why));
                reconnect(c);
            });
        }
    }

    /** On the dispatch thread, until it succeeds or the session is closed. */
    private void reconnect(Connect lost) {
        Duration delay = Duration.ofSeconds(1);
        while (!closed) {
            try {
                Thread.sleep(delay);
                Connect fresh = LibvirtRuntime.connect(uri, readOnly, settings.connectTimeout());
                if (closed) {
                    LibvirtRuntime.closeQuietly(fresh);
                    return;
                }
                attach(fresh);
                detach(lost);
                LOG.info("reconnected to libvirt {}", description);
                emit.accept(new BackendEvent.Reconnected());
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (LibvirtException | InstanceConsoleException e) {
                String message = e instanceof LibvirtException l ? LibvirtErrors.message(l) : e.getMessage();
                LOG.info("reconnecting to libvirt {} failed ({}); next try in {} s", description, message,
                        delay.multipliedBy(2).toSeconds());
                delay = delay.multipliedBy(2).compareTo(settings.maxReconnectDelay()) > 0
                        ? settings.maxReconnectDelay() : delay.multipliedBy(2);
            }
        }
    }

    private void dispatch(Runnable task) {
        try {
            dispatcher.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("handling a libvirt event from {} failed", description, e);
                }
            });
        } catch (RejectedExecutionException e) {
            if (!closed) {
                LOG.warn("libvirt event backlog of {} is full; the periodic resync will catch up", description);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        connected = false;
        dispatcher.shutdownNow();
        Connect c = connect;
        if (c != null) {
            detach(c);
        }
    }
}
