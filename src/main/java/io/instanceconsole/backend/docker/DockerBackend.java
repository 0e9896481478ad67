package io.instanceconsole.backend.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.core.RemoteApiVersion;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.instanceconsole.backend.BackendListener;
import io.instanceconsole.backend.Capabilities;
import io.instanceconsole.backend.ComputeBackend;
import io.instanceconsole.backend.ssh.SshEnvironment;
import io.instanceconsole.concurrent.ConsoleThreads;
import io.instanceconsole.backend.ssh.SshTunnel;
import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.ConflictException;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceConsoleException;
import io.instanceconsole.domain.InstanceFacts;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.InstanceStats;
import io.instanceconsole.domain.LogListener;
import io.instanceconsole.domain.NotFoundException;
import io.instanceconsole.domain.UnavailableException;
import io.instanceconsole.domain.UntrustedHostKeyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import static java.util.Objects.requireNonNull;

/**
 * Adapter to one Docker Engine through docker-java with the Apache httpclient5 transport, API version pinned to
 * 1.41 (Docker 20.10). Lists every container (running, paused, exited...), performs the lifecycle actions, and
 * streams container events. Thread-safe: calls may be made concurrently from the service executor.
 *
 * <p>Podman's Docker-compatible socket ({@code podman system service}) works the same; its instances say
 * {@link BackendKind#PODMAN}, from the engine's version answer.
 *
 * <p>Errors: 404 → {@link NotFoundException}; 409, 304, Podman's 500 "container state improper" and other refusals →
 * {@link ConflictException}; I/O failures and other 5xx → {@link UnavailableException}. Docker 20.10 answers 500 to unpausing a running container, so after a 500
 * the container's real state is read: if the action was not allowed from it, the answer is a Conflict (which does not
 * count against the circuit breaker). Every message names the container and the host.
 *
 * <p>The clients and the proof that an engine answers come from {@link DockerClientFactory}; the backend's one worker
 * thread from {@link ConsoleThreads}. See docs/decisions/0005-docker-adapter.md.
 */
public final class DockerBackend implements ComputeBackend {
    private static final Logger LOG = LoggerFactory.getLogger(DockerBackend.class);
    /** Pinned: docker-java does not negotiate, and 1.41 is what Docker 20.10 (Debian's docker.io) speaks. */
    static final RemoteApiVersion API_VERSION = RemoteApiVersion.VERSION_1_41;

    private final Connection connection;
    private final DockerEndpoint endpoint;
    private final DockerSettings settings;
    private final Clock clock;
    private final String where;
    /** The engine that answered at open: Docker, or Podman through its Docker-compatible socket; its instances' kind. */
    private final BackendKind engine;
    private final DockerClient calls;
    private final DockerClient events;
    private final ScheduledExecutorService worker;
    /** The ssh session every request of an {@code ssh://} connection goes through; null for other endpoints. */
    private final SshTunnel tunnel;
    /**
     * The last snapshot seen of each container (listing, inspect, pause/unpause event), by id: messages name the
     * container even when only its id is at hand, and a pause/unpause event needs no inspect.
     */
    private final Map<String, Instance> lastSeen = new ConcurrentHashMap<>();
    private final Set<DockerEventStream> subscriptions = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private DockerBackend(Connection connection, DockerEndpoint endpoint, DockerSettings settings, Clock clock,
                          BackendKind engine, DockerClient calls, DockerClient events, ScheduledExecutorService worker,
                          SshTunnel tunnel) {
        this.connection = connection;
        this.endpoint = endpoint;
        this.settings = settings;
        this.clock = clock;
        this.where = describe(connection, endpoint);
        this.engine = engine;
        this.calls = calls;
        this.events = events;
        this.worker = worker;
        this.tunnel = tunnel;
    }

    /** The worker's waiting tasks at most: the event stream's coalesced inspects and retries, the open-time probe. */
    private static final int WORKER_TASKS = 10_000;

    /** Opens a local or TCP connection with the default timeouts and the console's threads (tests, tools). */
    public static DockerBackend open(Connection connection) {
        return open(connection, DockerSettings.defaults(), Clock.systemUTC(), new ConsoleThreads(), null);
    }

