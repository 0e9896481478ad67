package io.instanceconsole.backend.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import io.instanceconsole.backend.BackendEvent;
import io.instanceconsole.backend.BackendListener;
import io.instanceconsole.backend.ComputeBackend;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.NotFoundException;
import io.instanceconsole.domain.UnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * One subscription to a Docker Engine's {@code /events} stream, filtered to containers. Each state-changing event
 * makes the container be inspected and reported as {@link BackendEvent.Changed} ({@link BackendEvent.Removed} for
 * {@code destroy}), except {@code pause} and {@code unpause}: those say the new state themselves, so a container
 * whose snapshot is at hand is reported without an inspect (a bulk pause of 100 containers would otherwise cost the
 * engine 100 inspects while it is busy pausing). When the stream is lost it reports {@link BackendEvent.Disconnected} once, reopens the stream
 * with exponential backoff, and reports {@link BackendEvent.Reconnected} as soon as the engine streams again, so the
 * receiver resyncs what it missed. Thread-safe.
 *
 * @implNote docker-java reads the stream on a thread of its own; everything this class reports runs on the backend's
 * single worker thread, so the listener sees events in order and never concurrently. Events for the same container
 * that arrive while the worker is busy are coalesced into one inspect.
 */
final class DockerEventStream implements ComputeBackend.Subscription {
    private static final Logger LOG = LoggerFactory.getLogger(DockerEventStream.class);
    /** Container event actions that can change what a row shows; others (exec_*, attach, top, ...) cannot. */
    private static final Set<String> STATE_ACTIONS = Set.of("create", "start", "restart", "pause", "unpause", "die",
            "stop", "kill", "oom", "rename", "update", "destroy");

    private final DockerClient events;
    private final ScheduledExecutorService worker;
    private final Snapshots snapshots;
    private final BackendListener listener;
    private final String where;
    private final DockerSettings settings;

    private final Object lock = new Object();
    /** Containers with unreported events, in arrival order. Guarded by {@link #lock}. */
    private final Map<String, Pending> dirty = new LinkedHashMap<>();
    private final CountDownLatch firstAttempt = new CountDownLatch(1);
    private boolean drainScheduled;
    private Stream current;
    private int failedAttempts;
    private boolean lost;
    private volatile boolean closed;

    /**
     * @param events    a client without a response timeout: the stream is quiet for as long as nothing happens
     * @param worker    the backend's single worker thread
     * @param snapshots inspects one container (failing with the domain exceptions), and knows the last snapshot seen
     * @param where     the host, for messages
     */
    DockerEventStream(DockerClient events, ScheduledExecutorService worker, Snapshots snapshots,
                      BackendListener listener, String where, DockerSettings settings) {
        this.events = requireNonNull(events, "events was not specified");
        this.worker = requireNonNull(worker, "worker was not specified");
        this.snapshots = requireNonNull(snapshots, "snapshots was not specified");
        this.listener = requireNonNull(listener, "listener was not specified");
        this.where = requireNonNull(where, "where was not specified");
        this.settings = requireNonNull(settings, "settings was not specified");
    }

