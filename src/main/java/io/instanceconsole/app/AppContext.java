package io.instanceconsole.app;

import io.instanceconsole.backend.docker.DockerBackend;
import io.instanceconsole.backend.docker.DockerSettings;
import io.instanceconsole.backend.libvirt.LibvirtBackend;
import io.instanceconsole.backend.lxd.LxdBackend;
import io.instanceconsole.backend.lxd.LxdSettings;
import io.instanceconsole.backend.lxd.LxdTrust;
import io.instanceconsole.backend.ssh.HostTrust;
import io.instanceconsole.backend.ssh.SshEnvironment;
import io.instanceconsole.concurrent.ConsoleThreads;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.service.AuditTrail;
import io.instanceconsole.service.ConnectionManager;
import io.instanceconsole.service.ConnectionRegistry;
import io.instanceconsole.service.HostKeyTrust;
import io.instanceconsole.service.KnownInstances;
import io.instanceconsole.service.LifecycleService;
import io.instanceconsole.service.Preferences;
import io.instanceconsole.service.Reconciler;
import io.instanceconsole.store.ConnectionRepository;
import io.instanceconsole.store.DataDirectory;
import io.instanceconsole.store.Database;
import io.instanceconsole.store.SpaceReclaimer;
import io.instanceconsole.store.StoreJournal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The composition root: opens the store and builds the {@link ServiceGraph} over it with the real backends, for the
 * GUI and the CLI alike. Nothing else creates services, and nothing holds them in statics.
 */
public final class AppContext implements AutoCloseable {

    private final DataDirectory dataDirectory;
    private final Database database;
    private final ServiceGraph services;
    private final SshEnvironment ssh;
    private final HostKeyTrust hostKeys;
    private ScheduledFuture<?> reclaiming;
    private boolean closed;
    /** Whether this start found no connection and seeded the first ones (the GUI then offers imports). */
    private boolean firstStart;
    /** How long instancectl, interrupted, waits for actions already sent to come back: a call's timeout is 30 s. */
    static final Duration FINISH_WORK_PATIENCE = Duration.ofSeconds(35);
    /**
     * How long closing waits for them: the window is gone and a new one waits for this process to leave, so not for
     * a hung host (an action still out is PENDING in the journal and settled from the host at the next start).
     */
    private static final Duration CLOSE_PATIENCE = Duration.ofSeconds(5);

    private AppContext(DataDirectory dataDirectory, Database database, Clock clock, String user,
                       Map<String, String> env) {
        this.dataDirectory = dataDirectory;
        this.database = database;
        ConsoleThreads threads = new ConsoleThreads();
        this.ssh = SshEnvironment.of(dataDirectory.path(), env, DockerSettings.defaults().connectTimeout());
        this.services = ServiceGraph.builder(database, dataDirectory).withThreads(threads).withClock(clock)
                .withUser(user)
                .withBackends(factory -> factory
                        .with(BackendKind.DOCKER, connection -> DockerBackend.open(connection, threads, ssh))
                        .with(BackendKind.LIBVIRT, connection -> LibvirtBackend.open(connection, threads, ssh))
                        .with(BackendKind.LXD, connection -> LxdBackend.open(connection, dataDirectory.path(), threads,
                                LxdSettings.defaults(), clock)))
                .build();
        this.hostKeys = new HostKeyTrust(new HostTrust(ssh), new LxdTrust(dataDirectory.path(), threads,
                LxdSettings.defaults()), services.connectionManager());
    }

    /**
     * Opens the data directory and the store. Fails with one {@code StoreException} naming the directory or file,
     * before anything else starts.
     */
    public static AppContext open(DataDirectory dataDirectory, Clock clock) {
        return open(dataDirectory, clock, System.getenv());
    }

    /** As {@link #open(DataDirectory, Clock)}, detecting first-start connections from the given environment. */
    public static AppContext open(DataDirectory dataDirectory, Clock clock, Map<String, String> env) {
        return open(dataDirectory, clock, env, true);
    }

    /**
     * As {@link #open(DataDirectory, Clock, Map)}; without {@code firstStartConnections}, a store without
     * connections stays without (instancectl creating a data directory to add one: the user asked for that one only).
     */
    static AppContext open(DataDirectory dataDirectory, Clock clock, Map<String, String> env,
                           boolean firstStartConnections) {
        return open(dataDirectory, clock, env, firstStartConnections, null);
    }