    /** Opens a connection of any kind with the default timeouts, ssh ones through {@code ssh}. */
    public static DockerBackend open(Connection connection, ConsoleThreads threads, SshEnvironment ssh) {
        return open(connection, DockerSettings.defaults(), Clock.systemUTC(), threads, ssh);
    }

    /** Opens a local or TCP connection with the console's threads (tests, tools). */
    public static DockerBackend open(Connection connection, DockerSettings settings, Clock clock) {
        return open(connection, settings, clock, new ConsoleThreads(), null);
    }

    /**
     * Validates the connection's URI and TLS directory, then proves that a Docker Engine answers there, all within
     * the connect timeout.
     *
     * @param threads where the backend's worker (the open-time probe, the event stream's inspects) comes from
     * @param ssh     how to run ssh for {@code ssh://} endpoints (null: such endpoints are refused)
     * @throws DockerEndpointException  the URI is not a Docker endpoint, a TLS file is missing, or what answers is not
     *                                  a Docker Engine speaking API 1.41 or newer
     * @throws UnavailableException     nothing answers at the URI (no socket, connection refused, no answer in time)
     * @throws UntrustedHostKeyException an ssh host's key is unknown or changed
     */
    public static DockerBackend open(Connection connection, DockerSettings settings, Clock clock,
                                     ConsoleThreads threads, SshEnvironment ssh) {
        requireNonNull(threads, "threads was not specified");
        requireNonNull(connection, "connection was not specified");
        requireNonNull(settings, "settings was not specified");
        requireNonNull(clock, "clock was not specified");
        if (connection.kind() != BackendKind.DOCKER) {
            throw new DockerEndpointException("connection '" + connection.name() + "' (" + connection.uri() + ") is a "
                    + connection.kind().label() + " connection, not a Docker one");
        }
        DockerEndpoint endpoint = DockerEndpoint.parse(connection.uri(), connection.tlsDir());
        endpoint.checkSocket();
        String where = describe(connection, endpoint);
        SshTunnel tunnel = null;
        DockerEndpoint reached = endpoint;
        if (endpoint.ssh().isPresent()) {
            if (ssh == null) {
                throw new DockerEndpointException(where + ": this console was started without ssh support");
            }
            tunnel = SshTunnel.open(ssh.withConnectTimeout(settings.connectTimeout()), endpoint.ssh().get(),
                    endpoint.remoteSocket());
            reached = endpoint.through(tunnel.localSocket());
        }
        DockerTls tls = endpoint.usesTls() ? DockerTls.load(endpoint, clock) : null;
        ScheduledExecutorService worker = threads.timer("ic-docker-" + connection.name(), WORKER_TASKS,
                ConsoleThreads.Priority.NORMAL);
        try {
            DockerClientFactory.Clients clients;
            try {
                clients = new DockerClientFactory(reached, tls, settings, where).connect(worker);
            } catch (UnavailableException e) {
                throw tunnel == null ? e : tunnel.diagnosis().<RuntimeException>map(d -> new UnavailableException(
                        where + ": " + d, e)).orElse(e);
            }
            return new DockerBackend(connection, endpoint, settings, clock, clients.engine(), clients.calls(),
                    clients.events(), worker, tunnel);
        } catch (RuntimeException e) {
            worker.shutdownNow();
            if (tunnel != null) {
                tunnel.close();
            }
            throw e;
        }
    }

    @Override
    public Optional<String> engineIdentity() {
        reopenSshIfEnded();
        try {
            String id = calls.infoCmd().exec().getId();
            return id == null || id.isBlank() ? Optional.empty() : Optional.of("docker engine " + id);
        } catch (RuntimeException e) {
            throw translate(e, "reading the engine's ID");
        }
    }

    @Override
    public BackendKind kind() {
        return BackendKind.DOCKER;
    }

    /** The engine that answered: {@link BackendKind#DOCKER}, or {@link BackendKind#PODMAN} for Podman's socket. */
    public BackendKind engine() {
        return engine;
    }

