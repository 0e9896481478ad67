package io.instanceconsole.service;

import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.AuditEvent;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.domain.Operation;
import io.instanceconsole.domain.OperationState;
import io.instanceconsole.store.Journal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Predicate;

import static java.util.Objects.requireNonNull;

/**
 * Writes into the audit trail, with the outcome {@link OperationState#OBSERVED}, what this console sees happen
 * without having done it: an instance that changed state on its host (paused in a shell, stopped with virsh, removed
 * by another tool), a host that stopped answering and one that answers again. What an action explains is not written
 * twice: one under way in this console, an operation on the instance still unsettled in the journal (this process
 * or another, the CLI), or one settled within the last {@link #EXPLAINED_FOR} with the same result. An instance's
 * first state in this process, and a host that was never seen answering, are not changes. Writes run on the given
 * executor, never on the thread that reported the change. Thread-safe.
 */
public final class ObservedChanges implements ServiceListener {
    private static final Logger LOG = LoggerFactory.getLogger(ObservedChanges.class);
    /** How long after an action settled a change it explains may still arrive (an event, a listing). */
    static final Duration EXPLAINED_FOR = Duration.ofSeconds(30);
    /** How many recent audit events are read to find an action that explains a change. */
    private static final int RECENT = 500;

    private final Journal journal;
    private final Predicate<InstanceKey> underWay;
    private final ConnectionRegistry registry;
    private final Executor executor;
    private final Clock clock;
    private final Map<InstanceKey, Instance> lastSeen = new ConcurrentHashMap<>();
    /** Connections seen answering, and whether each is down now. */
    private final Map<String, Boolean> down = new ConcurrentHashMap<>();

    /** @param underWay whether this console has an action under way on an instance */
    public ObservedChanges(Journal journal, Predicate<InstanceKey> underWay, ConnectionRegistry registry,
                           Executor executor, Clock clock) {
        this.journal = requireNonNull(journal, "journal was not specified");
        this.underWay = requireNonNull(underWay, "underWay was not specified");
        this.registry = requireNonNull(registry, "registry was not specified");
        this.executor = requireNonNull(executor, "executor was not specified");
        this.clock = requireNonNull(clock, "clock was not specified");
    }

    @Override
    public void instancesChanged(InstanceChanges changes) {
        for (Instance now : changes.upserted()) {
            Instance before = lastSeen.put(now.key(), now);
            if (before != null && before.status() != now.status() && !underWay.test(now.key())) {
                write(() -> recordChange(before, now));
            }
        }
        for (InstanceKey key : changes.removed()) {
            Instance before = lastSeen.remove(key);
            // rows of a connection that was removed or closed leave the table, but nothing was seen on its host
            boolean seenOnItsHost = registry.find(key.connectionId()).isPresent();
            if (before != null && seenOnItsHost && !underWay.test(key)) {
                write(() -> recordRemoval(before));
            }
        }
    }

    @Override
    public void healthChanged(String connectionId, ConnectionHealth health) {
        boolean isDown = health.state() == ConnectionHealth.State.UNREACHABLE
                || health.state() == ConnectionHealth.State.CIRCUIT_OPEN;
        boolean answers = health.state() == ConnectionHealth.State.CONNECTED;
        if (!isDown && !answers) {
            return; // connecting, degraded, disabled: neither an outage nor a recovery
        }
        Boolean wasDown = down.get(connectionId);
        if (wasDown == null) {
            if (answers) {
                down.put(connectionId, false); // seen answering: from now on an outage is one
            }
            return;
        }
        if (wasDown != isDown && down.replace(connectionId, wasDown, isDown)) {
            String message = isDown ? "the host stopped answering: " + health.badge(health.since())
                    + (health.detail().isEmpty() ? "" : " (" + health.detail() + ")")
                    : "the host answers again";
            write(() -> append(connectionId, "", "", isDown ? "outage" : "recovery", message));
        }
    }

    @Override
    public void connectionsChanged(Set<String> connectionIds) {
        down.keySet().retainAll(connectionIds);
        lastSeen.keySet().removeIf(key -> !connectionIds.contains(key.connectionId()));
    }

    private void recordChange(Instance before, Instance now) {
        String verb = verb(before.status(), now.status());
        if (explained(now.key(), now.status())) {
            return;
        }
        append(now.key().connectionId(), now.key().instanceId(), now.name(), verb,
                "seen on the host: " + before.status().key() + " → " + now.status().key()
                        + (now.statusReason().isEmpty() ? "" : " (" + now.statusReason() + ")"));
    }

    private void recordRemoval(Instance before) {
        if (explained(before.key(), null)) {
            return;
        }
        append(before.key().connectionId(), before.key().instanceId(), before.name(), "removed",
                "seen on the host: " + before.name() + " no longer exists");
    }

    /**
     * Whether an action explains the instance's new status (null: gone): one unsettled in the journal, or one
     * recorded moments ago whose result is that status.
     */
    private boolean explained(InstanceKey key, InstanceStatus status) {
        // unsettled first: an operation settled after this read has its audit event committed with it, so the read
        // of recent events below sees it
        for (Operation op : journal.findUnsettled()) {
            if (op.target().equals(key)) {
                return true;
            }
        }
        Instant since = clock.instant().minus(EXPLAINED_FOR);
        return journal.recentAudit(RECENT).stream()
                .filter(e -> !e.time().isBefore(since))
                .filter(e -> e.connectionId().equals(key.connectionId()) && e.instanceId().equals(key.instanceId()))
                .filter(e -> e.outcome() == OperationState.SUCCEEDED)
                .anyMatch(e -> leadsTo(e.action(), status));
    }

    /** Whether an action recorded as {@code actionKey} leaves the instance in {@code status} (null: gone). */
    private static boolean leadsTo(String actionKey, InstanceStatus status) {
        for (Action action : Action.values()) {
            if (action.key().equals(actionKey)) {
                return status == null ? action == Action.DELETE
                        : action.resultingStatus().map(status::equals).orElse(false);
            }
        }
        return false; // not an action of this console (an observed change, an outage)
    }

    /** What happened, in the trail's words: the action that has this effect, else the new status. */
    static String verb(InstanceStatus before, InstanceStatus now) {
        if (before == InstanceStatus.PAUSED && now == InstanceStatus.RUNNING) {
            return Action.RESUME.key();
        }
        return switch (now) {
            case PAUSED -> Action.PAUSE.key();
            case RUNNING -> Action.START.key();
            case STOPPED -> Action.STOP.key();
            default -> now.key();
        };
    }

    private void append(String connectionId, String instanceId, String instanceName, String action, String message) {
        String connectionName = registry.find(connectionId).map(ManagedConnection::name).orElse(connectionId);
        journal.appendAudit(new AuditEvent(0, clock.instant(), connectionId, connectionName, instanceId, instanceName,
                action, OperationState.OBSERVED, message, "", ""));
    }

    private void write(Runnable work) {
        try {
            executor.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    LOG.warn("cannot record a change seen on a host: {}", e.getMessage());
                }
            });
        } catch (RejectedExecutionException busyOrClosing) {
            LOG.debug("not recording a change seen on a host: the executor is busy or closing");
        }
    }
}
