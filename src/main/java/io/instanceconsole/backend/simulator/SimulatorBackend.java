package io.instanceconsole.backend.simulator;

import io.instanceconsole.backend.BackendEvent;
import io.instanceconsole.backend.BackendListener;
import io.instanceconsole.backend.Capabilities;
import io.instanceconsole.backend.ComputeBackend;
import io.instanceconsole.concurrent.ConsoleThreads;
import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.Workload;
import io.instanceconsole.domain.InstanceFacts;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.ConflictException;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.InstanceStats;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.domain.NotFoundException;
import io.instanceconsole.domain.UnavailableException;
import io.instanceconsole.domain.UnsupportedException;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * In-process simulated host: the embedded default where no Docker or libvirt is installed, and the fault injector
 * for tests. Behaves like a strict real backend: wrong-state actions are {@link ConflictException}s, unknown ids
 * are {@link NotFoundException}s, and every call pays the configured latency. Thread-safe.
 */
public final class SimulatorBackend implements ComputeBackend {
    private final String connectionId;
    private final String hostName;
    private final SimulatorSettings settings;
    private final Clock clock;
    private final FaultInjector faults = new FaultInjector();
    private final Map<String, SimulatedInstance> instances = new LinkedHashMap<>();
    private final List<BackendListener> listeners = new CopyOnWriteArrayList<>();
    /**
     * Events in the order the host's state changed: filled while holding the state, delivered after by whichever
     * thread holds {@link #delivering}. Delivered straight from each changing thread, two changes of one instance
     * could reach the console in the wrong order (a resume's event after the next pause's), leaving the table showing
     * a state the host had left until the next resync.
     */
    private final Queue<BackendEvent> outbox = new ConcurrentLinkedQueue<>();
    private final ReentrantLock delivering = new ReentrantLock();
    private final SimulatorStateLog stateLog;
    private volatile Capabilities capabilities = Capabilities.all();
    private final ConsoleThreads threads;
    private ScheduledExecutorService watcher;

    /** A simulated host whose watcher thread (see {@link #subscribe}) comes from a {@link ConsoleThreads} of its own. */
    public SimulatorBackend(String connectionId, String hostName, SimulatorSettings settings, Clock clock) {
        this(connectionId, hostName, settings, clock, new ConsoleThreads());
    }

    /** @param threads where the thread that watches other processes' changes to a persistent host comes from */
    public SimulatorBackend(String connectionId, String hostName, SimulatorSettings settings, Clock clock,
                            ConsoleThreads threads) {
        this.threads = requireNonNull(threads, "threads was not specified");
        this.connectionId = requireNonNull(connectionId, "connectionId was not specified");
        this.hostName = requireNonNull(hostName, "hostName was not specified");
        this.settings = requireNonNull(settings, "settings was not specified");
        this.clock = requireNonNull(clock, "clock was not specified");
        if (settings.stateFile() == null) {
            SimulatedFleet.generate(settings.instanceCount(), settings.seed(), clock.instant())
                    .forEach(i -> instances.put(i.id(), i));
            stateLog = null;
        } else {
            stateLog = SimulatorStateLog.open(settings.stateFile(), instances,
                    () -> SimulatedFleet.generate(settings.instanceCount(), settings.seed(), clock.instant()));
        }
    }

    /** The fault injector of this simulated host. */
    public FaultInjector faults() {
        return faults;
    }

    /** Declares an action unsupported, to exercise how the console explains it. */
    public void disable(Action action, String reason) {
        capabilities = capabilities.without(action, reason);
    }

    @Override
    public BackendKind kind() {
        return BackendKind.SIMULATOR;
    }

    @Override
    public List<Instance> list() {
        call();
        return withState(() -> {
            List<Instance> result = new ArrayList<>(instances.size());
            instances.values().forEach(i -> result.add(toInstance(i)));
            return result;
        });
    }

    /** Answers as a host's ping does, with its latency and faults, without copying every instance as a listing does. */
    @Override
    public void ping() {
        call();
    }

    @Override
    public Instance inspect(String instanceId) {
        call();
        return withState(() -> toInstance(require(instanceId)));
    }

    /** What it simulates: nothing runs behind a simulated instance, and the facts say so rather than invent more. */
    @Override
    public InstanceFacts facts(String instanceId) {
        call();
        SimulatedInstance instance = withState(() -> require(instanceId));
        Workload workload = Workload.of(BackendKind.SIMULATOR, instance.image());
        return InstanceFacts.builder(new InstanceKey(connectionId, instance.id()), clock.instant())
                .section("Simulated")
                .fact("Simulates", (workload == Workload.VM ? "a virtual machine" : "a container")
                        + ": made up by the console, nothing runs")
                .fact("Image", instance.image())
                .fact("Status", instance.status().key() + (instance.reason().isEmpty() ? "" : " (" + instance.reason() + ")"))
                .fact("Created", String.valueOf(instance.created()))
                .fact("Host", hostName)
                .fact("Latency per call", settings.latency().toMillis() + " ms")
                .fact("State", settings.stateFile() == null ? "in memory only" : "shared through " + settings.stateFile())
                .build();
    }

    @Override
    public void perform(Action action, String instanceId) {
        requireNonNull(action, "action was not specified");
        call();
        withState(() -> {
            SimulatedInstance current = require(instanceId);
            faults.beforeAction(hostName, current.name());
            if (!capabilities.supports(action)) {
                throw new UnsupportedException(capabilities.whyUnsupported(action).orElseThrow());
            }
            if (!action.isAllowedFrom(current.status())) {
                throw new ConflictException("cannot " + action.label().toLowerCase(Locale.ROOT) + " '"
                        + current.name() + "' on '" + hostName + "': it is " + current.status().key());
            }
            outbox.add(apply(action, current));
            return null;
        });
    }

