package io.instanceconsole.backend.docker;

import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
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
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The console's real service stack around one Docker connection, wired as app/AppContext wires it: H2 store in a
 * temporary directory, ConnectionRegistry, LifecycleService, Reconciler with live events. Nothing is faked.
 */
public final class ConsoleHarness implements AutoCloseable {
    public final Connection connection;
    public final Database database;
    public final InstanceRepository instances;
    public final KnownInstances known = new KnownInstances();
    public final ConnectionRegistry registry;
    public final LifecycleService lifecycle;
    public final Reconciler reconciler;
    public final ManagedConnection managed;
    public final DockerBackend backend;
    /** Every change and health report the service layer published, in order (what the UI would receive). */
    public final List<InstanceChanges> published = new CopyOnWriteArrayList<>();
    public final List<ConnectionHealth> healthReports = new CopyOnWriteArrayList<>();
    private final ExecutorService executor;
    private final ScheduledExecutorService timer;

    public ConsoleHarness(Path dataDir, String dockerHost, ResilienceSettings resilience, DockerSettings docker,
                          int serviceThreads, Duration periodicResync) {
        this.connection = new Connection(UUID.randomUUID().toString(), "engine-under-test", BackendKind.DOCKER,
                dockerHost, "", false, true);
        Clock clock = Clock.systemUTC();
        this.executor = ServiceExecutors.bounded("it-service", serviceThreads, 50_000);
        this.timer = ServiceExecutors.timer("it-timer");
        this.database = Database.open(new DataDirectory(dataDir).prepare());
        new ConnectionRepository(database).add(connection);
        this.instances = new InstanceRepository(database);
        StoreJournal journal = new StoreJournal(database);
        this.registry = new ConnectionRegistry(clock);
        this.registry.addListener(new ServiceListener() {
            @Override
            public void instancesChanged(InstanceChanges changes) {
                published.add(changes);
            }

            @Override
            public void healthChanged(String connectionId, ConnectionHealth health) {
                healthReports.add(health);
            }
        });
        this.lifecycle = new LifecycleService(registry, journal, known, executor, clock, "it");
        this.reconciler = new Reconciler(registry, instances, journal, known, lifecycle, timer);
        this.backend = DockerBackend.open(connection, docker, clock);
        this.managed = registry.register(connection, backend, resilience);
        reconciler.connect(managed).join();
        if (periodicResync != null) {
            reconciler.startPeriodicResync(periodicResync);
        }
    }

    public InstanceKey key(String containerId) {
        return new InstanceKey(connection.id(), containerId);
    }

    /** What the store says about a container (what the table shows after a restart of the console). */
    public Optional<Instance> stored(String containerId) {
        return instances.find(key(containerId));
    }

    /** Whether a published change carried this container with this status (what the table received). */
    public boolean publishedStatus(String containerId, io.instanceconsole.domain.InstanceStatus status) {
        return published.stream().flatMap(c -> c.upserted().stream())
                .anyMatch(i -> i.id().equals(containerId) && i.status() == status);
    }

    /** Polls until the condition holds; returns how long that took, or fails after {@code limit}. */
    public static Duration await(Duration limit, String what, BooleanSupplier condition) {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit + ": " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what);
            }
        }
        return Duration.ofNanos(System.nanoTime() - start);
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
        executor.shutdownNow();
        timer.shutdownNow();
        registry.close();
        database.close();
    }
}
