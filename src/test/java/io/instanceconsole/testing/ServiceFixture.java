package io.instanceconsole.testing;

import io.instanceconsole.backend.ComputeBackend;
import io.instanceconsole.backend.simulator.SimulatorBackend;
import io.instanceconsole.backend.simulator.SimulatorSettings;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.service.ConnectionRegistry;
import io.instanceconsole.service.KnownInstances;
import io.instanceconsole.service.LifecycleService;
import io.instanceconsole.service.ManagedConnection;
import io.instanceconsole.service.Reconciler;
import io.instanceconsole.domain.ResilienceSettings;
import io.instanceconsole.service.ServiceExecutors;
import io.instanceconsole.store.ConnectionRepository;
import io.instanceconsole.store.DataDirectory;
import io.instanceconsole.store.Database;
import io.instanceconsole.store.InstanceRepository;
import io.instanceconsole.store.Journal;
import io.instanceconsole.store.StoreJournal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The real service stack (H2 store in a temporary directory, bounded executor, Failsafe policies, reconciler) over
 * backends chosen by the test. Tests use the same classes the app wires in {@code AppContext}.
 */
public final class ServiceFixture implements AutoCloseable {
    public final Database database;
    public final StoreJournal storeJournal;
    public final InstanceRepository instances;
    public final ConnectionRepository connections;
    public final KnownInstances known = new KnownInstances();
    public final ExecutorService executor = ServiceExecutors.bounded("test-service", 4, 50_000);
    public final ScheduledExecutorService timer = ServiceExecutors.timer("test-timer");
    public final ConnectionRegistry registry;
    public final LifecycleService lifecycle;
    public final Reconciler reconciler;

    /** @param journalWrapper wraps the real journal, e.g. to inject commit failures */
    public ServiceFixture(Path dataDir, UnaryOperator<Journal> journalWrapper) {
        database = Database.open(new DataDirectory(dataDir).prepare());
        storeJournal = new StoreJournal(database);
        instances = new InstanceRepository(database);
        connections = new ConnectionRepository(database);
        known.load(instances.findAll());
        Journal journal = journalWrapper.apply(storeJournal);
        registry = new ConnectionRegistry(Clock.systemUTC());
        lifecycle = new LifecycleService(registry, journal, known, executor, Clock.systemUTC(), "tester");
        reconciler = new Reconciler(registry, instances, journal, known, lifecycle, timer);
    }

    public ServiceFixture(Path dataDir) {
        this(dataDir, UnaryOperator.identity());
    }

    /** A connection row in the store for a backend, registered with the given policies and resynced. */
    public ManagedConnection connect(String name, ComputeBackend backend, ResilienceSettings settings, boolean readOnly) {
        Connection connection = new Connection("conn-" + name, name, backend.kind(), "sim://" + name, "", readOnly, true);
        if (connections.findByName(name).isEmpty()) {
            connections.add(connection);
        }
        ManagedConnection managed = registry.register(connection, backend, settings);
        reconciler.connect(managed).orTimeout(30, TimeUnit.SECONDS).join();
        return managed;
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

    @Override
    public void close() {
        reconciler.close();
        timer.shutdownNow();
        registry.close();
        executor.shutdownNow();
        try {
            // Work still running would keep the database open (and its files in the test's directory).
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        database.close();
    }
}