    /**
     * As {@link #open(DataDirectory, Clock, Map, boolean)}, giving the store at most {@code compactOnClose} to give
     * space back when this process closes it last (null: the store's default, the GUI's).
     */
    static AppContext open(DataDirectory dataDirectory, Clock clock, Map<String, String> env,
                           boolean firstStartConnections, Duration compactOnClose) {
        DataDirectory prepared = dataDirectory.prepare();
        Database database = compactOnClose == null ? Database.open(prepared) : Database.open(prepared, compactOnClose);
        CliPhases.ended("store");
        try {
            AppContext context = new AppContext(prepared, database, clock, System.getProperty("user.name", ""), env);
            if (firstStartConnections) {
                context.seedConnectionsOnFirstStart(env);
            }
            CliPhases.ended("services");
            return context;
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** On first start, offer what is installed locally, or the embedded simulator when nothing is. */
    private void seedConnectionsOnFirstStart(Map<String, String> env) {
        if (services.connections().findAll().isEmpty()) {
            firstStart = true;
            FirstStartDetection.detect(env).forEach(services.connections()::add);
        }
    }

    /**
     * Opens every enabled connection in the background and keeps trying the ones that fail, and keeps the store's
     * file from growing for as long as the console runs (the GUI).
     */
    public CompletableFuture<Void> connectAll() {
        synchronized (this) {
            if (reclaiming == null) {
                SpaceReclaimer reclaimer = new SpaceReclaimer(database);
                reclaiming = services.timer().scheduleWithFixedDelay(reclaimer::reclaim, RECLAIM_EVERY.toSeconds(),
                        RECLAIM_EVERY.toSeconds(), TimeUnit.SECONDS);
            }
        }
        return services.connectionManager().connectAll();
    }

    /** Past H2's 45 s retention, so the chunks a pass rewrites away are reusable by the next one. */
    private static final Duration RECLAIM_EVERY = Duration.ofSeconds(60);

    /** Opens and resyncs the chosen connections once (the CLI). */
    public CompletableFuture<Void> connect(Predicate<Connection> which) {
        return services.connectionManager().connect(which);
    }

    /** Why a connection could not be opened, if it could not. */
    public Optional<String> openError(String connectionId) {
        return services.connectionManager().openError(connectionId);
    }

    /** Whether this start found the store without connections (a first start): the GUI offers what it can import. */
    public boolean isFirstStart() {
        return firstStart;
    }

    /** Where the ssh host keys trusted through the console are kept. */
    public Path sshTrustFile() {
        return ssh.trustFile();
    }

    /** Trusting the ssh host keys of connections. */
    public HostKeyTrust hostKeys() {
        return hostKeys;
    }

    /** The services of this console, built once over its store. */
    public ServiceGraph services() {
        return services;
    }

    public ConnectionManager connectionManager() {
        return services.connectionManager();
    }

    public DataDirectory dataDirectory() {
        return dataDirectory;
    }

    public ConnectionRepository connections() {
        return services.connections();
    }

    public KnownInstances known() {
        return services.known();
    }

    /** The bounded service executor, for store reads the UI must not do on the FX thread. */
    public Executor backgroundExecutor() {
        return services.executor();
    }

    /**
     * The service timer thread, for the UI's clocks and polls: it only hands their work to the FX thread, so they
     * need no JavaFX animation (which would keep the toolkit pulsing 60 times a second).
     */
    public ScheduledExecutorService timer() {
        return services.timer();
    }

    public Preferences preferences() {
        return services.preferences();
    }

    public StoreJournal journal() {
        return services.storeJournal();
    }

    /** The audit trail's read side (the Activity view, {@code history}). */
    public AuditTrail auditTrail() {
        return services.auditTrail();
    }

    public ConnectionRegistry registry() {
        return services.registry();
    }

    public LifecycleService lifecycle() {
        return services.lifecycle();
    }

    public Reconciler reconciler() {
        return services.reconciler();
    }

    /** Display name of a connection id (falls back to the id for connections removed meanwhile). */
    public String hostName(String connectionId) {
        return services.connectionManager().name(connectionId);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        // what was sent comes back and is recorded before anything closes under it; nothing new is sent
        services.close(CLOSE_PATIENCE);
        database.close();
    }
}
