package io.instanceconsole.backend.libvirt;

import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.service.ActionResult;
import io.instanceconsole.service.ConnectionHealth;
import io.instanceconsole.service.ConnectionRegistry;
import io.instanceconsole.service.InstanceChanges;
import io.instanceconsole.service.KnownInstances;
import io.instanceconsole.service.LifecycleService;
import io.instanceconsole.service.ManagedConnection;
import io.instanceconsole.service.Reconciler;
import io.instanceconsole.domain.ResilienceSettings;
import io.instanceconsole.service.ServiceExecutors;
import io.instanceconsole.service.ServiceListener;
import io.instanceconsole.store.ConnectionRepository;
import io.instanceconsole.store.DataDirectory;
import io.instanceconsole.store.Database;
import io.instanceconsole.store.InstanceRepository;
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
import java.util.function.Predicate;

/**
 * The console's real service stack over real libvirt, wired the way {@code AppContext} wires it: an H2 store in a
 * directory of its own, the bounded service executor, the connection registry, the lifecycle service and the
 * reconciler. No periodic resync, so anything that reaches the store after the first listing came through events.
 * For integration tests and benchmarks; not thread-safe to set up, thread-safe to use.
 */
public final class LibvirtConsole implements AutoCloseable {
    private final Database database;
    private final InstanceRepository instances;
    private final ConnectionRepository connections;
    private final KnownInstances known = new KnownInstances();
    private final ExecutorService executor = ServiceExecutors.bounded("ic-it-service", 4, 50_000);
    private final ScheduledExecutorService timer = ServiceExecutors.timer("ic-it-timer");
    private final ConnectionRegistry registry;
    private final LifecycleService lifecycle;
    private final Reconciler reconciler;
    private final List<InstanceChanges> changes = new CopyOnWriteArrayList<>();
    private final List<ConnectionHealth> health = new CopyOnWriteArrayList<>();

    public LibvirtConsole(Path dataDir) {
        Clock clock = Clock.systemUTC();
        this.database = Database.open(new DataDirectory(dataDir).prepare());
        this.instances = new InstanceRepository(database);
        this.connections = new ConnectionRepository(database);
        StoreJournal journal = new StoreJournal(database);
        this.registry = new ConnectionRegistry(clock);
        this.lifecycle = new LifecycleService(registry, journal, known, executor, clock, "it");
        this.reconciler = new Reconciler(registry, instances, journal, known, lifecycle, timer);
        registry.addListener(new ServiceListener() {
            @Override
            public void instancesChanged(InstanceChanges c) {
                changes.add(c);
            }

            @Override
            public void healthChanged(String connectionId, ConnectionHealth h) {
                health.add(h);
            }
        });
    }

    public static Connection connection(String id, String uri, boolean readOnly) {
        return new Connection(id, id, BackendKind.LIBVIRT, uri, "", readOnly, true);
    }

    /** Opens the backend, registers it and waits for the first listing to be in the store. */
    public ManagedConnection connect(Connection connection, ResilienceSettings settings) {
        if (connections.findByName(connection.name()).isEmpty()) {
            connections.add(connection);
        }
        ManagedConnection managed = registry.register(connection, LibvirtBackend.open(connection), settings);
        reconciler.connect(managed).join();
        return managed;
    }

    public ManagedConnection connect(Connection connection) {
        return connect(connection, ResilienceSettings.defaults());
    }

    public ActionResult perform(Action action, InstanceKey key) {
        return lifecycle.perform(action, key).join();
    }

    public LifecycleService lifecycle() {
        return lifecycle;
    }

    public KnownInstances known() {
        return known;
    }

    /** The instance as the store has it (what the table shows after a restart). */
    public Optional<Instance> stored(InstanceKey key) {
        return instances.find(key);
    }

    public Optional<Instance> knownByName(String connectionId, String name) {
        return known.ofConnection(connectionId).stream().filter(i -> i.name().equals(name)).findFirst();
    }

    /** Every change the service layer published to its listeners (the UI's feed). */
    public List<InstanceChanges> changes() {
        return changes;
    }

    public List<ConnectionHealth> health() {
        return health;
    }

    /** Polls until the condition holds; returns whether it did within the timeout. */
    public static boolean await(Duration timeout, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }

    public boolean storedMatches(InstanceKey key, Predicate<Instance> condition) {
        return stored(key).filter(condition).isPresent();
    }

    @Override
    public void close() {
        reconciler.close();
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timer.shutdownNow();
        registry.close();
        database.close();
    }
}
