package io.instanceconsole.app;

import io.instanceconsole.backend.BackendFactory;
import io.instanceconsole.backend.docker.DockerBackend;
import io.instanceconsole.backend.libvirt.LibvirtBackend;
import io.instanceconsole.concurrent.ConsoleThreads;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.service.ConnectionManager;
import io.instanceconsole.service.ConnectionRegistry;
import io.instanceconsole.store.ConnectionPolicyRepository;
import io.instanceconsole.service.KnownInstances;
import io.instanceconsole.service.LifecycleService;
import io.instanceconsole.service.Reconciler;
import io.instanceconsole.store.ConnectionRepository;
import io.instanceconsole.store.DataDirectory;
import io.instanceconsole.store.Database;
import io.instanceconsole.store.SpaceReclaimer;
import io.instanceconsole.store.InstanceRepository;
import io.instanceconsole.store.StoreJournal;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The composition root: builds every service object once, for the GUI and the CLI alike. Nothing else creates
 * services, and nothing holds them in statics.
 */
public final class AppContext implements AutoCloseable {

    private final DataDirectory dataDirectory;
    private final Database database;
    private final ConnectionRepository connections;
    private final InstanceRepository instances;
    private final StoreJournal journal;
    private final io.instanceconsole.service.Preferences preferences;
    private final KnownInstances known = new KnownInstances();
    private final ConsoleThreads threads = new ConsoleThreads();
    private final ExecutorService executor = threads.pool("ic-service", 4, 50_000, ConsoleThreads.Priority.BACKGROUND);
    private final ScheduledExecutorService timer = threads.timer("ic-timer", 10_000, ConsoleThreads.Priority.BACKGROUND);
    private final ConnectionRegistry registry;
    private final LifecycleService lifecycle;
    private final Reconciler reconciler;
    private final BackendFactory backends;
    private final ConnectionManager connectionManager;
    private java.util.concurrent.ScheduledFuture<?> reclaiming;
    private boolean closed;
    /** How long instancectl, interrupted, waits for actions already sent to come back: a call's timeout is 30 s. */
    static final java.time.Duration FINISH_WORK_PATIENCE = java.time.Duration.ofSeconds(35);
    /**
     * How long closing waits for them: the window is gone and a new one waits for this process to leave, so not for
     * a hung host (an action still out is PENDING in the journal and settled from the host at the next start).
     */
    private static final java.time.Duration CLOSE_PATIENCE = java.time.Duration.ofSeconds(5);

    private AppContext(DataDirectory dataDirectory, Database database, Clock clock, String user) {
        this.dataDirectory = dataDirectory;
        this.database = database;
        this.connections = new ConnectionRepository(database);
        this.instances = new InstanceRepository(database);
        this.journal = new StoreJournal(database);
        this.preferences = new io.instanceconsole.service.StoredPreferences(new io.instanceconsole.store.SettingRepository(database));
        this.registry = new ConnectionRegistry(clock, threads);
        this.lifecycle = new LifecycleService(registry, journal, known, executor, clock, user);
        this.reconciler = new Reconciler(registry, instances, journal, known, lifecycle, timer);
        this.backends = new BackendFactory(dataDirectory.resolveFile("simulator"), clock, threads)
                .with(BackendKind.DOCKER, DockerBackend::open)
                .with(BackendKind.LIBVIRT, connection -> LibvirtBackend.open(connection, threads));
        this.connectionManager = new ConnectionManager(connections, new ConnectionPolicyRepository(database), backends,
                registry, reconciler, known, executor, timer);
        known.load(instances.findAll());
    }

    /**
     * Opens the data directory and the store. Fails with one {@code StoreException} naming the directory or file,
     * before anything else starts.
     */
    public static AppContext open(DataDirectory dataDirectory, Clock clock) {
        return open(dataDirectory, clock, System.getenv());
    }

    /** As {@link #open(DataDirectory, Clock)}, detecting first-start connections from the given environment. */
    public static AppContext open(DataDirectory dataDirectory, Clock clock, java.util.Map<String, String> env) {
        return open(dataDirectory, clock, env, true);
    }

    /**
     * As {@link #open(DataDirectory, Clock, java.util.Map)}; without {@code firstStartConnections}, a store without
     * connections stays without (instancectl creating a data directory to add one: the user asked for that one only).
     */
    static AppContext open(DataDirectory dataDirectory, Clock clock, java.util.Map<String, String> env,
                           boolean firstStartConnections) {
        DataDirectory prepared = dataDirectory.prepare();
        Database database = Database.open(prepared);
        try {
            AppContext context = new AppContext(prepared, database, clock, System.getProperty("user.name", ""));
            if (firstStartConnections) {
                context.seedConnectionsOnFirstStart(env);
            }
            return context;
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** On first start, offer what is installed locally, or the embedded simulator when nothing is. */
    private void seedConnectionsOnFirstStart(java.util.Map<String, String> env) {
        if (connections.findAll().isEmpty()) {
            FirstStartDetection.detect(env).forEach(connections::add);
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
                reclaiming = timer.scheduleWithFixedDelay(reclaimer::reclaim, RECLAIM_EVERY.toSeconds(),
                        RECLAIM_EVERY.toSeconds(), TimeUnit.SECONDS);
            }
        }
        return connectionManager.connectAll();
    }

    /** Past H2's 45 s retention, so the chunks a pass rewrites away are reusable by the next one. */
    private static final java.time.Duration RECLAIM_EVERY = java.time.Duration.ofSeconds(60);

    /** Opens and resyncs the chosen connections once (the CLI). */
    public CompletableFuture<Void> connect(Predicate<Connection> which) {
        return connectionManager.connect(which);
    }

    /** Why a connection could not be opened, if it could not. */
    public java.util.Optional<String> openError(String connectionId) {
        return connectionManager.openError(connectionId);
    }

    public ConnectionManager connectionManager() {
        return connectionManager;
    }

    public DataDirectory dataDirectory() {
        return dataDirectory;
    }

    public ConnectionRepository connections() {
        return connections;
    }

    public KnownInstances known() {
        return known;
    }

    /** The bounded service executor, for store reads the UI must not do on the FX thread. */
    public java.util.concurrent.Executor backgroundExecutor() {
        return executor;
    }

    /**
     * The service timer thread, for the UI's clocks and polls: it only hands their work to the FX thread, so they
     * need no JavaFX animation (which would keep the toolkit pulsing 60 times a second).
     */
    public ScheduledExecutorService timer() {
        return timer;
    }

    public io.instanceconsole.service.Preferences preferences() {
        return preferences;
    }

    public StoreJournal journal() {
        return journal;
    }

    public ConnectionRegistry registry() {
        return registry;
    }

    public LifecycleService lifecycle() {
        return lifecycle;
    }

    public Reconciler reconciler() {
        return reconciler;
    }

    /** Display name of a connection id (falls back to the id for connections removed meanwhile). */
    public String hostName(String connectionId) {
        return connectionManager.name(connectionId);
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
        lifecycle.finishWork(CLOSE_PATIENCE);
        connectionManager.close();
        reconciler.close();
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lifecycle.close();
        timer.shutdownNow();
        registry.close();
        database.close();
    }
}
