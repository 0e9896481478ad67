package io.instanceconsole.testing;

import io.instanceconsole.app.ServiceGraph;
import io.instanceconsole.backend.ComputeBackend;
import io.instanceconsole.backend.simulator.SimulatorBackend;
import io.instanceconsole.backend.simulator.SimulatorSettings;
import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.service.ActionResult;
import io.instanceconsole.service.ConnectionHealth;
import io.instanceconsole.service.ConnectionManager;
import io.instanceconsole.service.ConnectionRegistry;
import io.instanceconsole.service.InstanceChanges;
import io.instanceconsole.service.KnownInstances;
import io.instanceconsole.service.LifecycleService;
import io.instanceconsole.service.ManagedConnection;
import io.instanceconsole.service.Reconciler;
import io.instanceconsole.domain.ResilienceSettings;
import io.instanceconsole.service.ServiceListener;
import io.instanceconsole.store.ConnectionRepository;
import io.instanceconsole.store.DataDirectory;
import io.instanceconsole.store.Database;
import io.instanceconsole.store.InstanceRepository;
import io.instanceconsole.store.Journal;
import io.instanceconsole.store.StoreJournal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The real service stack (H2 store in a temporary directory, bounded executor, Failsafe policies, reconciler,
 * connection manager) over backends chosen by the test: simulators, or real Docker / libvirt connections opened by the
 * integration tests and benchmarks. The services are the app's own {@link ServiceGraph}, built with test options. No
 * periodic resync runs unless a test starts one on {@link #reconciler}, so anything that reaches the store after the
 * first listing came through events.
 */
public final class ServiceFixture implements AutoCloseable {
    /** The service executor size the app uses. */
    public static final int SERVICE_THREADS = ServiceGraph.SERVICE_THREADS;

    public final Database database;
    public final ServiceGraph services;
    public final StoreJournal storeJournal;
    public final InstanceRepository instances;
    public final ConnectionRepository connections;
    public final KnownInstances known;
    public final ExecutorService executor;
    public final ScheduledExecutorService timer;
    public final ConnectionRegistry registry;
    public final LifecycleService lifecycle;
    public final Reconciler reconciler;

    /**
     * A fixture whose graph has the given options besides the test defaults, e.g.
     * {@link ServiceGraph.Builder#withDirectExecution()}.
     */
    public static ServiceFixture withOptions(Path dataDir, UnaryOperator<ServiceGraph.Builder> options) {
        return new ServiceFixture(dataDir, (Function<ServiceGraph.Builder, ServiceGraph.Builder>) options::apply);
    }

    private ServiceFixture(Path dataDir, Function<ServiceGraph.Builder, ServiceGraph.Builder> options) {
        DataDirectory directory = new DataDirectory(dataDir).prepare();
        database = Database.open(directory);
        try {
            services = options.apply(ServiceGraph.builder(database, directory).withUser("tester")
                    .withServiceThreads("test-service", SERVICE_THREADS).withTimerName("test-timer")).build();
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        storeJournal = services.storeJournal();
        instances = services.instances();
        connections = services.connections();
        known = services.known();
        executor = services.executor();
        timer = services.timer();
        registry = services.registry();
        lifecycle = services.lifecycle();
        reconciler = services.reconciler();
    }

    /**
     * @param journalWrapper wraps the real journal, e.g. to inject commit failures
     * @param serviceThreads size of the bounded service executor
     */
    public ServiceFixture(Path dataDir, UnaryOperator<Journal> journalWrapper, int serviceThreads) {
        this(dataDir, (Function<ServiceGraph.Builder, ServiceGraph.Builder>) graph -> graph.withJournal(journalWrapper)
                .withServiceThreads("test-service", serviceThreads));
    }

    /** @param journalWrapper wraps the real journal, e.g. to inject commit failures */
    public ServiceFixture(Path dataDir, UnaryOperator<Journal> journalWrapper) {
        this(dataDir, journalWrapper, SERVICE_THREADS);
    }

    /** The connection manager of the same graph (adding, editing and opening stored connections). */
    public ConnectionManager connectionManager() {
        return services.connectionManager();
    }

    public ServiceFixture(Path dataDir, int serviceThreads) {
        this(dataDir, UnaryOperator.identity(), serviceThreads);
    }

    public ServiceFixture(Path dataDir) {
        this(dataDir, (Function<ServiceGraph.Builder, ServiceGraph.Builder>) graph -> graph);
    }

    /** A connection row in the store for a backend, registered with the given policies and resynced. */
    public ManagedConnection connect(String name, ComputeBackend backend, ResilienceSettings settings, boolean readOnly) {
        Connection connection = new Connection("conn-" + name, name, backend.kind(), "sim://" + name, "", readOnly, true);
        ManagedConnection managed = register(connection, backend, settings);
        reconciler.connect(managed).orTimeout(30, TimeUnit.SECONDS).join();
        return managed;
    }

    /**
     * A real backend opened by the caller on {@code connection}: stores the connection row (unless one of that name is
     * there), registers it with the given policies and waits for the first listing to be in the store.
     */
    public ManagedConnection connect(Connection connection, ComputeBackend backend, ResilienceSettings settings) {
        ManagedConnection managed = register(connection, backend, settings);
        reconciler.connect(managed).join();
        return managed;
    }

    private ManagedConnection register(Connection connection, ComputeBackend backend, ResilienceSettings settings) {
        if (connections.findByName(connection.name()).isEmpty()) {
            connections.add(connection);
        }
        return registry.register(connection, backend, settings);
    }

    public static SimulatorBackend simulator(String name, int count) {
        return new SimulatorBackend("conn-" + name, name, SimulatorSettings.inMemory(count, Duration.ZERO), Clock.systemUTC());
    }

    public static SimulatorBackend persistentSimulator(String name, int count, Path stateFile) {
        return persistentSimulator(name, count, stateFile, Duration.ZERO);
    }

    public static SimulatorBackend persistentSimulator(String name, int count, Path stateFile, Duration latency) {
        return new SimulatorBackend("conn-" + name, name, new SimulatorSettings(count, 42, latency, stateFile),
                Clock.systemUTC());
    }

    /** A fast-failing policy set for tests: short timeout, breaker after 3 failures, bulkhead of 4. */
    public static ResilienceSettings testSettings() {
        return new ResilienceSettings(Duration.ofSeconds(5), 3, Duration.ofSeconds(30), 4, Duration.ofSeconds(30));
    }

    public Instance firstWithStatus(String connectionId, InstanceStatus status) {
        return known.ofConnection(connectionId).stream().filter(i -> i.status() == status).findFirst()
                .orElseThrow(() -> new AssertionError("no " + status + " instance on " + connectionId));
    }

    public Optional<Instance> knownByName(String connectionId, String name) {
        return known.ofConnection(connectionId).stream().filter(i -> i.name().equals(name)).findFirst();
    }

    /** The instance as the store has it (what the table shows after a restart of the console). */
    public Optional<Instance> stored(InstanceKey key) {
        return instances.find(key);
    }

    public boolean storedMatches(InstanceKey key, Predicate<Instance> condition) {
        return stored(key).filter(condition).isPresent();
    }

    /** Performs the action through the lifecycle service and waits for its result. */
    public ActionResult perform(Action action, InstanceKey key) {
        return lifecycle.perform(action, key).join();
    }

    /** Records, from now on, what the service layer publishes to its listeners. */
    public Published record() {
        return record(registry);
    }

    /** Records, from now on, what {@code registry} publishes to its listeners. */
    public static Published record(ConnectionRegistry registry) {
        Published published = new Published();
        registry.addListener(published);
        return published;
    }

    /** Every change and health report the service layer published, in order (what the UI would receive). */
    public static final class Published implements ServiceListener {
        public final List<InstanceChanges> changes = new CopyOnWriteArrayList<>();
        public final List<ConnectionHealth> health = new CopyOnWriteArrayList<>();

        private Published() {
        }

        @Override
        public void instancesChanged(InstanceChanges c) {
            changes.add(c);
        }

        @Override
        public void healthChanged(String connectionId, ConnectionHealth h) {
            health.add(h);
        }

        /** Whether a published change carried an instance like this (what the table received). */
        public boolean upserted(Predicate<Instance> instance) {
            return changes.stream().flatMap(c -> c.upserted().stream()).anyMatch(instance);
        }
    }

    /** Polls until the condition holds; returns how long that took, or fails after {@code limit}. */
    public static Duration await(Duration limit, String what, BooleanSupplier condition) {
        return await(limit, () -> what, condition);
    }

    /** As above, with what was awaited described as it is when the wait fails (the state at the deadline). */
    public static Duration await(Duration limit, Supplier<String> what, BooleanSupplier condition) {
        long start = System.nanoTime();
        if (!poll(start + limit.toNanos(), condition)) {
            throw new AssertionError((Thread.currentThread().isInterrupted() ? "interrupted while waiting for "
                    : "not within " + limit + ": ") + what.get());
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Polls until the condition holds; returns whether it did within the timeout. */
    public static boolean eventually(Duration timeout, BooleanSupplier condition) {
        return poll(System.nanoTime() + timeout.toNanos(), condition);
    }

    /** False when the deadline passed or the thread was interrupted (its flag then stays set). */
    private static boolean poll(long deadline, BooleanSupplier condition) {
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        try {
            // Work still running would keep the database open (and its files in the test's directory).
            services.close(Duration.ZERO);
        } finally {
            database.close();
        }
    }
}
