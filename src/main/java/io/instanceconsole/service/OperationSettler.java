package io.instanceconsole.service;

import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.NotFoundException;
import io.instanceconsole.domain.Operation;
import io.instanceconsole.domain.OperationState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import static java.util.Objects.requireNonNull;

/**
 * Settles operations whose outcome is not known (left PENDING by a crash, or UNKNOWN after a timeout) by observing
 * what the host reports, and audits the settlement. Thread-safe.
 */
public final class OperationSettler {
    private static final Logger LOG = LoggerFactory.getLogger(OperationSettler.class);

    /** Added to a connection's longest call: the journal and result writes around it, on a busy machine. */
    static final Duration IN_FLIGHT_MARGIN = Duration.ofMinutes(1);

    private final ConnectionRegistry registry;
    private final Settlement settlement;
    private final Clock clock;
    private final Executor executor;

    /** @param executor where a settlement that needs no host call (only a store write) runs */
    public OperationSettler(ConnectionRegistry registry, Settlement settlement, Clock clock, Executor executor) {
        this.registry = requireNonNull(registry, "registry was not specified");
        this.settlement = requireNonNull(settlement, "settlement was not specified");
        this.clock = requireNonNull(clock, "clock was not specified");
        this.executor = requireNonNull(executor, "executor was not specified");
    }

    /**
     * Settles, each once its connection is open, the operations nobody is working on: UNKNOWN ones, and PENDING ones
     * whose console finished with them or is gone (stopped or crashed). A PENDING operation may be an action under
     * way, in this console or in another one sharing the store (the GUI and instancectl): settled meanwhile, it was
     * recorded as "not done" although the host did it a moment later. At start-up and on every resync.
     */
    public CompletableFuture<Void> settleAbandoned(List<Operation> unsettled) {
        Instant now = clock.instant();
        return CompletableFuture.allOf(unsettled.stream().filter(op -> isAbandoned(op, now))
                .map(this::settle).toArray(CompletableFuture[]::new));
    }

    private boolean isAbandoned(Operation op, Instant now) {
        if (op.state() != OperationState.PENDING || !OperationOwner.mayBeWorkingOn(op.owner(), op.id())) {
            return true;
        }
        // Another process is alive and may still be working on it; that process's calls have a deadline, so one
        // pending for longer than any of them can take was left behind (a console stuck or killed mid-write).
        return OperationOwner.isAnotherProcess(op.owner()) && cannotBeInFlight(op, now);
    }

    private boolean cannotBeInFlight(Operation operation, Instant now) {
        Duration longest = registry.find(operation.target().connectionId()).map(ManagedConnection::longestCall)
                .orElse(Duration.ZERO).plus(IN_FLIGHT_MARGIN);
        return operation.requestedAt().plus(longest).isBefore(now);
    }

    /**
     * Observes the instance and records SUCCEEDED when the host shows the action's result, FAILED when it does not.
     * Completes with the settled state, or empty when the host could not be asked (the operation stays unsettled).
     */
    public CompletableFuture<Optional<OperationState>> settle(Operation operation) {
        Optional<ManagedConnection> managed = registry.find(operation.target().connectionId());
        if (managed.isEmpty()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        ManagedConnection connection = managed.get();
        Optional<Settlement.Confirmed> known = settlement.confirmed(operation.id());
        if (known.isPresent()) {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    settlement.record(operation, OperationState.SUCCEEDED, "done on the host; recorded once the store "
                            + "took writes again", known.get().after(), known.get().presence(), Settlement.Audit.NOW);
                    settlement.forget(operation.id());
                    return Optional.of(OperationState.SUCCEEDED);
                } catch (RuntimeException stillFailing) {
                    LOG.info("cannot record operation {} yet: {}", operation.id(), stillFailing.getMessage());
                    return Optional.<OperationState>empty();
                }
            }, executor);
        }
        return connection.call(() -> observe(connection, operation.target().instanceId()))
                .handle((observed, error) -> {
                    if (error != null) {
                        LOG.info("cannot settle operation {} yet: {}", operation.id(), error.getMessage());
                        return Optional.<OperationState>empty();
                    }
                    return Optional.of(record(operation, observed.orElse(null)));
                });
    }

    private static Optional<Instance> observe(ManagedConnection connection, String instanceId) {
        try {
            return Optional.of(connection.backend().inspect(instanceId));
        } catch (NotFoundException gone) {
            return Optional.empty();
        }
    }

    private OperationState record(Operation operation, Instance observed) {
        Action action = operation.action();
        String seen = observed == null ? "gone" : observed.status().key();
        if (action == Action.RESTART) {
            // A restart leaves a running instance running: its state cannot tell whether it happened, and the console
            // never reports success for something it cannot confirm.
            String message = "restart of '" + operation.instanceName() + "' could not be confirmed after an interruption: "
                    + "the host shows it " + seen;
            settlement.record(operation, OperationState.FAILED, message, observed,
                    Settlement.Presence.removedIf(observed == null), Settlement.Audit.NOW);
            return OperationState.FAILED;
        }
        boolean done = observed == null ? action == Action.DELETE
                : action.resultingStatus().map(s -> s == observed.status()).orElse(false);
        OperationState state = done ? OperationState.SUCCEEDED : OperationState.FAILED;
        String message = done
                ? "settled from the host after an interruption: '" + operation.instanceName() + "' is " + seen
                : "not done: after an interruption the host shows '" + operation.instanceName() + "' " + seen;
        settlement.record(operation, state, message, observed, Settlement.Presence.removedIf(observed == null),
                Settlement.Audit.NOW);
        return state;
    }

}
