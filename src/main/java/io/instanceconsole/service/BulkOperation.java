package io.instanceconsole.service;

import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.OperationState;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * Runs a {@link BulkPlan} through the lifecycle service, so every item is journaled, resilient and audited like a
 * single action. Items are fed to each host through a small window of its own, so a stuck host holds only its own
 * items (the others run at full speed) and {@link #cancel()} stops everything not yet started. Thread-safe.
 */
public final class BulkOperation {
    /** Items in flight per host; above the default bulkhead so a host is never starved, small so cancel is prompt. */
    public static final int WINDOW_PER_HOST = 16;

    /** UNKNOWN: the host did not answer in time; the console settles it from the host's state later. */
    public enum ItemState { QUEUED, RUNNING, SUCCEEDED, SKIPPED, FAILED, UNKNOWN, CANCELLED }

    /** One item's progress. */
    public record ItemUpdate(InstanceKey key, String name, ItemState state, String message) {
    }

    private final BulkPlan plan;
    private final InstanceActions actions;
    private final Consumer<ItemUpdate> listener;
    private final Map<String, Deque<Instance>> queues = new LinkedHashMap<>();
    private final Map<InstanceKey, ActionResult> results = new LinkedHashMap<>();
    private final CompletableFuture<List<ActionResult>> done = new CompletableFuture<>();
    private int outstanding;
    private boolean cancelled;

    private BulkOperation(BulkPlan plan, InstanceActions actions, Consumer<ItemUpdate> listener) {
        this.plan = requireNonNull(plan, "plan was not specified");
        this.actions = requireNonNull(actions, "actions was not specified");
        this.listener = requireNonNull(listener, "listener was not specified");
    }

    /**
     * Starts the plan: skipped items are reported SKIPPED at once and never sent; the others are queued per host.
     *
     * @param listener receives every item's progress, on service threads (the UI coalesces)
     */
    public static BulkOperation start(BulkPlan plan, InstanceActions actions, Consumer<ItemUpdate> listener) {
        BulkOperation operation = new BulkOperation(plan, actions, listener);
        operation.begin();
        return operation;
    }

    private void begin() {
        plan.skipped().forEach((reason, list) -> list.forEach(i ->
                listener.accept(new ItemUpdate(i.key(), i.name(), ItemState.SKIPPED, reason))));
        List<Instance> toStart = new ArrayList<>();
        synchronized (this) {
            for (Instance instance : plan.willRun()) {
                queues.computeIfAbsent(instance.connectionId(), k -> new ArrayDeque<>()).add(instance);
                listener.accept(new ItemUpdate(instance.key(), instance.name(), ItemState.QUEUED, ""));
            }
            for (Deque<Instance> queue : queues.values()) {
                for (int i = 0; i < WINDOW_PER_HOST && !queue.isEmpty(); i++) {
                    toStart.add(queue.poll());
                }
            }
            outstanding = toStart.size();
        }
        toStart.forEach(this::send);
        finishIfDone();
    }

    private void send(Instance instance) {
        listener.accept(new ItemUpdate(instance.key(), instance.name(), ItemState.RUNNING, ""));
        actions.perform(plan.action(), instance.key()).thenAccept(result -> completed(instance, result));
    }

    private void completed(Instance instance, ActionResult result) {
        ItemState state = switch (result.outcome()) {
            case SUCCEEDED -> ItemState.SUCCEEDED;
            case SKIPPED -> ItemState.SKIPPED;
            case UNKNOWN -> ItemState.UNKNOWN;
            default -> ItemState.FAILED;
        };
        listener.accept(new ItemUpdate(instance.key(), instance.name(), state,
                result.outcome() == OperationState.SUCCEEDED ? "" : result.message()));
        Instance next;
        synchronized (this) {
            results.put(instance.key(), result);
            Deque<Instance> queue = queues.get(instance.connectionId());
            next = cancelled || queue.isEmpty() ? null : queue.poll();
            if (next == null) {
                outstanding--;
            }
        }
        if (next != null) {
            send(next);
        }
        finishIfDone();
    }

    /** Stops every item not yet started (reported CANCELLED); items already sent finish and are reported. */
    public void cancel() {
        List<Instance> dropped = new ArrayList<>();
        synchronized (this) {
            cancelled = true;
            queues.values().forEach(dropped::addAll);
            queues.values().forEach(Deque::clear);
        }
        dropped.forEach(i -> listener.accept(new ItemUpdate(i.key(), i.name(), ItemState.CANCELLED, "cancelled before it started")));
        finishIfDone();
    }

    private void finishIfDone() {
        boolean finished;
        synchronized (this) {
            finished = outstanding == 0 && queues.values().stream().allMatch(Deque::isEmpty);
        }
        if (finished) {
            synchronized (this) {
                done.complete(List.copyOf(results.values()));
            }
        }
    }

    /** Completes with the results of every item that was sent, when the last one is settled. */
    public CompletableFuture<List<ActionResult>> completion() {
        return done;
    }

    public BulkPlan plan() {
        return plan;
    }

    /** The instances whose action failed (for "retry failed", which plans them again from their current state). */
    public synchronized List<InstanceKey> failed() {
        return results.values().stream().filter(ActionResult::isError).map(ActionResult::key).toList();
    }

    public Action action() {
        return plan.action();
    }
}
