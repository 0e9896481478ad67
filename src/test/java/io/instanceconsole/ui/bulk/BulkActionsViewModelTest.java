package io.instanceconsole.ui.bulk;

import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.domain.OperationState;
import io.instanceconsole.service.ActionResult;
import io.instanceconsole.service.BulkOperation.ItemState;
import io.instanceconsole.service.InstanceActions;
import io.instanceconsole.service.InstanceChanges;
import io.instanceconsole.testing.MemoryPreferences;
import io.instanceconsole.ui.common.DialogService;
import io.instanceconsole.ui.instances.InstanceTableViewModel;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Bulk actions without the toolkit: a current-thread UI executor, a fake service and a fake dialog service. */
class BulkActionsViewModelTest {
    private final List<String> sent = new ArrayList<>();
    private final List<String> notifications = new ArrayList<>();
    private final List<String> questions = new ArrayList<>();
    private final MemoryPreferences preferences = new MemoryPreferences();
    private final Map<InstanceKey, CompletableFuture<ActionResult>> pending = new ConcurrentHashMap<>();
    private DialogService.Confirmation answer = new DialogService.Confirmation(true, false);
    private boolean completeAtOnce = true;
    private final String[] clipboard = {""};

    private final InstanceActions service = new InstanceActions() {
        @Override
        public CompletableFuture<ActionResult> perform(Action action, InstanceKey key) {
            sent.add(action.key() + " " + key.instanceId());
            if (completeAtOnce) {
                boolean fail = key.instanceId().startsWith("bad");
                return CompletableFuture.completedFuture(new ActionResult(key, key.instanceId(), action,
                        fail ? OperationState.FAILED : OperationState.SUCCEEDED, null, fail ? "host 'lab' is failing" : ""));
            }
            return pending.computeIfAbsent(key, k -> new CompletableFuture<>());
        }

        @Override
        public Optional<String> whyNot(Action action, Instance instance) {
            return action.isAllowedFrom(instance.status()) ? Optional.empty() : Optional.of("it is " + instance.status().key());
        }
    };

    /** The rows, and the selection the bulk actions apply to. */
    private final InstanceTableViewModel table = new InstanceTableViewModel(service, Runnable::run, (s, m) -> { },
            id -> "lab");
    private final BulkActionsViewModel viewModel = new BulkActionsViewModel(table.selection(), key -> table.selection()
            .instances().stream().filter(i -> i.key().equals(key)).findFirst().orElse(null), service, new DialogService() {
        @Override
        public Confirmation confirm(String title, String question, String details, boolean offerDontAskAgain) {
            questions.add(question + " | " + details);
            return answer;
        }

        @Override
        public void copyToClipboard(String text) {
            clipboard[0] = text;
        }
    }, (severity, message) -> notifications.add(message), preferences, Runnable::run, Runnable::run, id -> "lab");

    private static Instance instance(String id, InstanceStatus status) {
        return new Instance(new InstanceKey("lab", id), id, BackendKind.SIMULATOR, "img", status, "", Instant.EPOCH, Instant.now());
    }

    /** These instances are rows of the table (as they are now) and the selection. */
    private void select(Instance... instances) {
        hostReports(instances);
        Set<InstanceKey> keys = Arrays.stream(instances).map(Instance::key).collect(Collectors.toSet());
        table.selectionChanged(table.sortedRows().stream().filter(row -> keys.contains(row.key())).toList());
    }

    /** The host reports these states: their rows change. */
    private void hostReports(Instance... instances) {
        table.apply(List.of(new InstanceChanges(List.of(instances), List.of())));
    }

    @Test
    void commandIsExecutableWhenAtLeastOneSelectedRowQualifies() {
        select(instance("a", InstanceStatus.PAUSED), instance("b", InstanceStatus.STOPPED));
        assertThat(viewModel.command(Action.PAUSE).isExecutable()).isFalse();
        assertThat(viewModel.command(Action.RESUME).isExecutable()).isTrue();
        assertThat(viewModel.command(Action.DELETE).isExecutable()).isTrue();

        select(instance("a", InstanceStatus.PAUSED), instance("c", InstanceStatus.RUNNING));
        assertThat(viewModel.command(Action.PAUSE).isExecutable()).isTrue();

        select();
        assertThat(viewModel.command(Action.RESUME).isExecutable()).isFalse();
    }

