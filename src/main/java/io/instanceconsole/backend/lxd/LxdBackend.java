package io.instanceconsole.backend.lxd;

import com.fasterxml.jackson.databind.JsonNode;
import io.instanceconsole.backend.BackendListener;
import io.instanceconsole.backend.Capabilities;
import io.instanceconsole.backend.ComputeBackend;
import io.instanceconsole.concurrent.ConsoleThreads;
import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.InstanceStats;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.domain.NotFoundException;
import io.instanceconsole.domain.UnavailableException;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

import static java.util.Objects.requireNonNull;

/**
 * The LXD adapter (and Incus's, whose {@code /1.0} API is the same): the system containers of one project of an LXD
 * server or cluster, each with the cluster member that runs it as its location. Pause is LXD's freeze, resume its
 * unfreeze; every action is an asynchronous operation that this adapter waits on ({@link LxdSettings#operationTimeout}).
 * Live state comes from the {@code /1.0/events} websocket ({@link LxdEvents}). Thread-safe.
 *
 * <p>In a cluster, the instances of a member that does not answer or is not {@code Online} keep their last known
 * state, with a reason that names the member and its health from {@code /1.0/cluster/members}
 * ({@link Instance#isLastKnown()}).
 *
 * <p>LXD's virtual machines are not listed: the console shows them as neither container nor VM today.
 */
public final class LxdBackend implements ComputeBackend {
    /** Where junixsocket unpacks its native library (by default {@code java.io.tmpdir}). */
    private static final String NATIVE_LIBRARY_DIRECTORY = "org.newsclub.net.unix.library.tmpdir";

    private final Connection connection;
    private final LxdClient client;
    private final LxdSettings settings;
    private final Clock clock;
    private final ExecutorService dispatch;
    private final ScheduledExecutorService worker;
    /** The last snapshot of each instance, which lifecycle events update without asking the server. */
    private final Map<String, Instance> lastSeen = new ConcurrentHashMap<>();
    /** Per instance, when its CPU use was last read and LXD's figure then (ns of CPU time). */
    private final Map<String, long[]> cpuSamples = new ConcurrentHashMap<>();
    private volatile boolean clustered;
    private volatile boolean closed;

    private LxdBackend(Connection connection, LxdClient client, LxdSettings settings, Clock clock,
                       ExecutorService dispatch, ScheduledExecutorService worker) {
        this.connection = connection;
        this.client = client;
        this.settings = settings;
        this.clock = clock;
        this.dispatch = dispatch;
        this.worker = worker;
    }

    /**
     * Opens the connection and proves that it reaches an LXD server that trusts the console and has the project:
     * fails with one line naming the URI otherwise ({@code UntrustedHostKeyException} for a server certificate the
     * user has not trusted yet).
     */
    public static LxdBackend open(Connection connection, Path dataDirectory, ConsoleThreads threads, LxdSettings settings,
                                  Clock clock) {
        LxdEndpoint endpoint = endpointOf(connection);
        ExecutorService dispatch = threads.handOff("ic-lxd-http-" + connection.name(), 64, ConsoleThreads.Priority.NORMAL);
        ScheduledExecutorService worker = threads.timer("ic-lxd-" + connection.name(), 10_000, ConsoleThreads.Priority.NORMAL);
        LxdClient client = null;
        try {
            if (endpoint.isUnix()) {
                keepNativeLibraryIn(dataDirectory);
            }
            ClientIdentity identity = endpoint.isUnix() ? null : ClientIdentity.of(dataDirectory);
            client = LxdClient.create(endpoint, identity, new ServerCertificates(dataDirectory), null, settings, dispatch);
            LxdBackend backend = new LxdBackend(connection, client, settings, clock, dispatch, worker);
            backend.proveServer();
            return backend;
        } catch (RuntimeException e) {
            if (client != null) {
                client.close();
            }
            dispatch.shutdownNow();
            worker.shutdownNow();
            throw e;
        }
    }