    /** Changes an instance as if someone did it outside the console (for tests and demos). */
    public void changeExternally(String instanceId, InstanceStatus status, String reason) {
        withState(() -> {
            SimulatedInstance next = require(instanceId).withStatus(status, reason);
            store(next);
            outbox.add(new BackendEvent.Changed(toInstance(next)));
            return null;
        });
    }

    /** The simulated host's own view of an instance, bypassing latency and faults (the test oracle). */
    public Optional<InstanceStatus> statusOnHost(String instanceId) {
        synchronized (instances) {
            return Optional.ofNullable(instances.get(instanceId)).map(SimulatedInstance::status);
        }
    }

    /** Simulated use: steady per instance, varying a little over time; nothing for an instance that is not running. */
    @Override
    public InstanceStats stats(String instanceId) {
        call();
        SimulatedInstance instance = withState(() -> require(instanceId));
        if (instance.status() != InstanceStatus.RUNNING) {
            return new InstanceStats(0, 0, 0);
        }
        int base = Math.floorMod(instance.id().hashCode(), 40);
        double wobble = Math.abs(Math.sin(clock.millis() / 5_000.0 + base));
        long limit = (256L + 256L * (base % 8)) << 20;
        return new InstanceStats(base / 4.0 + 10 * wobble, (long) (limit * (0.3 + 0.4 * wobble)), limit);
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    @Override
    public Subscription subscribe(BackendListener listener) {
        listeners.add(requireNonNull(listener, "listener was not specified"));
        if (stateLog != null) {
            startWatchingOtherProcesses();
        }
        return () -> listeners.remove(listener);
    }

    /** Other console processes change the same simulated host: report their changes like live host events. */
    private synchronized void startWatchingOtherProcesses() {
        if (watcher == null) {
            watcher = threads.timer("ic-simulator-watch", 1, ConsoleThreads.Priority.NORMAL);
            watcher.scheduleWithFixedDelay(this::publishChangesFromOtherProcesses, 250, 250, TimeUnit.MILLISECONDS);
        }
    }

    private void publishChangesFromOtherProcesses() {
        try {
            synchronized (instances) {
                outbox.addAll(eventsFor(stateLog.refresh(instances)));
            }
            deliverEvents();
        } catch (RuntimeException e) {
            listeners.forEach(l -> l.onEvent(new BackendEvent.Disconnected("simulated host '" + hostName + "': " + e.getMessage())));
        }
    }

    @Override
    public synchronized void close() {
        listeners.clear();
        faults.release();
        if (watcher != null) {
            watcher.shutdownNow();
        }
        if (stateLog != null) {
            synchronized (instances) {
                stateLog.close();
            }
        }
    }

    /**
     * Runs a read or change of the host's state; with a state file, under its cross-process lock, first taking in
     * (and reporting as events) what other processes changed.
     */
    private <T> T withState(Supplier<T> work) {
        try {
            synchronized (instances) {
                if (stateLog == null) {
                    return work.get();
                }
                return stateLog.locked(instances, changedElsewhere -> {
                    outbox.addAll(eventsFor(changedElsewhere));
                    return work.get();
                });
            }
        } finally {
            deliverEvents();
        }
    }

    /** Hands the outbox to the listeners in order; a thread that finds another delivering leaves its events to it. */
    private void deliverEvents() {
        while (!outbox.isEmpty() && delivering.tryLock()) {
            try {
                for (BackendEvent event = outbox.poll(); event != null; event = outbox.poll()) {
                    BackendEvent next = event;
                    listeners.forEach(l -> l.onEvent(next));
                }
            } finally {
                delivering.unlock();
            }
        }
    }

    private List<BackendEvent> eventsFor(Set<String> ids) {
        List<BackendEvent> events = new ArrayList<>(ids.size());
        for (String id : ids) {
            SimulatedInstance instance = instances.get(id);
            events.add(instance == null ? new BackendEvent.Removed(id) : new BackendEvent.Changed(toInstance(instance)));
        }
        return events;
    }

    private BackendEvent apply(Action action, SimulatedInstance current) {
        if (action == Action.DELETE) {
            instances.remove(current.id());
            if (stateLog != null) {
                stateLog.remove(current.id());
            }
            return new BackendEvent.Removed(current.id());
        }
        InstanceStatus target = action.resultingStatus().orElseThrow();
        String reason = switch (action) {
            case PAUSE -> "user";
            case STOP -> "exited (0)";
            case FORCE_STOP -> "killed (137)";
            default -> "";
        };
        SimulatedInstance changed = current.withStatus(target, reason);
        store(changed);
        return new BackendEvent.Changed(toInstance(changed));
    }

    private void store(SimulatedInstance instance) {
        instances.put(instance.id(), instance);
        if (stateLog != null) {
            stateLog.put(instance);
        }
    }

    private SimulatedInstance require(String instanceId) {
        SimulatedInstance instance = instances.get(instanceId);
        if (instance == null) {
            throw new NotFoundException("no instance '" + instanceId + "' on simulated host '" + hostName + "'");
        }
        return instance;
    }

    private void call() {
        faults.beforeCall(hostName);
        Duration latency = settings.latency();
        if (!latency.isZero()) {
            try {
                Thread.sleep(latency);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UnavailableException("call to simulated host '" + hostName + "' was interrupted", e);
            }
        }
    }

    private Instance toInstance(SimulatedInstance s) {
        return new Instance(new InstanceKey(connectionId, s.id()), s.name(), BackendKind.SIMULATOR, s.image(),
                s.status(), s.reason(), s.created(), clock.instant());
    }
}