    /** The endpoint this backend talks to. */
    public DockerEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public void ping() {
        reopenSshIfEnded();
        try {
            calls.pingCmd().exec();
        } catch (RuntimeException e) {
            throw translate(e, "checking that the engine answers");
        }
    }

    /** One sample from the engine's stats (no stream): CPU from the engine's own previous sample, memory in use. */
    @Override
    public InstanceStats stats(String instanceId) {
        requireNonNull(instanceId, "instanceId was not specified");
        AtomicReference<Statistics> sample =
                new AtomicReference<>();
        reopenSshIfEnded();
        try (ResultCallback.Adapter<Statistics> callback =
                     new ResultCallback.Adapter<>() {
                         @Override
                         public void onNext(Statistics statistics) {
                             sample.compareAndSet(null, statistics);
                         }
                     }) {
            calls.statsCmd(instanceId).withNoStream(true).exec(callback).awaitCompletion(10, TimeUnit.SECONDS);
            if (sample.get() == null) {
                throw new UnavailableException("engine " + where + " sent no statistics for " + instanceId);
            }
            return DockerStates.statsOf(sample.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while reading statistics from " + where, e);
        } catch (IOException e) {
            throw new UnavailableException("statistics from " + where + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw translate(e, "reading the statistics of " + instanceId);
        }
    }

    @Override
    public List<Instance> list() {
        List<Container> containers;
        reopenSshIfEnded();
        try {
            containers = calls.listContainersCmd().withShowAll(true).exec();
        } catch (RuntimeException e) {
            throw translate(e, "listing the containers");
        }
        Instant now = clock.instant();
        List<Instance> result = new ArrayList<>(containers.size());
        for (Container c : containers) {
            String name = c.getNames() == null || c.getNames().length == 0 ? shortId(c.getId()) : stripSlash(c.getNames()[0]);
            DockerStates.Observed observed = DockerStates.fromListing(c.getState(), c.getStatus());
            Instant created = c.getCreated() == null ? null : Instant.ofEpochSecond(c.getCreated());
            result.add(seen(new Instance(new InstanceKey(connection.id(), c.getId()), name, engine,
                    c.getImage(), observed.status(), observed.reason(), created, now)));
        }
        Set<String> listed = new HashSet<>(result.size());
        result.forEach(i -> listed.add(i.id()));
        lastSeen.keySet().retainAll(listed);
        return result;
    }

    @Override
    public Instance inspect(String instanceId) {
        requireNonNull(instanceId, "instanceId was not specified");
        InspectContainerResponse r;
        reopenSshIfEnded();
        try {
            r = calls.inspectContainerCmd(instanceId).exec();
        } catch (RuntimeException e) {
            RuntimeException translated = translate(e, "inspect of " + container(instanceId));
            if (translated instanceof NotFoundException) {
                lastSeen.remove(instanceId);
            }
            throw translated;
        }
        return toInstance(r);
    }

    /** The container's inspect, and its image's repository digests when the image is still there. */
    @Override
    public InstanceFacts facts(String instanceId) {
        InspectContainerResponse r = inspectForFacts(instanceId);
        List<String> digests;
        try {
            List<String> repoDigests = calls.inspectImageCmd(r.getImageId()).exec().getRepoDigests();
            digests = repoDigests == null ? List.of() : repoDigests;
        } catch (RuntimeException imageGone) {
            // the image was removed under a container that still uses it; the facts still name it
            digests = List.of();
        }
        return DockerFacts.of(new InstanceKey(connection.id(), r.getId()), r, digests, clock.instant());
    }

    @Override
    public String environmentValue(String instanceId, String name) {
        requireNonNull(name, "name was not specified");
        return DockerFacts.environmentValue(inspectForFacts(instanceId), name).orElseThrow(() ->
                new NotFoundException(container(instanceId) + " on " + where + " has no environment variable " + name));
    }

    /**
     * {@code docker logs --tail N [--follow] --timestamps}, stdout and stderr apart, on the client without a response
     * timeout (a followed log may be quiet for hours). Returns once the engine answered the request.
     */
    @Override
    public Subscription followLog(String instanceId, int tail, boolean follow, LogListener listener) {
        requireNonNull(instanceId, "instanceId was not specified");
        requireNonNull(listener, "listener was not specified");
        reopenSshIfEnded();
        DockerLogStream stream = new DockerLogStream(listener, container(instanceId) + " on " + where, follow);
        Optional<Throwable> refused;
        try {
            events.logContainerCmd(instanceId).withStdOut(true).withStdErr(true).withTimestamps(true)
                    .withTail(Math.max(0, tail)).withFollowStream(follow).exec(stream);
            refused = stream.awaitAnswer(30);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stream.stop();
            throw new UnavailableException("interrupted while asking " + where + " for the log of " + container(instanceId), e);
        } catch (RuntimeException e) {
            stream.stop();
            throw translate(e, "the log of " + container(instanceId));
        }
        if (refused.isPresent()) {
            stream.stop();
            Throwable error = refused.get();
            throw translate(error instanceof RuntimeException r ? r : new RuntimeException(error.getMessage(), error),
                    "the log of " + container(instanceId));
        }
        return stream::stop;
    }

    private InspectContainerResponse inspectForFacts(String instanceId) {
        requireNonNull(instanceId, "instanceId was not specified");
        reopenSshIfEnded();
        try {
            return calls.inspectContainerCmd(instanceId).exec();
        } catch (RuntimeException e) {
            throw translate(e, "inspect of " + container(instanceId));
        }
    }

    @Override
    public void perform(Action action, String instanceId) {
        requireNonNull(action, "action was not specified");
        requireNonNull(instanceId, "instanceId was not specified");
        reopenSshIfEnded();
        try {
            send(action, instanceId);
        } catch (DockerException e) {
            if (e.getHttpStatus() >= 500 && !DockerErrors.isWrongStateOnPodman(e)) {
                throw afterServerError(action, instanceId, e);
            }
            throw translate(e, verb(action) + " of " + container(instanceId));
        } catch (RuntimeException e) {
            throw translate(e, verb(action) + " of " + container(instanceId));
        }
        if (action == Action.DELETE) {
            lastSeen.remove(instanceId);
        }
    }

    private void send(Action action, String id) {
        int grace = (int) Math.max(0, settings.stopTimeout().toSeconds());
        switch (action) {
            case PAUSE -> calls.pauseContainerCmd(id).exec();
            case RESUME -> calls.unpauseContainerCmd(id).exec();
            case START -> calls.startContainerCmd(id).exec();
            case STOP -> calls.stopContainerCmd(id).withTimeout(grace).exec();
            case FORCE_STOP -> calls.killContainerCmd(id).exec();
            case RESTART -> calls.restartContainerCmd(id).withTimeout(grace).exec();
            // not forced: removing a running container is refused (409), as the allowed-from table says
            case DELETE -> calls.removeContainerCmd(id).exec();
        }
    }

    /**
     * Docker 20.10 answers 500 (not 409) when unpausing a running container. Read the real state: when the action
     * is not allowed from it, that is a Conflict; otherwise the engine really failed.
     */
    private RuntimeException afterServerError(Action action, String id, DockerException error) {
        String what = verb(action) + " of " + container(id);
        String said = DockerErrors.engineMessage(error);
        Instance now;
        try {
            now = inspect(id);
        } catch (NotFoundException gone) {
            return new NotFoundException(what + " failed: no such container on " + where + " (Docker: " + said + ")", error);
        } catch (RuntimeException inspectFailed) {
            return new UnavailableException(what + " failed: " + where + " answered HTTP " + error.getHttpStatus()
                    + " (" + said + "), and its state could not be read: " + inspectFailed.getMessage(), error);
        }
        if (!action.isAllowedFrom(now.status())) {
            return new ConflictException(what + " refused by " + where + ": it is " + now.status().key()
                    + " (Docker: " + said + ")", error);
        }
        return new UnavailableException(what + " failed: " + where + " answered HTTP " + error.getHttpStatus() + ": "
                + said, error);
    }

    @Override
    public Capabilities capabilities() {
        return Capabilities.all();
    }

    @Override
    public Subscription subscribe(BackendListener listener) {
        requireNonNull(listener, "listener was not specified");
        if (closed) {
            throw new UnavailableException("connection to " + where + " is closed");
        }
        DockerEventStream stream = new DockerEventStream(events, worker, new DockerEventStream.Snapshots() {
            @Override
            public Instance inspect(String id) {
                return DockerBackend.this.inspect(id);
            }

            @Override
            public Optional<Instance> afterStateEvent(String id, String word) {
                Instance before = lastSeen.get(id);
                return before == null ? Optional.empty() : DockerStates.fromStateEvent(word)
                        .map(state -> seen(before.withStatus(state.status(), state.reason(), clock.instant())));
            }
        }, listener, where, settings);
        subscriptions.add(stream);
        stream.start(settings.connectTimeout());
        return () -> {
            subscriptions.remove(stream);
            stream.close();
        };
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        subscriptions.forEach(DockerEventStream::close);
        subscriptions.clear();
        worker.shutdownNow();
        DockerClientFactory.closeQuietly(events);
        DockerClientFactory.closeQuietly(calls);
        if (tunnel != null) {
            tunnel.close();
        }
    }

    @Override
    public String toString() {
        return "DockerBackend[" + where + "]";
    }

    private Instance toInstance(InspectContainerResponse r) {
        String name = r.getName() == null || r.getName().isBlank() ? shortId(r.getId()) : stripSlash(r.getName());
        InspectContainerResponse.ContainerState state = r.getState();
        DockerStates.Observed observed = state == null
                ? DockerStates.fromInspect(null, null, false, null)
                : DockerStates.fromInspect(state.getStatus(), state.getExitCodeLong(),
                Boolean.TRUE.equals(state.getOOMKilled()), state.getError());
        String image = r.getConfig() != null && r.getConfig().getImage() != null ? r.getConfig().getImage() : r.getImageId();
        return seen(new Instance(new InstanceKey(connection.id(), r.getId()), name, engine, image,
                observed.status(), observed.reason(), created(r.getCreated()), clock.instant()));
    }

    private Instance seen(Instance instance) {
        lastSeen.put(instance.id(), instance);
        return instance;
    }

    /**
     * Inspect says when to the nanosecond, a listing only to the second: both are cut to seconds, or every resync
     * would see a "change" in rows that events had just refreshed.
     */
    private static Instant created(String iso) {
        if (iso == null || iso.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(iso).truncatedTo(ChronoUnit.SECONDS);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private String container(String id) {
        Instance seen = lastSeen.get(id);
        return seen != null ? "'" + seen.name() + "'" : "container " + shortId(id);
    }

    private static String verb(Action action) {
        return action.label().toLowerCase(Locale.ROOT);
    }

    private static String stripSlash(String name) {
        return name.startsWith("/") ? name.substring(1) : name;
    }

    private static String shortId(String id) {
        return id == null ? "?" : id.length() > 12 ? id.substring(0, 12) : id;
    }

    /**
     * For an ssh connection whose session ended (a link cut for longer than ssh's keep-alives allow, a host that
     * rebooted): starts ssh again on the same local socket before the request, so the connection recovers once the host
     * is back (the heartbeat's ping, the breaker's trial call and every later call try it; one at a time). Fails with
     * {@link UnavailableException}, nothing sent, while the host is still away.
     */
    private void reopenSshIfEnded() {
        if (tunnel != null && !closed) {
            tunnel.ensureOpen();
        }
    }

    /**
     * A docker-java failure as a domain exception; for an ssh connection whose session ended or could not open the
     * remote socket, ssh's own reason replaces the bare I/O error.
     */
    private RuntimeException translate(RuntimeException e, String what) {
        RuntimeException translated = DockerErrors.translate(e, what, where);
        if (tunnel != null && translated instanceof UnavailableException) {
            return tunnel.diagnosis().<RuntimeException>map(d -> new UnavailableException(what + " on " + where + ": "
                    + d, e)).orElse(translated);
        }
        return translated;
    }

    private static String describe(Connection connection, DockerEndpoint endpoint) {
        return "Docker host '" + connection.name() + "' (" + endpoint + ")";
    }

}
