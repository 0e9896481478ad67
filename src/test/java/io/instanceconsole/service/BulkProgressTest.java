package io.instanceconsole.service;

import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.domain.OperationState;
import io.instanceconsole.service.BulkOperation.ItemState;
import io.instanceconsole.service.BulkOperation.ItemUpdate;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the bulk progress dialog is told about each item, over actions the test answers one by one (nothing runs by
 * itself): skipped rows at once and never sent; every other row QUEUED, then RUNNING when it is sent, then its
 * outcome with the result's message (none on success); at most {@link BulkOperation#WINDOW_PER_HOST} in flight per
 * host; a cancel reports what had not started and lets what was sent finish.
 */
class BulkProgressTest {
    private final List<ItemUpdate> updates = new CopyOnWriteArrayList<>();
    private final ScriptedActions actions = new ScriptedActions();

    /** Actions that complete when the test says, with the outcome it says. */
    private static final class ScriptedActions implements InstanceActions {
        final Map<InstanceKey, CompletableFuture<ActionResult>> sent = new ConcurrentHashMap<>();
        final List<InstanceKey> order = new CopyOnWriteArrayList<>();

        @Override
        public CompletableFuture<ActionResult> perform(Action action, InstanceKey key) {
            CompletableFuture<ActionResult> result = new CompletableFuture<>();
            sent.put(key, result);
            order.add(key);
            return result;
        }

        @Override
        public Optional<String> whyNot(Action action, Instance instance) {
            return Optional.empty();
        }

        void answer(Instance instance, OperationState outcome, String message) {
            sent.get(instance.key()).complete(new ActionResult(instance.key(), instance.name(), Action.PAUSE, outcome,
                    InstanceStatus.PAUSED, message));
        }
    }

    private static Instance vm(String host, int n) {
        return new Instance(new InstanceKey(host, "id-" + n), host + "-vm-" + n, BackendKind.SIMULATOR, "",
                InstanceStatus.RUNNING, "", null, Instant.EPOCH);
    }