    /**
     * Opens the stream and waits (at most {@code wait}) for the first attempt to succeed or fail, so that a resync
     * made right after subscribing cannot miss a change that happens before the stream is established.
     */
    void start(Duration wait) {
        submit(this::open, Duration.ZERO);
        try {
            firstAttempt.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        Stream stream;
        synchronized (lock) {
            stream = current;
            current = null;
            dirty.clear();
        }
        if (stream != null) {
            stream.close();
        }
    }

    private void open() {
        if (closed) {
            return;
        }
        Stream stream = new Stream();
        synchronized (lock) {
            current = stream;
        }
        try {
            events.eventsCmd().withEventTypeFilter(EventType.CONTAINER).exec(stream);
        } catch (RuntimeException e) {
            lost(stream, e);
        }
    }

    private void opened(Stream stream) {
        boolean wasLost;
        synchronized (lock) {
            if (closed || stream != current) {
                stream.close();
                return;
            }
            failedAttempts = 0;
            wasLost = lost;
            lost = false;
        }
        firstAttempt.countDown();
        if (wasLost) {
            LOG.info("event stream of {} is back", where);
            submit(() -> emit(new BackendEvent.Reconnected()), Duration.ZERO);
        }
    }

    private void lost(Stream stream, Throwable error) {
        boolean first;
        Duration delay;
        synchronized (lock) {
            if (closed || stream != current) {
                return;
            }
            current = null;
            first = !lost;
            lost = true;
            delay = backoff(failedAttempts++);
        }
        stream.close();
        firstAttempt.countDown();
        if (first) {
            String reason = "event stream of " + where + " was lost: "
                    + (error == null ? "the engine closed it" : DockerErrors.rootMessage(error));
            LOG.warn("{}; reopening it", reason);
            submit(() -> emit(new BackendEvent.Disconnected(reason)), Duration.ZERO);
        }
        submit(this::open, delay);
    }

    private Duration backoff(int attempt) {
        long initial = settings.reconnectInitial().toMillis();
        long millis = initial << Math.min(attempt, 16);
        return Duration.ofMillis(Math.min(millis, settings.reconnectMax().toMillis()));
    }

    private void received(Event event) {
        String id = event.getId() != null ? event.getId() : event.getActor() == null ? null : event.getActor().getId();
        String action = event.getAction() != null ? event.getAction() : event.getStatus();
        if (id == null || action == null) {
            return;
        }
        // health_status and exec_* carry a suffix ("exec_start: sh -c ..."); only the word matters
        int colon = action.indexOf(':');
        String word = (colon < 0 ? action : action.substring(0, colon)).trim();
        if (!STATE_ACTIONS.contains(word)) {
            return;
        }
        boolean schedule;
        synchronized (lock) {
            dirty.merge(id, Pending.of(word), Pending::then);
            schedule = !drainScheduled;
            drainScheduled = true;
        }
        if (schedule) {
            submit(this::drain, Duration.ZERO);
        }
    }

    /**
     * Reports every container with pending events, once each however many events it had: removed, or its state
     * taken from a pause/unpause event, or inspected.
     */
    private void drain() {
        Map<String, Pending> batch;
        synchronized (lock) {
            batch = new LinkedHashMap<>(dirty);
            dirty.clear();
            drainScheduled = false;
        }
        for (Map.Entry<String, Pending> entry : batch.entrySet()) {
            if (closed) {
                return;
            }
            String id = entry.getKey();
            Pending pending = entry.getValue();
            if (pending.destroyed()) {
                emit(new BackendEvent.Removed(id));
                continue;
            }
            Optional<Instance> said = pending.stateWord() == null ? Optional.empty()
                    : snapshots.afterStateEvent(id, pending.stateWord());
            if (said.isPresent()) {
                emit(new BackendEvent.Changed(said.get()));
                continue;
            }
            try {
                emit(new BackendEvent.Changed(snapshots.inspect(id)));
            } catch (NotFoundException gone) {
                emit(new BackendEvent.Removed(id));
            } catch (UnavailableException e) {
                // the stream will fail too, and the resync after reconnecting covers this container
                LOG.debug("cannot inspect {} after its event: {}", id, e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("cannot inspect container {} on {} after its event", id, where, e);
            }
        }
    }

    /** What the stream needs of its backend. */
    interface Snapshots {
        /** Inspects one container, failing with the domain exceptions. */
        Instance inspect(String id);

        /**
         * The container's last snapshot with the state that {@code word} ({@code pause} or {@code unpause}) says it
         * is in now; empty when no snapshot is at hand, and the container must be inspected.
         */
        Optional<Instance> afterStateEvent(String id, String word);
    }

    /**
     * The unreported events of one container: whether it was destroyed, and the last event's word when every event
     * was one that says the new state by itself ({@code pause}, {@code unpause}), else null (inspect it).
     */
    record Pending(boolean destroyed, String stateWord) {
        static Pending of(String word) {
            return new Pending(word.equals("destroy"), DockerStates.saysStateItself(word) ? word : null);
        }

        /** Events are merged in arrival order: the later one's word wins, unless either needs an inspect. */
        Pending then(Pending later) {
            boolean bothSayState = stateWord != null && later.stateWord != null;
            return new Pending(destroyed || later.destroyed, bothSayState ? later.stateWord : null);
        }
    }

    private void emit(BackendEvent event) {
        if (closed) {
            return;
        }
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            LOG.error("listener failed on {} from {}", event, where, e);
        }
    }

    private void submit(Runnable task, Duration delay) {
        if (closed) {
            return;
        }
        try {
            worker.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shutDown) {
            // the backend is closing
        }
    }

    /** docker-java's callback for one attempt; stale attempts are ignored. */
    private final class Stream implements ResultCallback<Event> {
        private volatile Closeable connection;
        private volatile boolean done;

        @Override
        public void onStart(Closeable stream) {
            connection = stream;
            if (done) {
                close();
            } else {
                opened(this);
            }
        }

        @Override
        public void onNext(Event event) {
            if (!done && !closed) {
                received(event);
            }
        }

        @Override
        public void onError(Throwable error) {
            lost(this, error);
        }

        @Override
        public void onComplete() {
            lost(this, null);
        }

        @Override
        public void close() {
            done = true;
            Closeable c = connection;
            if (c != null) {
                try {
                    c.close();
                } catch (IOException | RuntimeException e) {
                    LOG.trace("closing the event stream of {}", where, e);
                }
            }
        }
    }
}
