package io.instanceconsole.service;

import dev.failsafe.BulkheadFullException;
import dev.failsafe.CircuitBreakerOpenException;
import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.ConflictException;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.domain.NotFoundException;
import io.instanceconsole.domain.Operation;
import io.instanceconsole.domain.OperationState;
import io.instanceconsole.domain.ReadOnlyException;
import io.instanceconsole.domain.UnavailableException;
import io.instanceconsole.domain.UnsupportedException;
import io.instanceconsole.service.Settlement.Audit;
import io.instanceconsole.service.Settlement.Presence;
import io.instanceconsole.store.Journal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

import static java.util.Objects.requireNonNull;

/**
 * Performs lifecycle actions end to end, as ARCHITECTURE.md "One action, end to end" describes: access check,
 * transition check, durable journal entry, backend call through the connection's policies, then one transaction
 * for status + operation + audit, with compensation when that transaction fails. Thread-safe; every method returns
 * at once and completes its future on the service executor.
 *
 * <p>It never reports success for an action the backend did not confirm.
 */
public final class LifecycleService implements InstanceActions {
    private static final Logger LOG = LoggerFactory.getLogger(LifecycleService.class);

    private final ConnectionRegistry registry;
    private final Journal journal;
    private final KnownInstances known;
    private final ExecutorService executor;
    private final Clock clock;
    private final String user;
    private final Settlement settlement;
    private final OperationSettler settler;
    private final OperationOwner owner = OperationOwner.open();
    /** The action under way on each instance, from {@link #perform} until its outcome: one at a time per instance. */
    private final ActionsInFlight inFlight = new ActionsInFlight();
    /** Set by {@link #finishWork}: actions not yet sent are not sent any more. */
    private volatile boolean closing;

    /**
     * @param settlement how outcomes are recorded, over the same {@code journal}
     * @param settler    settles the operations whose outcome is unknown, through the same {@code settlement}
     */
    public LifecycleService(ConnectionRegistry registry, Journal journal, KnownInstances known,
                            ExecutorService executor, Clock clock, String user, Settlement settlement,
                            OperationSettler settler) {
        this.registry = requireNonNull(registry, "registry was not specified");
        this.journal = requireNonNull(journal, "journal was not specified");
        this.known = requireNonNull(known, "known was not specified");
        this.executor = requireNonNull(executor, "executor was not specified");
        this.clock = requireNonNull(clock, "clock was not specified");
        this.user = user == null ? "" : user;
        this.settlement = requireNonNull(settlement, "settlement was not specified");
        this.settler = requireNonNull(settler, "settler was not specified");
    }

    /** Settles operations left PENDING or UNKNOWN by an earlier run, by observing their hosts. */
    public OperationSettler settler() {
        return settler;
    }

    /**
     * Stops sending actions and waits, up to {@code patience}, for those already sent to come back and be recorded.
     * Actions asked for or queued from now on are not sent (FAILED, saying so). The console calls this before it
     * closes the store, so every outcome of an action sent is recorded before the store goes.
     *
     * @return whether every action sent came back in time (false also when the waiting thread was interrupted)
     */
    public boolean finishWork(Duration patience) {
        closing = true;
        return inFlight.awaitNone(patience);
    }

    /**
     * Ends this console session: operations it journaled and did not finish are now anybody's to settle. Actions
     * still running go on; their outcomes are recorded as usual.
     */
    public void close() {
        owner.close();
    }

    /** An action that was journaled but never reached its host, because the console was closing. */
    private static final class NotSentWhileClosing extends RuntimeException {
        NotSentWhileClosing(String message) {
            super(message, null, false, false);
        }
    }

