package io.instanceconsole.app;

import io.instanceconsole.backend.BackendFactory;
import io.instanceconsole.concurrent.ConsoleThreads;
import io.instanceconsole.concurrent.DirectExecutor;
import io.instanceconsole.service.AuditTrail;
import io.instanceconsole.service.ConnectionChanges;
import io.instanceconsole.service.ConnectionManager;
import io.instanceconsole.service.ConnectionOpener;
import io.instanceconsole.service.ConnectionRegistry;
import io.instanceconsole.service.KnownInstances;
import io.instanceconsole.service.LifecycleService;
import io.instanceconsole.service.ObservedChanges;
import io.instanceconsole.service.OperationSettler;
import io.instanceconsole.service.Preferences;
import io.instanceconsole.service.Reconciler;
import io.instanceconsole.service.Settlement;
import io.instanceconsole.service.StoredPreferences;
import io.instanceconsole.store.ConnectionPolicyRepository;
import io.instanceconsole.store.ConnectionRepository;
import io.instanceconsole.store.DataDirectory;
import io.instanceconsole.store.Database;
import io.instanceconsole.store.InstanceRepository;
import io.instanceconsole.store.Journal;
import io.instanceconsole.store.SettingRepository;
import io.instanceconsole.store.StoreJournal;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static java.util.Objects.requireNonNull;

/**
 * Every service object of the console over one open store, each built once and in one place: the GUI and
 * instancectl (through {@link AppContext}) and the tests get their services here, so they run the same wiring. The
 * graph owns its executors and closes them; the store stays the opener's to close. Thread-safe once built.
 */
public final class ServiceGraph {
    /** The service executor's threads; at least 2, so one slow call never serialises everything. */
    public static final int SERVICE_THREADS = 4;
    /** Tasks the service executor queues before it refuses more ("too busy"). */
    private static final int SERVICE_QUEUE = 50_000;
    /**
     * Connections opened at once: an open blocks on the network (an ssh handshake, a TLS handshake, a probe), so
     * opening ten hosts on the service executor's four threads took three rounds of handshakes.
     */
    private static final int OPENING_THREADS = 16;
    /** Opens and tests waiting for a thread (each connection has at most one open or retry under way). */
    private static final int OPENING_QUEUE = 10_000;
    /** Delayed and periodic tasks the timer holds: resyncs, heartbeats, retries, breaker countdowns, UI clocks. */
    private static final int TIMER_QUEUE = 10_000;

    private final ConsoleThreads threads;
    private final ConnectionRepository connections;
    private final InstanceRepository instances;
    private final StoreJournal storeJournal;
    private final Preferences preferences;
    private final KnownInstances known = new KnownInstances();
    private final ExecutorService executor;
    private final ExecutorService opening;
    private final ScheduledExecutorService timer;
    private final ConnectionRegistry registry;
    private final LifecycleService lifecycle;
    private final Reconciler reconciler;
    private final ConnectionManager connectionManager;
    private final AuditTrail auditTrail;

    private ServiceGraph(Builder b) {
        threads = b.threads;
        connections = new ConnectionRepository(b.database);
        instances = new InstanceRepository(b.database);
        storeJournal = new StoreJournal(b.database);
        preferences = new StoredPreferences(new SettingRepository(b.database));
        executor = b.directExecution ? new DirectExecutor()
                : threads.pool(b.executorName, b.serviceThreads, SERVICE_QUEUE, ConsoleThreads.Priority.BACKGROUND);
        opening = b.directExecution ? executor
                : threads.pool("ic-connect", OPENING_THREADS, OPENING_QUEUE, ConsoleThreads.Priority.BACKGROUND);
        timer = threads.timer(b.timerName, TIMER_QUEUE, ConsoleThreads.Priority.BACKGROUND);
        Journal journal = b.journalWrapper.apply(storeJournal);
        registry = new ConnectionRegistry(b.clock, threads);
        Settlement settlement = new Settlement(journal, known, registry, b.clock);
        OperationSettler settler = new OperationSettler(registry, settlement, b.clock, executor);
        lifecycle = new LifecycleService(registry, journal, known, executor, b.clock, b.user, settlement, settler);
        reconciler = new Reconciler(registry, instances, journal, known, lifecycle, timer);
        // the trail also tells what was seen on the hosts without this console doing it
        registry.addListener(new ObservedChanges(journal, lifecycle::isUnderWay, registry, executor, b.clock));
        BackendFactory backends = b.backends.apply(
                new BackendFactory(b.dataDirectory.resolveFile("simulator"), b.clock, threads));
        ConnectionPolicyRepository policies = new ConnectionPolicyRepository(b.database);
        ConnectionOpener opener = new ConnectionOpener(backends, connections, policies, registry, reconciler, known,
                opening, timer);
        connectionManager = new ConnectionManager(connections, policies, opener, registry, reconciler, executor, timer,
                new ConnectionChanges(b.clock, b.user));
        auditTrail = new AuditTrail(storeJournal);
        known.load(instances.findAll());
    }