    @Test
    void previewCountsWhatWillHappenAndSkippedRowsAreNeverSent() {
        select(instance("r1", InstanceStatus.RUNNING), instance("r2", InstanceStatus.RUNNING), instance("p1", InstanceStatus.PAUSED),
                instance("s1", InstanceStatus.STOPPED));

        assertThat(viewModel.preview(Action.PAUSE)).isEqualTo("2 will pause · 1 skipped: already paused · 1 skipped: stopped");
        viewModel.command(Action.PAUSE).execute();

        assertThat(sent).containsExactlyInAnyOrder("pause r1", "pause r2");
        assertThat(questions).as("pause never asks").isEmpty();
        assertThat(viewModel.progress().items()).extracting(BulkItemViewModel::state)
                .containsExactlyInAnyOrder(ItemState.SUCCEEDED, ItemState.SUCCEEDED, ItemState.SKIPPED, ItemState.SKIPPED);
    }

    @Test
    void stopAsksWithThePreviewAndDontAskAgainIsRememberedPerAction() {
        select(instance("r1", InstanceStatus.RUNNING), instance("s1", InstanceStatus.STOPPED));
        answer = new DialogService.Confirmation(false, false);

        viewModel.command(Action.STOP).execute();
        assertThat(questions).singleElement().asString().contains("Stop 1 instance?").contains("1 will stop · 1 skipped: already stopped");
        assertThat(sent).isEmpty();

        answer = new DialogService.Confirmation(true, true);
        viewModel.command(Action.STOP).execute();
        viewModel.command(Action.STOP).execute();
        assertThat(questions).hasSize(2);
        assertThat(sent).containsExactly("stop r1", "stop r1");

        select(instance("s1", InstanceStatus.STOPPED));
        viewModel.command(Action.DELETE).execute();
        assertThat(questions).as("don't ask again is per action").hasSize(3);
    }

    @Test
    void askAgainUndoesDontAskAgainAndTheQuestionNamesEachInstancesHost() {
        select(instance("r1", InstanceStatus.RUNNING));
        answer = new DialogService.Confirmation(true, true);
        viewModel.command(Action.STOP).execute();
        select(instance("r2", InstanceStatus.RUNNING));
        viewModel.command(Action.STOP).execute();
        assertThat(questions).hasSize(1);

        viewModel.askAgain();
        viewModel.command(Action.STOP).execute();

        assertThat(questions).hasSize(2);
        assertThat(questions.get(1)).contains("r2 on lab");
        assertThat(notifications).contains("Stop, force stop and delete ask again before they run");
    }

    @Test
    void rowsShowTheActionOfTheBulkRunningNowNotThePreviousOne() {
        List<Action> shown = new ArrayList<>();
        viewModel.progress().whenItemsChange((action, batch) -> shown.add(action));
        select(instance("r1", InstanceStatus.RUNNING));
        viewModel.command(Action.PAUSE).execute();
        select(instance("p1", InstanceStatus.PAUSED));
        shown.clear();

        viewModel.command(Action.RESUME).execute();

        assertThat(shown).isNotEmpty().containsOnly(Action.RESUME);
    }

    @Test
    void bulkActionOnZeroQualifyingRowsExplainsWhyNothingHappened() {
        select(instance("p1", InstanceStatus.PAUSED), instance("p2", InstanceStatus.PAUSED));

        viewModel.request(Action.PAUSE);

        assertThat(sent).isEmpty();
        assertThat(notifications).containsExactly("Nothing to pause: 2 already paused");
    }

    @Test
    void cancelStopsQueuedItemsAndRetryFailedRerunsOnlyTheFailures() {
        completeAtOnce = false;
        List<Instance> many = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            many.add(instance((i < 2 ? "bad" : "ok") + i, InstanceStatus.RUNNING));
        }
        select(many.toArray(Instance[]::new));

        viewModel.command(Action.PAUSE).execute();
        assertThat(sent).hasSize(16);
        viewModel.progress().cancelCommand().execute();
        pending.forEach((key, future) -> future.complete(new ActionResult(key, key.instanceId(), Action.PAUSE,
                key.instanceId().startsWith("bad") ? OperationState.FAILED : OperationState.SUCCEEDED, null,
                key.instanceId().startsWith("bad") ? "host 'lab' is failing" : "")));

        assertThat(sent).as("nothing queued was sent after cancel").hasSize(16);
        assertThat(viewModel.progress().items()).filteredOn(i -> i.state() == ItemState.CANCELLED).hasSize(24);
        viewModel.progress().copyErrorsCommand().execute();
        assertThat(clipboard[0]).contains("bad0 on lab: host 'lab' is failing").contains("bad1");

