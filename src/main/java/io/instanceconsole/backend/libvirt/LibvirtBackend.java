package io.instanceconsole.backend.libvirt;

import io.instanceconsole.backend.BackendEvent;
import io.instanceconsole.backend.BackendListener;
import io.instanceconsole.backend.Capabilities;
import io.instanceconsole.backend.ComputeBackend;
import io.instanceconsole.backend.ssh.SshEnvironment;
import io.instanceconsole.backend.ssh.SshLauncher;
import io.instanceconsole.concurrent.ConsoleThreads;
import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceConsoleException;
import io.instanceconsole.domain.InstanceFacts;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.InstanceStats;
import io.instanceconsole.domain.LogListener;
import io.instanceconsole.domain.NotFoundException;
import io.instanceconsole.domain.UnavailableException;
import io.instanceconsole.domain.UnsupportedException;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * A libvirt connection as a {@link ComputeBackend}, on the libvirt Java binding (JNA). Works with any libvirt URI:
 * {@code qemu:///system}, {@code qemu:///session}, {@code qemu+ssh://user@host/system}, {@code test:///default},
 * {@code test:///abs/path/node.xml}. Instances are domains, identified by UUID. Thread-safe: libvirt connections
 * may be used from many threads at once.
 *
 * <p>Pause is {@code virDomainSuspend} (the guest's vCPUs stop, its memory stays); resume, start ({@code create}),
 * graceful stop ({@code shutdown}, waiting until the guest is off), force stop ({@code destroy}), restart
 * ({@code reboot}) and delete ({@code undefine}, which never deletes disks) map one to one.
 *
 * <p>A read-only {@link Connection} is opened with libvirt's own read-only flag, so libvirt itself refuses every
 * change even if the console had a bug. Live changes come from libvirt's lifecycle events (see
 * {@link LibvirtSession}); a lost daemon is reported as {@code Disconnected} and reconnected with backoff.
 */
public final class LibvirtBackend implements ComputeBackend {
    private static final Logger LOG = LoggerFactory.getLogger(LibvirtBackend.class);
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Duration STOP_POLL = Duration.ofMillis(200);

    private final Connection connection;
    private final String description;
    private final LibvirtSettings settings;
    private final Clock clock;
    private final DomainStateReader states = new DomainStateReader();
    private final List<BackendListener> listeners = new CopyOnWriteArrayList<>();
    private final String driver;
    private final LibvirtSession session;
    private final ConsoleThreads threads;
    private volatile Capabilities capabilities;

    private LibvirtBackend(Connection connection, Connect first, String libvirtUri, LibvirtSettings settings, Clock clock,
                           ConsoleThreads threads) {
        this.connection = connection;
        this.description = "'" + connection.name() + "' (" + connection.uri() + ")";
        this.settings = settings;
        this.clock = clock;
        this.threads = threads;
        this.driver = driverOf(first);
        this.capabilities = DriverCapabilities.of(driver);
        this.session = new LibvirtSession(first, libvirtUri, description, connection.readOnly(), settings,
                threads, this::onDomainEvent, this::emit);
    }

    /**
     * Opens a libvirt connection with the default settings on threads of its own; see
     * {@link #open(Connection, LibvirtSettings, Clock, ConsoleThreads)}.
     */
    public static LibvirtBackend open(Connection connection) {
        return open(connection, new ConsoleThreads());
    }

    /** Opens a libvirt connection with the default settings; see {@link #open(Connection, LibvirtSettings, Clock, ConsoleThreads)}. */
    public static LibvirtBackend open(Connection connection, ConsoleThreads threads) {
        return open(connection, LibvirtSettings.defaults(), Clock.systemUTC(), threads);
    }

    /** As {@link #open(Connection, LibvirtSettings, Clock, ConsoleThreads)}, on threads of its own. */
    public static LibvirtBackend open(Connection connection, LibvirtSettings settings, Clock clock) {
        return open(connection, settings, clock, new ConsoleThreads());
    }

    /**
     * Opens a connection with the default settings; a URI with an ssh transport runs ssh through the console's
     * launcher, so host keys are checked against the keys trusted through the console (and the user's known_hosts).
     *
     * @throws io.instanceconsole.domain.UntrustedHostKeyException the ssh host's key is unknown or changed
     */
    public static LibvirtBackend open(Connection connection, ConsoleThreads threads, SshEnvironment ssh) {
        if (!LibvirtUris.usesSsh(connection.uri())) {
            return open(connection, threads);
        }
        SshLauncher launcher = new SshLauncher(ssh.withConnectTimeout(LibvirtSettings.defaults().connectTimeout()));
        String uri = LibvirtUris.withSshCommand(connection.uri(),
                launcher.launcherFor(connection.uri(), connection.id()).toString());
        try {
            return open(connection, uri, LibvirtSettings.defaults(), Clock.systemUTC(), threads);
        } catch (UnavailableException e) {
            throw launcher.untrustedKey(connection.uri(), e.getMessage()).<RuntimeException>map(k -> k).orElse(e);
        }
    }

    /**
     * Opens the connection's URI, read-only in libvirt itself when the connection is read-only, within
     * {@link LibvirtSettings#connectTimeout()}.
     *
     * @throws InvalidConnectionException naming the URI when it is malformed or names a driver libvirt does not have
     * @throws UnavailableException naming the URI and the cause when the host cannot be
     *                                    reached: daemon not running, ssh refused or asking for a password, timeout
     */
    public static LibvirtBackend open(Connection connection, LibvirtSettings settings, Clock clock,
                                      ConsoleThreads threads) {
        return open(connection, connection.uri(), settings, clock, threads);
    }

    /** As above, handing libvirt {@code uri} (the connection's own, with parameters the console adds). */
    private static LibvirtBackend open(Connection connection, String uri, LibvirtSettings settings, Clock clock,
                                       ConsoleThreads threads) {
        requireNonNull(connection, "connection was not specified");
        requireNonNull(settings, "settings was not specified");
        requireNonNull(clock, "clock was not specified");
        requireNonNull(threads, "threads was not specified");
        String libvirtUri = LibvirtUris.forLibvirt(uri);
        LibvirtRuntime.ensureStarted(threads);
        Connect connect;
        try {
            connect = LibvirtRuntime.connect(libvirtUri, connection.readOnly(), settings.connectTimeout());
        } catch (LibvirtException e) {
            throw LibvirtErrors.translateOpen(e, connection.uri());
        }
        try {
            return new LibvirtBackend(connection, connect, libvirtUri, settings, clock, threads);
        } catch (RuntimeException e) {
            LibvirtRuntime.closeQuietly(connect);
            throw e;
        }
    }

    @Override
    public Optional<String> engineIdentity() {
        Connect c = session.current();
        try {
            Matcher uuid = Pattern.compile("<host>\\s*<uuid>([^<]+)</uuid>")
                    .matcher(c.getCapabilities());
            if (!uuid.find()) {
                return Optional.empty();
            }
            // qemu:///system and qemu:///session on one host are two engines: the driver's path tells them apart
            String path = URI.create(c.getURI()).getPath();
            return Optional.of("libvirt " + driver + " on host " + uuid.group(1) + (path == null ? "" : path));
        } catch (LibvirtException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public BackendKind kind() {
        return BackendKind.LIBVIRT;
    }

    /** libvirt's name for the driver behind this connection ({@code QEMU}, {@code Test}, ...). */
    public String driver() {
        return driver;
    }

    @Override
    public List<Instance> list() {
        Connect c = session.current();
        Domain[] domains;
        try {
            domains = c.listAllDomains(0);
        } catch (LibvirtException e) {
            throw LibvirtErrors.translate(e, "listing the domains of " + description);
        }
        Instant seen = clock.instant();
        List<Instance> result = new ArrayList<>(domains.length);
        for (Domain domain : domains) {
            try {
                result.add(toInstance(domain, seen));
            } catch (LibvirtException e) {
                // Undefined between the listing and the lookup: it is simply no longer there.
                if (!LibvirtErrors.isNoDomain(e)) {
                    throw LibvirtErrors.translate(e, "reading a domain of " + description);
                }
            }
        }
        return result;
    }

    /** One round trip to the daemon (its library version): the heartbeat's listing read every domain every 5 s. */
    @Override
    public void ping() {
        try {
            session.current().getLibVersion();
        } catch (LibvirtException e) {
            throw LibvirtErrors.translate(e, "reaching " + description);
        }
    }

    @Override
    public Instance inspect(String instanceId) {
        Domain domain = lookup(instanceId);
        try {
            return toInstance(domain, clock.instant());
        } catch (LibvirtException e) {
            throw LibvirtErrors.translate(e, "reading domain '" + instanceId + "' on " + description);
        }
    }

    /**
     * The domain's serial console, read only, from now on ({@link SerialConsole}): a console keeps no history, so
     * {@code tail} asks for nothing, and without {@code follow} there is nothing to print (said so).
     */
    @Override
    public Subscription followLog(String instanceId, int tail, boolean follow, LogListener listener) {
        requireNonNull(listener, "listener was not specified");
        if (!follow) {
            throw new UnsupportedException("a VM's serial console keeps no past lines; follow it to see new ones");
        }
        Domain domain = lookup(instanceId);
        String name = nameOf(domain, instanceId);
        try {
            return SerialConsole.open(session.current(), domain, name, threads, clock, listener);
        } catch (LibvirtException e) {
            throw LibvirtErrors.translate(e, "opening the serial console of '" + name + "' on " + description);
        }
    }

    /** The domain's XML description read with its state, balloon, persistence and autostart. */
    @Override
    public InstanceFacts facts(String instanceId) {
        Domain domain = lookup(instanceId);
        try {
            DomainInfo info = domain.getInfo();
            DomainState state = states.read(domain);
            String stateText = state.status().key() + (state.reasonText().isEmpty() ? "" : " (" + state.reasonText() + ")");
            LibvirtFacts.Runtime runtime = new LibvirtFacts.Runtime(stateText, info.nrVirtCpu, info.memory,
                    domain.isPersistent() == 1, domain.getAutostart());
            return LibvirtFacts.of(new InstanceKey(connection.id(), domain.getUUIDString()), domain.getXMLDesc(0),
                    runtime, clock.instant());
        } catch (LibvirtException e) {
            throw domainFailure(e, instanceId, "describing");
        }
    }

    /**
     * CPU from the change in the domain's CPU time since this console's previous sample of it (so the first sample
     * says "not known yet"), memory in use and its maximum, from {@code virDomainGetInfo}.
     */
    @Override
    public InstanceStats stats(String instanceId) {
        Domain domain = lookup(instanceId);
        try {
            DomainInfo info = domain.getInfo();
            long now = System.nanoTime();
            long[] previous = cpuSamples.put(instanceId, new long[]{now, info.cpuTime});
            double cpu = -1;
            if (previous != null && now > previous[0] && info.cpuTime >= previous[1]) {
                cpu = (double) (info.cpuTime - previous[1]) / (now - previous[0]) * 100.0;
            }
            return new InstanceStats(cpu, info.memory * 1024, info.maxMem * 1024);
        } catch (LibvirtException e) {
            throw LibvirtErrors.translate(e, "reading the resource use of '" + instanceId + "' on " + description);
        }
    }

    private final Map<String, long[]> cpuSamples = new ConcurrentHashMap<>();

    @Override
    public void perform(Action action, String instanceId) {
        requireNonNull(action, "action was not specified");
        Domain domain = lookup(instanceId);
        String name = nameOf(domain, instanceId);
        String what = verb(action) + " of '" + name + "' on " + description;
        try {
            switch (action) {
                case PAUSE -> domain.suspend();
                case RESUME -> resume(domain);
                case START -> domain.create();
                case STOP -> shutdownAndWait(domain, name);
                case FORCE_STOP -> domain.destroy();
                case RESTART -> domain.reboot(0);
                // Plain undefine: removes the definition only; disks and their storage volumes stay.
                case DELETE -> domain.undefine();
            }
        } catch (LibvirtException e) {
            if (LibvirtErrors.isUnsupported(e)) {
                // Learn it, so the button is disabled with the reason from now on.
                capabilities = capabilities.without(action, "libvirt's " + driver + " driver cannot "
                        + verb(action) + ": " + LibvirtErrors.message(e));
            }
            throw LibvirtErrors.translate(e, what);
        }
    }

    /** virDomainResume; a guest that suspended itself (PMSUSPENDED) is woken instead, which is what resume means there. */
    private void resume(Domain domain) throws LibvirtException {
        try {
            domain.resume();
        } catch (LibvirtException e) {
            if (LibvirtErrors.isWrongState(e) && states.read(domain).state() == DomainState.PMSUSPENDED) {
                domain.PMwakeup();
                return;
            }
            throw e;
        }
    }

    /**
     * virDomainShutdown only asks the guest; reporting success before the guest is off would be a lie, so this waits
     * (bounded) until libvirt reports it shut off or gone.
     */
    private void shutdownAndWait(Domain domain, String name) throws LibvirtException {
        domain.shutdown();
        long deadline = System.nanoTime() + settings.stopWait().toNanos();
        DomainState state;
        do {
            try {
                Thread.sleep(STOP_POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LibvirtOperationException("waiting for '" + name + "' on " + description
                        + " to shut down was interrupted; it may still be shutting down", e);
            }
            try {
                state = states.read(domain);
            } catch (LibvirtException e) {
                if (LibvirtErrors.isNoDomain(e)) {
                    return; // a transient domain disappears when it stops
                }
                throw e;
            }
            if (state.state() == DomainState.SHUTOFF) {
                return;
            }
        } while (System.nanoTime() < deadline);
        throw new LibvirtOperationException("'" + name + "' on " + description + " was asked to shut down but is still "
                + state.status().key() + " after " + settings.stopWait().toSeconds()
                + " s; the guest may ignore ACPI shutdown requests (use Force stop)");
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    @Override
    public Subscription subscribe(BackendListener listener) {
        listeners.add(requireNonNull(listener, "listener was not specified"));
        return () -> listeners.remove(listener);
    }

    /**
     * For a process about to exit, after every libvirt connection was closed: ends the process's libvirt event loop,
     * so that the JVM's exit does not wait for its thread (see {@code LibvirtRuntime.stopBeforeExit}).
     */
    public static void endEventLoopBeforeExit() {
        LibvirtRuntime.stopBeforeExit();
    }

    @Override
    public void close() {
        listeners.clear();
        session.close();
    }

    /** On the session's dispatch thread: reads the domain's current state and tells the listeners. */
    private void onDomainEvent(String uuid) {
        if (listeners.isEmpty()) {
            return;
        }
        BackendEvent event;
        try {
            event = new BackendEvent.Changed(toInstance(session.current().domainLookupByUUIDString(uuid), clock.instant()));
        } catch (LibvirtException e) {
            if (!LibvirtErrors.isNoDomain(e)) {
                LOG.debug("cannot read domain {} on {} after an event: {}", uuid, description, LibvirtErrors.message(e));
                return;
            }
            event = new BackendEvent.Removed(uuid);
        } catch (RuntimeException e) {
            LOG.debug("cannot read domain {} on {} after an event: {}", uuid, description, e.getMessage());
            return;
        }
        emit(event);
    }

    private void emit(BackendEvent event) {
        for (BackendListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("a listener of {} failed on {}", description, event, e);
            }
        }
    }

    private Domain lookup(String instanceId) {
        requireNonNull(instanceId, "instanceId was not specified");
        Connect c = session.current();
        try {
            return UUID.matcher(instanceId).matches() ? c.domainLookupByUUIDString(instanceId)
                    : c.domainLookupByName(instanceId);
        } catch (LibvirtException e) {
            throw domainFailure(e, instanceId, "looking up");
        }
    }

    /** Not found, naming the domain, when it is not there; else as {@link LibvirtErrors#translate} says. */
    private InstanceConsoleException domainFailure(LibvirtException e, String instanceId, String doing) {
        if (LibvirtErrors.isNoDomain(e)) {
            return new NotFoundException("no domain '" + instanceId + "' on " + description, e);
        }
        return LibvirtErrors.translate(e, doing + " domain '" + instanceId + "' on " + description);
    }

    private Instance toInstance(Domain domain, Instant seen) throws LibvirtException {
        DomainState state = states.read(domain);
        return new Instance(new InstanceKey(connection.id(), domain.getUUIDString()), domain.getName(),
                BackendKind.LIBVIRT, "", state.status(), state.reasonText(), null, seen);
    }

    private static String nameOf(Domain domain, String fallback) {
        try {
            return domain.getName();
        } catch (LibvirtException e) {
            return fallback;
        }
    }

    private static String driverOf(Connect connect) {
        try {
            return connect.getType();
        } catch (LibvirtException e) {
            return "unknown";
        }
    }

    private static String verb(Action action) {
        return action.label().toLowerCase(Locale.ROOT);
    }
}