    /**
     * junixsocket unpacks its native library before the first unix socket: into the data directory, as nothing of the
     * console is written outside it, unless the user named a directory with {@code -Dorg.newsclub.net.unix.library.tmpdir}.
     */
    private static synchronized void keepNativeLibraryIn(Path dataDirectory) {
        if (System.getProperty(NATIVE_LIBRARY_DIRECTORY) != null) {
            return;
        }
        Path directory = dataDirectory.resolve("native");
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UnavailableException("cannot create " + directory + " for the unix socket library: " + e.getMessage(), e);
        }
        System.setProperty(NATIVE_LIBRARY_DIRECTORY, directory.toString());
    }

    static LxdEndpoint endpointOf(Connection connection) {
        try {
            return LxdEndpoint.parse(connection.uri());
        } catch (IllegalArgumentException e) {
            throw new UnavailableException("connection '" + connection.name() + "': " + e.getMessage(), e);
        }
    }

    private void proveServer() {
        JsonNode server = client.get("/1.0", "connecting");
        if (!server.has("api_version")) {
            throw new UnavailableException(client.server() + " is not an LXD endpoint: its /1.0 has no api_version");
        }
        clustered = server.path("environment").path("server_clustered").asBoolean(false);
        if (!"trusted".equals(server.path("auth").asText())) {
            throw new UnavailableException("LXD at " + client.server() + " does not trust this console's certificate;"
                    + " add the connection again with --token from `lxc config trust add`");
        }
        try {
            client.get("/1.0/projects/" + encode(client.endpoint().project()), "project");
        } catch (NotFoundException e) {
            throw new UnavailableException("LXD at " + client.server() + " has no project '" + client.endpoint().project() + "'");
        }
    }

    @Override
    public BackendKind kind() {
        return BackendKind.LXD;
    }

    @Override
    public void ping() {
        client.get("/1.0", "checking the server");
    }

    @Override
    public Optional<String> engineIdentity() {
        JsonNode environment = client.get("/1.0", "asking who the server is").path("environment");
        String fingerprint = environment.path("certificate_fingerprint").asText();
        return fingerprint.isEmpty() ? Optional.empty() : Optional.of("lxd:" + fingerprint + "/" + client.endpoint().project());
    }

    @Override
    public List<Instance> list() {
        JsonNode all = client.get("/1.0/instances?recursion=1", "listing the instances");
        Map<String, String> unwell = unwellMembers();
        Instant now = clock.instant();
        List<Instance> result = new ArrayList<>();
        for (JsonNode node : all) {
            // an instance of a member that does not answer is listed without its type (a container or a VM)
            String type = node.path("type").asText("container");
            if (type.equals("container") || type.isEmpty()) {
                result.add(lastKnownIfMemberSilent(node, now, unwell));
            }
        }
        result.addAll(keptFromSilentMembers(result, unwell));
        lastSeen.keySet().retainAll(result.stream().map(Instance::id).toList());
        cpuSamples.keySet().retainAll(lastSeen.keySet());
        return result;
    }

    @Override
    public Instance inspect(String instanceId) {
        requireNonNull(instanceId, "instanceId was not specified");
        try {
            return lastKnownIfMemberSilent(client.get(instancePath(instanceId), "inspect of " + described(instanceId)),
                    clock.instant(), Map.of());
        } catch (NotFoundException e) {
            lastSeen.remove(instanceId);
            throw new NotFoundException("instance '" + instanceId + "' does not exist on LXD at " + client.server()
                    + " (project " + client.endpoint().project() + ")", e);
        }
    }

    /**
     * Memory in use and CPU use since the last sample, from {@code /1.0/instances/NAME/state} (LXD reports no memory
     * limit there, so none is shown); the first sample of an instance has no CPU figure yet.
     */
    @Override
    public InstanceStats stats(String instanceId) {
        requireNonNull(instanceId, "instanceId was not specified");
        JsonNode state = client.get(instancePath(instanceId) + "/state", "resource use of " + described(instanceId));
        long now = System.nanoTime();
        long cpuTime = state.path("cpu").path("usage").asLong(-1);
        long[] previous = cpuSamples.put(instanceId, new long[]{now, cpuTime});
        double cpu = -1;
        if (previous != null && now > previous[0] && previous[1] >= 0 && cpuTime >= previous[1]) {
            cpu = (double) (cpuTime - previous[1]) / (now - previous[0]) * 100.0;
        }
        return new InstanceStats(cpu, state.path("memory").path("usage").asLong(0), 0);
    }

    @Override
    public void perform(Action action, String instanceId) {
        requireNonNull(action, "action was not specified");
        requireNonNull(instanceId, "instanceId was not specified");
        String what = action.label().toLowerCase() + " of " + described(instanceId);
        int stopSeconds = (int) settings.stopTimeout().toSeconds();
        switch (action) {
            case PAUSE -> changeState(instanceId, Map.of("action", "freeze"), what);
            case RESUME -> changeState(instanceId, Map.of("action", "unfreeze"), what);
            case START -> changeState(instanceId, Map.of("action", "start"), what);
            case STOP -> changeState(instanceId, Map.of("action", "stop", "timeout", stopSeconds), what);
            case FORCE_STOP -> changeState(instanceId, Map.of("action", "stop", "force", true), what);
            case RESTART -> changeState(instanceId, Map.of("action", "restart", "timeout", stopSeconds), what);
            case DELETE -> {
                client.perform("DELETE", instancePath(instanceId), null, what);
                lastSeen.remove(instanceId);
            }
        }
    }

    private void changeState(String instanceId, Map<String, ?> body, String what) {
        client.perform("PUT", instancePath(instanceId) + "/state", body, what);
    }

    @Override
    public Capabilities capabilities() {
        return Capabilities.all();
    }

    @Override
    public Subscription subscribe(BackendListener listener) {
        LxdEvents events = new LxdEvents(client, worker, this::afterLifecycle, listener, settings, connection.name());
        events.start();
        return events;
    }

    /** What a lifecycle event of an instance makes of its row: from the last snapshot when the event says it all. */
    Optional<Instance> afterLifecycle(String instanceId, String action, String location) {
        Optional<InstanceStatus> status = LxdStates.afterLifecycle(action);
        Instance known = lastSeen.get(instanceId);
        if (status.isPresent() && known != null) {
            Instance changed = new Instance(known.key(), known.name(), known.kind(), known.image(), status.get(), "",
                    known.created(), clock.instant(), location.isEmpty() ? known.location() : location);
            lastSeen.put(instanceId, changed);
            return Optional.of(changed);
        }
        try {
            return Optional.of(inspect(instanceId));
        } catch (NotFoundException gone) {
            return Optional.empty();
        }
    }

    /**
     * A cluster leaves the instances of a member that stopped answering out of its listing after a while: each one
     * known before and missing now is asked for by name, and kept with its last state when its member does not answer
     * (only a "not found" removes it).
     */
    private List<Instance> keptFromSilentMembers(List<Instance> listed, Map<String, String> unwell) {
        List<String> present = listed.stream().map(Instance::id).toList();
        List<Instance> kept = new ArrayList<>();
        for (Instance prior : List.copyOf(lastSeen.values())) {
            if (prior.location().isEmpty() || present.contains(prior.id())) {
                continue;
            }
            if (unwell.containsKey(prior.location())) {
                // asking a member LXD calls offline takes LXD's own ~10 s per instance to fail
                kept.add(stale(prior, unwell));
                continue;
            }
            try {
                kept.add(inspect(prior.id()));
            } catch (NotFoundException gone) {
                lastSeen.remove(prior.id());
            } catch (LxdOperationException | UnavailableException silent) {
                kept.add(stale(prior, unwell));
            }
        }
        return kept;
    }

    /**
     * The cluster's members that are not {@code Online} ({@code Offline}, {@code Evacuated}, …), each with what LXD
     * says of it; none for a server that is not clustered, or when the cluster cannot say.
     */
    private Map<String, String> unwellMembers() {
        if (!clustered) {
            return Map.of();
        }
        JsonNode members;
        try {
            members = client.get("/1.0/cluster/members?recursion=1", "listing the cluster's members");
        } catch (LxdOperationException | UnavailableException | NotFoundException unknown) {
            return Map.of();
        }
        Map<String, String> unwell = new HashMap<>();
        for (JsonNode member : members) {
            String status = member.path("status").asText("");
            if (!status.equals("Online")) {
                unwell.put(member.path("server_name").asText(), LxdStates.memberHealth(status, member.path("message").asText("")));
            }
        }
        return unwell;
    }

    private static Instance stale(Instance prior, Map<String, String> unwell) {
        return new Instance(prior.key(), prior.name(), prior.kind(), prior.image(), prior.status(),
                Instance.LAST_KNOWN + silentMember(prior.location(), unwell), prior.created(), prior.lastSeen(),
                prior.location());
    }

    private static String silentMember(String member, Map<String, String> unwell) {
        return unwell.containsKey(member) ? "member " + member + " is " + unwell.get(member)
                : "member " + member + " does not answer";
    }

    /**
     * An instance of a cluster member that does not answer is listed by the other members as {@code Error}, whatever it
     * is doing: its last snapshot is kept, with the time it was seen and a reason that says so, rather than a made-up
     * error; one this console has not seen yet (it started while the member was down) is unknown, for the same reason.
     */
    private Instance lastKnownIfMemberSilent(JsonNode node, Instant now, Map<String, String> unwell) {
        String name = node.path("name").asText();
        Instance prior = lastSeen.get(name);
        String location = memberOf(node);
        boolean silent = !location.isEmpty() && ("Error".equals(node.path("status").asText()) || unwell.containsKey(location));
        if (!silent || (prior != null && prior.status() == InstanceStatus.ERROR)) {
            return toInstance(node, now);
        }
        if (prior == null) {
            return new Instance(new InstanceKey(connection.id(), name), name, BackendKind.LXD, "", InstanceStatus.UNKNOWN,
                    Instance.LAST_KNOWN + silentMember(location, unwell), null, now, location);
        }
        return stale(prior, unwell);
    }

    private Instance toInstance(JsonNode node, Instant now) {
        String name = node.path("name").asText();
        String status = node.path("status").asText();
        JsonNode config = node.path("config");
        String image = config.path("image.description").asText(config.path("image.os").asText(""));
        Instance instance = new Instance(new InstanceKey(connection.id(), name), name, BackendKind.LXD, image,
                LxdStates.of(status), LxdStates.reason(status), created(node.path("created_at").asText()), now,
                memberOf(node));
        lastSeen.put(name, instance);
        return instance;
    }

    /** The cluster member that runs an instance; empty for a server that is not clustered (LXD says "none"). */
    private static String memberOf(JsonNode node) {
        String location = node.path("location").asText("");
        return location.equals("none") ? "" : location;
    }

    private static Instant created(String text) {
        try {
            return text.isEmpty() || text.startsWith("0001-") ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private String described(String instanceId) {
        return "'" + instanceId + "' on " + connection.name();
    }

    private static String instancePath(String instanceId) {
        return "/1.0/instances/" + encode(instanceId);
    }

    private static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        client.close();
        worker.shutdownNow();
        dispatch.shutdownNow();
    }
}
