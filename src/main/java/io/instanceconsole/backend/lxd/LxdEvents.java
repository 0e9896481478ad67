package io.instanceconsole.backend.lxd;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.instanceconsole.backend.BackendEvent;
import io.instanceconsole.backend.BackendListener;
import io.instanceconsole.backend.ComputeBackend;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceConsoleException;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One subscription to an LXD server's {@code /1.0/events?type=lifecycle} websocket for the connection's project. On a
 * cluster, the member the console talks to forwards the other members' events, each with its {@code location}. Each
 * instance event is reported as {@link BackendEvent.Changed} ({@link BackendEvent.Removed} when the instance is gone,
 * and for the old name of a renamed one). When the stream is lost it reports {@link BackendEvent.Disconnected} once,
 * reopens it with exponential backoff and reports {@link BackendEvent.Reconnected} when it streams again, so the
 * receiver resyncs what it missed (LXD also drops events for slow readers). Thread-safe.
 *
 * @implNote OkHttp reads the websocket on a thread of the backend's dispatcher; everything this class reports runs on
 * the backend's single worker thread, in order.
 */
final class LxdEvents implements ComputeBackend.Subscription {
    private static final Logger LOG = LoggerFactory.getLogger(LxdEvents.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String INSTANCES = "/1.0/instances/";

    /** What an instance's lifecycle event makes of its row; empty when the instance no longer exists. */
    @FunctionalInterface
    interface Snapshots {
        Optional<Instance> after(String instanceId, String action, String location);
    }

    private final LxdClient client;
    private final ScheduledExecutorService worker;
    private final Snapshots snapshots;
    private final BackendListener listener;
    private final LxdSettings settings;
    private final String name;
    private final CountDownLatch firstAttempt = new CountDownLatch(1);
    private final Object lock = new Object();
    private WebSocket socket;
    private boolean closed;
    private boolean lost;
    private Duration backoff;

    LxdEvents(LxdClient client, ScheduledExecutorService worker, Snapshots snapshots, BackendListener listener,
              LxdSettings settings, String name) {
        this.client = client;
        this.worker = worker;
        this.snapshots = snapshots;
        this.listener = listener;
        this.settings = settings;
        this.name = name;
        this.backoff = settings.reconnectInitial();
    }

    /** Opens the stream and waits (up to the connect timeout) for the first attempt to succeed or fail. */
    void start() {
        connect();
        try {
            firstAttempt.await(settings.connectTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void connect() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            socket = client.events("lifecycle", Duration.ofSeconds(10), new Listener());
        }
    }

    private final class Listener extends WebSocketListener {
        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            boolean reconnected;
            synchronized (lock) {
                reconnected = lost;
                lost = false;
                backoff = settings.reconnectInitial();
            }
            firstAttempt.countDown();
            if (reconnected) {
                LOG.info("LXD events of {} are back", name);
                submit(() -> listener.onEvent(new BackendEvent.Reconnected()));
            }
        }

        @Override
        public void onMessage(WebSocket webSocket, String text) {
            submit(() -> handle(text));
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
            webSocket.close(1000, null);
            lostStream("the server closed the event stream (" + code + (reason.isEmpty() ? "" : " " + reason) + ")");
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable t, Response response) {
            lostStream(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
        }
    }

    private void lostStream(String why) {
        firstAttempt.countDown();
        Duration delay;
        boolean first;
        synchronized (lock) {
            if (closed) {
                return;
            }
            first = !lost;
            lost = true;
            delay = backoff;
            backoff = backoff.multipliedBy(2).compareTo(settings.reconnectMax()) > 0 ? settings.reconnectMax() : backoff.multipliedBy(2);
        }
        if (first) {
            String reason = "the event stream of LXD at " + client.server() + " was lost: " + why;
            LOG.warn("{}", reason);
            submit(() -> listener.onEvent(new BackendEvent.Disconnected(reason)));
        }
        try {
            worker.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            LOG.debug("not reopening the events of {}: the backend is closing", name);
        }
    }

    private void handle(String text) {
        JsonNode event;
        try {
            event = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            LOG.warn("LXD at {} sent an event that is not JSON; ignored", client.server());
            return;
        }
        JsonNode metadata = event.path("metadata");
        String source = metadata.path("source").asText();
        if (!source.startsWith(INSTANCES)) {
            return;
        }
        String instance = source.substring(INSTANCES.length());
        if (instance.contains("/")) {
            instance = instance.substring(0, instance.indexOf('/'));
        }
        instance = URLDecoder.decode(instance, StandardCharsets.UTF_8);
        String action = metadata.path("action").asText();
        if (action.equals("instance-deleted")) {
            listener.onEvent(new BackendEvent.Removed(instance));
            return;
        }
        if (action.equals("instance-renamed")) {
            String old = metadata.path("context").path("old_name").asText();
            if (!old.isEmpty()) {
                listener.onEvent(new BackendEvent.Removed(old));
            }
        }
        try {
            Optional<Instance> now = snapshots.after(instance, action, event.path("location").asText(""));
            listener.onEvent(now.<BackendEvent>map(BackendEvent.Changed::new).orElse(new BackendEvent.Removed(instance)));
        } catch (InstanceConsoleException e) {
            LOG.warn("after {} of '{}' on {}: {}", action, instance, name, e.getMessage());
        }
    }

    private void submit(Runnable task) {
        try {
            worker.execute(task);
        } catch (RejectedExecutionException closing) {
            LOG.debug("an event of {} arrived while the backend closes; dropped", name);
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            if (socket != null) {
                socket.cancel();
            }
        }
        firstAttempt.countDown();
    }
}