    private static ActionResult notSent(InstanceKey key, String name, Action action, InstanceStatus status) {
        return new ActionResult(key, name, action, OperationState.FAILED, status,
                ActionRefusals.notSentWhileClosing(action, name));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Besides the rules, a host that is unreachable or failing (circuit open) makes its rows show their last-known
     * state: the UI disables their actions and bulk plans skip them, saying why.
     */
    @Override
    public Optional<String> whyNot(Action action, Instance instance) {
        Optional<String> byRules = whyNotByRules(action, instance);
        if (byRules.isPresent()) {
            return byRules;
        }
        Optional<String> busy = underWay(instance.key(), instance.name());
        if (busy.isPresent()) {
            return busy;
        }
        if (instance.isLastKnown()) {
            return Optional.of(ActionRefusals.notSeenNow(instance));
        }
        ManagedConnection managed = registry.require(instance.connectionId());
        ConnectionHealth health = managed.health();
        if (health.state() == ConnectionHealth.State.UNREACHABLE || health.state() == ConnectionHealth.State.CIRCUIT_OPEN) {
            return Optional.of(ActionRefusals.hostUnusable(managed.name(), health.badge(clock.instant()), instance.name()));
        }
        return Optional.empty();
    }

    /** The rules alone (connection open, read-only, capability, status), as the service applies them when asked. */
    private Optional<String> whyNotByRules(Action action, Instance instance) {
        ManagedConnection managed = registry.find(instance.connectionId()).orElse(null);
        if (managed == null) {
            return Optional.of(ActionRefusals.connectionNotOpen(instance.name()));
        }
        if (managed.connection().readOnly()) {
            return Optional.of(ActionRefusals.connectionReadOnly(managed.name()));
        }
        Optional<String> unsupported = managed.backend().capabilities().whyUnsupported(action);
        if (unsupported.isPresent()) {
            return unsupported;
        }
        return ActionRefusals.byStatus(action, instance);
    }

    /** Whether an action of this console is under way on the instance (asked for and not yet come back). */
    public boolean isUnderWay(InstanceKey key) {
        return inFlight.on(key).isPresent();
    }

    private Optional<String> underWay(InstanceKey key, String name) {
        return inFlight.on(key).map(busy -> ActionRefusals.underWay(name, busy));
    }

    /**
     * Performs one action on one instance. The future always completes normally, with the outcome. An instance with
     * an action under way gets no second one: that is SKIPPED, never sent.
     */
    @Override
    public CompletableFuture<ActionResult> perform(Action action, InstanceKey key) {
        requireNonNull(action, "action was not specified");
        requireNonNull(key, "key was not specified");
        if (closing) {
            Instance instance = known.find(key).orElse(null);
            return CompletableFuture.completedFuture(notSent(key, instance == null ? key.instanceId() : instance.name(),
                    action, instance == null ? null : instance.status()));
        }
        if (inFlight.start(key, action).isPresent()) {
            Instance instance = known.find(key).orElse(null);
            String name = instance == null ? key.instanceId() : instance.name();
            return CompletableFuture.completedFuture(result(key, name, action, OperationState.SKIPPED,
                    instance == null ? null : instance.status(), underWay(key, name).orElseThrow()));
        }
        try {
            return CompletableFuture.supplyAsync(() -> prepare(action, key), executor)
                    .thenCompose(prepared -> prepared.decided() != null
                            ? CompletableFuture.completedFuture(prepared.decided())
                            : execute(prepared).whenComplete((result, error) -> owner.finished(prepared.operation().id())))
                    .exceptionally(error -> unexpected(action, key, error))
                    .whenComplete((result, error) -> inFlight.finish(key, action));
        } catch (RejectedExecutionException busy) {
            inFlight.finish(key, action);
            return CompletableFuture.completedFuture(new ActionResult(key, key.instanceId(), action,
                    OperationState.FAILED, null, ActionRefusals.tooBusy()));
        }
    }

    /** An action ready to send, or already decided (skipped or refused before touching the host). */
    private record Prepared(ActionResult decided, ManagedConnection connection, Instance instance, Operation operation) {
        static Prepared decided(ActionResult result) {
            return new Prepared(result, null, null, null);
        }
    }

    private Prepared prepare(Action action, InstanceKey key) {
        ManagedConnection managed = registry.find(key.connectionId()).orElse(null);
        Instance instance = known.find(key).orElse(null);
        if (managed == null || instance == null) {
            String where = managed == null ? "connection '" + key.connectionId() + "'" : "'" + managed.name() + "'";
            return Prepared.decided(result(key, key.instanceId(), action, OperationState.REJECTED, null,
                    new NotFoundException(ActionRefusals.notFound(key.instanceId(), where)).getMessage()));
        }
        if (closing) {
            return Prepared.decided(notSent(key, instance.name(), action, instance.status()));
        }
        if (managed.connection().readOnly()) {
            return Prepared.decided(result(key, instance.name(), action, OperationState.REJECTED, instance.status(),
                    new ReadOnlyException(ActionRefusals.refusedReadOnly(action, instance.name(), managed.name()))
                            .getMessage()));
        }
        // The rules only: a failing host is the breaker's to refuse, so the outcome says FAILED, not SKIPPED.
        Optional<String> whyNot = whyNotByRules(action, instance);
        if (whyNot.isPresent()) {
            boolean supported = managed.backend().capabilities().supports(action);
            return Prepared.decided(result(key, instance.name(), action,
                    supported ? OperationState.SKIPPED : OperationState.REJECTED, instance.status(), whyNot.get()));
        }
        Operation pending = new Operation(UUID.randomUUID().toString(), key, instance.name(), action,
                OperationState.PENDING, clock.instant(), null, "", user, owner.id());
        owner.started(pending.id());
        try {
            journal.recordPending(pending);
        } catch (RuntimeException storeFailure) {
            owner.finished(pending.id());
            LOG.error("could not journal {} of {}", action, key, storeFailure);
            return Prepared.decided(result(key, instance.name(), action, OperationState.FAILED, instance.status(),
                    ActionRefusals.notJournaled(action, instance.name(), storeFailure.getMessage())));
        }
        return new Prepared(null, managed, instance, pending);
    }

    private CompletableFuture<ActionResult> execute(Prepared p) {
        Action action = p.operation().action();
        String id = p.instance().id();
        return p.connection().call(() -> {
                    if (closing) {
                        // journaled, then waited for the host's bulkhead while the console began to close
                        throw new NotSentWhileClosing(notSent(p.instance().key(), p.instance().name(), action,
                                p.instance().status()).message());
                    }
                    p.connection().backend().perform(action, id);
                    return null; // nothing to return: only whether the host threw is read
                })
                .handle((ok, error) -> error == null ? null : ManagedConnection.unwrap(error))
                .thenComposeAsync(error -> error == null ? succeeded(p) : failed(p, error), executor);
    }

    private CompletableFuture<ActionResult> succeeded(Prepared p) {
        Action action = p.operation().action();
        Instance after = action == Action.DELETE ? null : p.instance().withStatus(
                action.resultingStatus().orElseThrow(), reasonAfter(action), clock.instant());
        try {
            settlement.record(p.operation(), OperationState.SUCCEEDED, "", after, presenceAfter(action), Audit.NOW);
            return done(p, OperationState.SUCCEEDED, after == null ? null : after.status(), "");
        } catch (RuntimeException storeFailure) {
            LOG.error("could not record {} of {}; compensating", action, p.instance().key(), storeFailure);
            return compensate(p, after, storeFailure);
        }
    }

    /** The host changed but the store could not say so: undo the change, so the host matches the trail. */
    private CompletableFuture<ActionResult> compensate(Prepared p, Instance after, RuntimeException storeFailure) {
        Action action = p.operation().action();
        String name = p.instance().name();
        String recordError = storeFailure.getMessage();
        Optional<Action> inverse = action.inverse();
        if (inverse.isEmpty()) {
            // Nothing can undo it: the operation stays PENDING, and the settler records it as done once the store
            // takes writes again (from memory while this process lives, from the host's state after a restart).
            settlement.rememberConfirmed(p.operation(), after, presenceAfter(action));
            if (after != null) {
                known.put(after);
                registry.publishChanges(InstanceChanges.of(after));
            }
            return done(p, OperationState.FAILED, after == null ? null : after.status(), verb(action) + " of '" + name
                    + "' happened on the host but could not be recorded (" + recordError
                    + "); it will be recorded when the store is writable again");
        }
        return p.connection().call(() -> {
                    p.connection().backend().perform(inverse.get(), p.instance().id());
                    return null; // nothing to return: only whether the host threw is read
                })
                .handle((ok, error) -> error == null ? null : ManagedConnection.unwrap(error))
                .thenApplyAsync(undoError -> {
                    if (undoError != null) {
                        settlement.rememberConfirmed(p.operation(), after, presenceAfter(action));
                        return result(p.instance().key(), name, action, OperationState.FAILED,
                                after == null ? null : after.status(), verb(action) + " of '" + name
                                        + "' happened but could not be recorded (" + recordError + "), and undoing it failed: "
                                        + undoError.getMessage() + ". It will be settled from the host on the next start.");
                    }
                    String message = verb(action) + " of '" + name + "' was undone (" + verb(inverse.get())
                            + ") because it could not be recorded: " + recordError;
                    try {
                        settlement.record(p.operation(), OperationState.COMPENSATED, message, p.instance(),
                                Presence.KEPT, Audit.NOW);
                    } catch (RuntimeException stillFailing) {
                        LOG.error("could not record compensation of {}", p.instance().key(), stillFailing);
                        message += " (the compensation will be recorded on the next start)";
                    }
                    return result(p.instance().key(), name, action, OperationState.COMPENSATED,
                            p.instance().status(), message);
                }, executor);
    }

    private CompletableFuture<ActionResult> failed(Prepared p, Throwable error) {
        Operation op = p.operation();
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        if (error instanceof ConflictException) {
            return rejectedAfterRereading(p, message);
        }
        if (error instanceof NotSentWhileClosing) {
            return record(p, OperationState.FAILED, message, null, Presence.KEPT, Audit.NOW);
        }
        if (error instanceof NotFoundException) {
            return record(p, OperationState.REJECTED, message, null, Presence.REMOVED, Audit.NOW);
        }
        if (error instanceof UnsupportedException || error instanceof ReadOnlyException) {
            return record(p, OperationState.REJECTED, message, null, Presence.KEPT, Audit.NOW);
        }
        if (error instanceof UnavailableException unavailable && isDefinitelyNotSent(unavailable)) {
            return record(p, OperationState.FAILED, message, null, Presence.KEPT, Audit.NOW);
        }
        // Timeout, lost connection or an unexpected error: we cannot know what the host did.
        String unknown = "outcome of " + verb(op.action()) + " of '" + p.instance().name() + "' is unknown (" + message
                + "); the console will check the host";
        CompletableFuture<ActionResult> result = record(p, OperationState.UNKNOWN, unknown, null, Presence.KEPT,
                Audit.WHEN_SETTLED);
        result.thenRun(() -> settler.settle(op));
        return result;
    }

    /** Step 6: the backend said wrong state; re-read the real status, store it, mark REJECTED. */
    private CompletableFuture<ActionResult> rejectedAfterRereading(Prepared p, String message) {
        return p.connection().call(() -> p.connection().backend().inspect(p.instance().id()))
                .handle((fresh, error) -> fresh)
                .thenComposeAsync(fresh -> record(p, OperationState.REJECTED, message, fresh, Presence.KEPT, Audit.NOW),
                        executor);
    }

    private CompletableFuture<ActionResult> record(Prepared p, OperationState state, String message, Instance observed,
                                                   Presence presence, Audit audit) {
        try {
            settlement.record(p.operation(), state, message, observed, presence, audit);
        } catch (RuntimeException storeFailure) {
            LOG.error("could not record {} of {}", state, p.instance().key(), storeFailure);
            message += " (not recorded: " + storeFailure.getMessage() + ")";
        }
        InstanceStatus after = presence == Presence.REMOVED ? null
                : observed != null ? observed.status() : p.instance().status();
        return done(p, state, after, message);
    }

    private static boolean isDefinitelyNotSent(UnavailableException error) {
        Throwable cause = error.getCause();
        return cause instanceof CircuitBreakerOpenException || cause instanceof BulkheadFullException;
    }

    private CompletableFuture<ActionResult> done(Prepared p, OperationState state, InstanceStatus after, String message) {
        return CompletableFuture.completedFuture(result(p.instance().key(), p.instance().name(), p.operation().action(),
                state, after, message));
    }

    private ActionResult unexpected(Action action, InstanceKey key, Throwable error) {
        Throwable cause = ManagedConnection.unwrap(error);
        LOG.error("unexpected failure of {} on {}", action, key, cause);
        return result(key, key.instanceId(), action, OperationState.UNKNOWN, null,
                "unexpected error during " + verb(action) + " of '" + key.instanceId() + "': " + cause);
    }

    private static ActionResult result(InstanceKey key, String name, Action action, OperationState state,
                                       InstanceStatus after, String message) {
        return new ActionResult(key, name, action, state, after, message);
    }

    private static Presence presenceAfter(Action action) {
        return action == Action.DELETE ? Presence.REMOVED : Presence.KEPT;
    }

    static String reasonAfter(Action action) {
        return switch (action) {
            case PAUSE -> "user";
            case FORCE_STOP -> "killed";
            default -> "";
        };
    }

    private static String verb(Action action) {
        return ActionRefusals.verb(action);
    }
}