    /** Starts a graph over an open store; {@code dataDirectory} is where simulated hosts keep their state. */
    public static Builder builder(Database database, DataDirectory dataDirectory) {
        return new Builder(database, dataDirectory);
    }

    /** Options of a {@link ServiceGraph}: the defaults are the console's own. Not thread-safe. */
    public static final class Builder {
        private final Database database;
        private final DataDirectory dataDirectory;
        private ConsoleThreads threads = new ConsoleThreads();
        private Clock clock = Clock.systemUTC();
        private String user = "";
        private int serviceThreads = SERVICE_THREADS;
        private boolean directExecution;
        private String executorName = "ic-service";
        private String timerName = "ic-timer";
        private UnaryOperator<Journal> journalWrapper = UnaryOperator.identity();
        private UnaryOperator<BackendFactory> backends = UnaryOperator.identity();

        private Builder(Database database, DataDirectory dataDirectory) {
            this.database = requireNonNull(database, "database was not specified");
            this.dataDirectory = requireNonNull(dataDirectory, "dataDirectory was not specified");
        }

        /** Where every thread and executor of the graph comes from, the backends' included. */
        public Builder withThreads(ConsoleThreads threads) {
            this.threads = requireNonNull(threads, "threads was not specified");
            return this;
        }

        public Builder withClock(Clock clock) {
            this.clock = requireNonNull(clock, "clock was not specified");
            return this;
        }

        /** The user named in the journal and the audit trail. */
        public Builder withUser(String user) {
            this.user = user == null ? "" : user;
            return this;
        }

        /** The service executor's size (at least 2) and its threads' name. */
        public Builder withServiceThreads(String name, int threads) {
            if (threads < 2) {
                throw new IllegalArgumentException("the service executor needs at least 2 threads, got " + threads);
            }
            this.executorName = requireNonNull(name, "name was not specified");
            this.serviceThreads = threads;
            return this;
        }

        /** The timer thread's name. */
        public Builder withTimerName(String name) {
            this.timerName = requireNonNull(name, "name was not specified");
            return this;
        }

        /**
         * Runs the service executor's work on the thread that hands it over ({@link DirectExecutor}), for service
         * tests that want one order of events; host calls still run on each connection's pool.
         */
        public Builder withDirectExecution() {
            this.directExecution = true;
            return this;
        }

        /** Wraps the journal the services write through (the Activity view and history read the store's own). */
        public Builder withJournal(UnaryOperator<Journal> wrapper) {
            this.journalWrapper = requireNonNull(wrapper, "wrapper was not specified");
            return this;
        }

        /** Adds backend kinds to the factory, which opens simulated hosts only. */
        public Builder withBackends(UnaryOperator<BackendFactory> backends) {
            this.backends = requireNonNull(backends, "backends was not specified");
            return this;
        }

        public ServiceGraph build() {
            return new ServiceGraph(this);
        }
    }

    public ConsoleThreads threads() {
        return threads;
    }

    public ConnectionRepository connections() {
        return connections;
    }

    public InstanceRepository instances() {
        return instances;
    }

    /** The store's journal itself, without the wrapper given to {@link Builder#withJournal}. */
    public StoreJournal storeJournal() {
        return storeJournal;
    }

    public Preferences preferences() {
        return preferences;
    }

    public KnownInstances known() {
        return known;
    }

    /** The bounded service executor. */
    public ExecutorService executor() {
        return executor;
    }

    /** The service timer: it only hands periodic work on, so it never runs long itself. */
    public ScheduledExecutorService timer() {
        return timer;
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

    public ConnectionManager connectionManager() {
        return connectionManager;
    }

    /** The audit trail's read side: the Activity view and {@code history}. */
    public AuditTrail auditTrail() {
        return auditTrail;
    }

    /**
     * Waits up to {@code patience} for the actions already sent to come back and be recorded (nothing new is sent),
     * then stops the services and their threads. The store stays open.
     */
    public void close(Duration patience) {
        lifecycle.finishWork(patience);
        connectionManager.close();
        reconciler.close();
        opening.shutdownNow();
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
    }
}