        completeAtOnce = true;
        sent.clear();
        viewModel.progress().retryFailedCommand().execute();
        assertThat(sent).containsExactlyInAnyOrder("pause bad0", "pause bad1");
    }

    // ---- issue 24 (3): the panel follows settlements

    @Test
    void unknownItemsSayWhyAndBecomeSucceededOrFailedWhenTheHostSettlesThem() {
        completeAtOnce = false;
        Instance a = instance("a", InstanceStatus.RUNNING);
        Instance b = instance("b", InstanceStatus.RUNNING);
        select(a, b);
        viewModel.command(Action.PAUSE).execute();
        pending.get(a.key()).complete(new ActionResult(a.key(), "a", Action.PAUSE, OperationState.UNKNOWN, null, ""));
        pending.get(b.key()).complete(new ActionResult(b.key(), "b", Action.PAUSE, OperationState.UNKNOWN, null,
                "outcome of pause of 'b' is unknown (no answer in 30 s)"));

        assertThat(viewModel.progress().summaryProperty().get()).isEqualTo("2 unknown");
        assertThat(item("a").messageProperty().get()).as("an unknown item says why").contains("no answer");
        assertThat(item("b").messageProperty().get()).contains("no answer in 30 s");

        // the host answers again: a is paused, b is still running (its pause did not happen)
        Instant later = Instant.now().plusSeconds(60);
        hostReports(a.withStatus(InstanceStatus.PAUSED, "", later), b.withStatus(InstanceStatus.RUNNING, "", later));

        assertThat(item("a").state()).isEqualTo(ItemState.SUCCEEDED);
        assertThat(item("a").messageProperty().get()).contains("settled from the host").contains("paused");
        assertThat(item("b").state()).isEqualTo(ItemState.FAILED);
        assertThat(item("b").messageProperty().get()).contains("settled from the host").contains("running");
        assertThat(viewModel.progress().summaryProperty().get()).isEqualTo("1 succeeded · 1 failed");
        assertThat(viewModel.progress().retryFailedCommand().isExecutable()).as("Retry failed now has something to do").isTrue();
        assertThat(viewModel.progress().copyErrorsCommand().isExecutable()).isTrue();
    }

    private BulkItemViewModel item(String id) {
        return viewModel.progress().items().stream().filter(i -> i.key().instanceId().equals(id)).findFirst().orElseThrow();
    }

    // ---- issue 24 (10): undo of the last bulk pause or resume

    @Test
    void undoOfABulkPauseResumesExactlyWhatItPausedAndNotWhatWasPausedBefore() {
        Instance a = instance("a", InstanceStatus.RUNNING);
        Instance b = instance("b", InstanceStatus.RUNNING);
        Instance before = instance("before", InstanceStatus.PAUSED);
        select(a, b, before);
        assertThat(viewModel.progress().undoCommand().isExecutable()).as("nothing to undo yet").isFalse();

        viewModel.command(Action.PAUSE).execute();
        hostReports(a.withStatus(InstanceStatus.PAUSED, "", Instant.now()), b.withStatus(InstanceStatus.PAUSED, "",
                Instant.now()));
        sent.clear();

        assertThat(viewModel.progress().undoCommand().isExecutable()).isTrue();
        viewModel.progress().undoCommand().execute();

        assertThat(sent).containsExactlyInAnyOrder("resume a", "resume b");
        assertThat(viewModel.progress().titleProperty().get()).startsWith("Resume");
        assertThat(viewModel.progress().undoCommand().isExecutable()).as("the undo can be undone in turn").isTrue();
    }

    @Test
    void onlyPauseAndResumeCanBeUndoneAndOnlyWhatSucceeded() {
        Instance ok = instance("ok", InstanceStatus.RUNNING);
        Instance bad = instance("bad0", InstanceStatus.RUNNING);
        select(ok, bad);
        viewModel.command(Action.PAUSE).execute();
        hostReports(ok.withStatus(InstanceStatus.PAUSED, "", Instant.now()));
        sent.clear();

        viewModel.progress().undoCommand().execute();

        assertThat(sent).as("the failed pause is not resumed").containsExactly("resume ok");

        select(instance("s", InstanceStatus.RUNNING));
        viewModel.command(Action.STOP).execute();
        assertThat(viewModel.progress().undoCommand().isExecutable()).as("a stop is not undone").isFalse();
    }
}