    private static List<Instance> vms(String host, int count) {
        List<Instance> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            all.add(vm(host, i));
        }
        return all;
    }

    private List<ItemState> statesOf(Instance instance) {
        return updates.stream().filter(u -> u.key().equals(instance.key())).map(ItemUpdate::state).toList();
    }

    private ItemUpdate lastOf(Instance instance) {
        return updates.stream().filter(u -> u.key().equals(instance.key())).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void skippedRowsAreReportedAtOnceWithTheirReasonAndNeverSent() {
        Instance paused = vm("lab", 1);
        Instance unreachable = vm("far", 2);
        Map<String, List<Instance>> skipped = new LinkedHashMap<>();
        skipped.put("already paused", List.of(paused));
        skipped.put("host unreachable", List.of(unreachable));

        BulkPlan plan = new BulkPlan(Action.PAUSE, List.of(), skipped);
        BulkOperation bulk = BulkOperation.start(plan, actions, updates::add);

        assertThat(updates).containsExactly(
                new ItemUpdate(paused.key(), paused.name(), ItemState.SKIPPED, "already paused"),
                new ItemUpdate(unreachable.key(), unreachable.name(), ItemState.SKIPPED, "host unreachable"));
        assertThat(actions.sent).isEmpty();
        assertThat(bulk.completion()).isCompletedWithValue(List.of());
        assertThat(bulk.action()).isEqualTo(Action.PAUSE);
        assertThat(bulk.plan()).isEqualTo(plan);
    }

    @Test
    void eachRowIsQueuedThenRunningThenItsOutcomeWithTheResultsMessageUnlessItSucceeded() {
        Instance ok = vm("lab", 1);
        Instance refused = vm("lab", 2);
        Instance lost = vm("lab", 3);
        Instance raced = vm("lab", 4);

        BulkOperation bulk = BulkOperation.start(new BulkPlan(Action.PAUSE, List.of(ok, refused, lost, raced), Map.of()),
                actions, updates::add);

        assertThat(updates.subList(0, 4)).extracting(ItemUpdate::state).containsOnly(ItemState.QUEUED);
        assertThat(updates.subList(0, 4)).extracting(ItemUpdate::message).containsOnly("");
        assertThat(actions.order).containsExactly(ok.key(), refused.key(), lost.key(), raced.key());
        assertThat(statesOf(ok)).containsExactly(ItemState.QUEUED, ItemState.RUNNING);

        actions.answer(ok, OperationState.SUCCEEDED, "ignored on success");
        actions.answer(refused, OperationState.REJECTED, "'lab-vm-2' is stopped; pause needs running");
        actions.answer(lost, OperationState.UNKNOWN, "outcome of pause is unknown");
        assertThat(bulk.completion()).isNotDone();
        actions.answer(raced, OperationState.SKIPPED, "'lab-vm-4' has a stop under way");

        assertThat(lastOf(ok)).isEqualTo(new ItemUpdate(ok.key(), ok.name(), ItemState.SUCCEEDED, ""));
        assertThat(lastOf(refused)).isEqualTo(new ItemUpdate(refused.key(), refused.name(), ItemState.FAILED,
                "'lab-vm-2' is stopped; pause needs running"));
        assertThat(lastOf(lost).state()).isEqualTo(ItemState.UNKNOWN);
        assertThat(lastOf(raced).state()).isEqualTo(ItemState.SKIPPED);
        assertThat(bulk.completion()).isCompleted();
        assertThat(bulk.completion().join()).extracting(ActionResult::key)
                .containsExactly(ok.key(), refused.key(), lost.key(), raced.key());
        assertThat(bulk.failed()).containsExactly(refused.key(), lost.key());
    }

    @Test
    void aHostHasAtMostItsWindowInFlightAndEachAnswerSendsItsNext() {
        List<Instance> lab = vms("lab", BulkOperation.WINDOW_PER_HOST + 2);
        List<Instance> far = vms("far", 2);
        List<Instance> all = new ArrayList<>(lab);
        all.addAll(far);

        BulkOperation bulk = BulkOperation.start(new BulkPlan(Action.PAUSE, all, Map.of()), actions, updates::add);

        assertThat(actions.sent).hasSize(BulkOperation.WINDOW_PER_HOST + 2);
        assertThat(actions.sent).containsKeys(far.get(0).key(), far.get(1).key());
        Instance waiting = lab.get(BulkOperation.WINDOW_PER_HOST);
        assertThat(statesOf(waiting)).containsExactly(ItemState.QUEUED);

        actions.answer(far.get(0), OperationState.SUCCEEDED, "");
        assertThat(actions.sent).doesNotContainKey(waiting.key()); // another host's answer frees none of lab's

        actions.answer(lab.get(0), OperationState.SUCCEEDED, "");
        assertThat(actions.sent).containsKey(waiting.key());
        assertThat(statesOf(waiting)).containsExactly(ItemState.QUEUED, ItemState.RUNNING);

        for (Instance instance : all) {
            CompletableFuture<ActionResult> sent = actions.sent.get(instance.key());
            if (sent != null && !sent.isDone()) {
                actions.answer(instance, OperationState.SUCCEEDED, "");
            }
        }
        assertThat(bulk.completion()).isCompleted();
        assertThat(bulk.completion().join()).hasSize(all.size());
        assertThat(bulk.failed()).isEmpty();
    }

    @Test
    void aCancelReportsWhatHadNotStartedAndLetsWhatWasSentFinish() {
        List<Instance> lab = vms("lab", BulkOperation.WINDOW_PER_HOST + 3);

        BulkOperation bulk = BulkOperation.start(new BulkPlan(Action.PAUSE, lab, Map.of()), actions, updates::add);
        bulk.cancel();

        for (Instance notStarted : lab.subList(BulkOperation.WINDOW_PER_HOST, lab.size())) {
            assertThat(lastOf(notStarted)).isEqualTo(new ItemUpdate(notStarted.key(), notStarted.name(),
                    ItemState.CANCELLED, "cancelled before it started"));
        }
        assertThat(bulk.completion()).isNotDone();

        for (Instance sent : lab.subList(0, BulkOperation.WINDOW_PER_HOST)) {
            actions.answer(sent, OperationState.SUCCEEDED, "");
        }

        assertThat(actions.sent).hasSize(BulkOperation.WINDOW_PER_HOST);
        assertThat(bulk.completion()).isCompleted();
        assertThat(bulk.completion().join()).hasSize(BulkOperation.WINDOW_PER_HOST);
    }
}
