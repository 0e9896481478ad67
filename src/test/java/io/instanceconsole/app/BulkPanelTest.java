package io.instanceconsole.app;

import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.AuditEvent;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.domain.OperationState;
import io.instanceconsole.service.BulkOperation;
import io.instanceconsole.service.BulkOperation.ItemState;
import io.instanceconsole.ui.instances.InstanceRowViewModel;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.framework.junit5.Start;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.instanceconsole.app.MainWindowHarness.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bulk actions over mixed selections on the whole main window: the preview the toolbar shows, skipped rows never
 * sent, cancel of queued items and retry of the failures, driven by the keyboard and the progress panel's buttons,
 * with the simulator's fault injector holding or failing calls.
 */
class BulkPanelTest extends MainWindowTestBase {
    /** Items a bulk run sends to one host at once; the rest wait queued. */
    private static final int WINDOW_PER_HOST = BulkOperation.WINDOW_PER_HOST;

    @Start
    void start(Stage stage) {
        open(stage);
    }

    /** 7 running, 2 paused and 1 stopped instance, picked by state from the seeded fleet. */
    private List<Instance> mixedSelection() {
        List<Instance> picked = new ArrayList<>();
        picked.addAll(snapshots(InstanceStatus.RUNNING, 7));
        picked.addAll(snapshots(InstanceStatus.PAUSED, 2));
        picked.addAll(snapshots(InstanceStatus.STOPPED, 1));
        return picked;
    }

    private List<Instance> snapshots(InstanceStatus status, int count) {
        List<InstanceRowViewModel> rows = h.rows(status);
        assertThat(rows).as("the seeded fleet has %d %s instances", count, status).hasSizeGreaterThanOrEqualTo(count);
        return rows.stream().limit(count).map(InstanceRowViewModel::snapshot).toList();
    }

    /**
     * The preview the README promises, computed here from the selection as shown: how many the action sends, and the
     * others grouped by why they are skipped, in the order the selection first meets each reason.
     */
    private static String expectedPreview(Action action, List<Instance> selection) {
        int willRun = 0;
        Map<String, Integer> skipped = new LinkedHashMap<>();
        for (Instance instance : selection) {
            InstanceStatus status = instance.status();
            if (action.isAllowedFrom(status)) {
                willRun++;
            } else {
                skipped.merge(action.isAlreadyDone(status) ? "already " + status.key() : status.key(), 1, Integer::sum);
            }
        }
        StringBuilder text = new StringBuilder(willRun + " will " + action.label().toLowerCase(Locale.ROOT));
        skipped.forEach((reason, count) -> text.append(" · ").append(count).append(" skipped: ").append(reason));
        return text.toString();
    }

    /** Hovers over a toolbar button until its tooltip shows, and returns what it says. */
    private String tooltipOf(String buttonId) {
        Button button = h.button(buttonId);
        Tooltip tooltip = button.getTooltip(); // shown by the box around it while the button is disabled
        h.robot().moveTo(h.button("refreshButton"));
        waitUntil("the previous tooltip hides", () -> !tooltip.isShowing());
        // its text is written as it shows (on the FX thread, just after isShowing turns true): clear it, wait for it
        h.robot().interact(() -> tooltip.setText(""));
        h.robot().moveTo(button);
        waitUntil("the tooltip of " + buttonId + " shows its text", () -> tooltip.isShowing() && !tooltip.getText().isEmpty());
        return tooltip.getText();
    }

    @Test
    void mixedSelectionPreviewCountsWhatEachActionWillDoAndWhatItSkips() {
        h.select(mixedSelection());
        List<Instance> selection = h.selection();

        String pause = tooltipOf("pauseButton");
        assertThat(pause).isEqualTo(expectedPreview(Action.PAUSE, selection) + "   (Ctrl+P)")
                .contains("7 will pause").contains("2 skipped: already paused").contains("1 skipped: stopped");

        String resume = tooltipOf("resumeButton");
        assertThat(resume).isEqualTo(expectedPreview(Action.RESUME, selection) + "   (Ctrl+Shift+P)")
                .contains("2 will resume").contains("7 skipped: already running").contains("1 skipped: stopped");

        String stop = tooltipOf("stopButton");
        assertThat(stop).startsWith(expectedPreview(Action.STOP, selection) + "   (")
                .contains("9 will stop").contains("1 skipped: already stopped");

        // The question before a stop shows the same preview, and the count it asks about.
        h.type(KeyCode.CONTROL, KeyCode.PERIOD);
        DialogPane dialog = h.awaitDialog();
        assertThat(MainWindowHarness.text(dialog)).contains("Stop 9 instances?").contains(expectedPreview(Action.STOP, selection));
        h.answer(dialog, ButtonType.CANCEL, false);
    }

    @Test
    void aDisabledToolbarButtonSaysWhyOnHover() {
        h.select(h.first(InstanceStatus.PAUSED));
        assertThat(h.button("pauseButton").isDisabled()).isTrue();

        assertThat(tooltipOf("pauseButton")).isEqualTo("Nothing to pause: 1 already paused   (Ctrl+P)");
        h.robot().moveTo(h.button("refreshButton")); // the next test's window opens where this one was
    }

    @Test
    void bulkPauseOverAMixedSelectionNeverSendsTheSkippedRows() {
        List<Instance> selection = mixedSelection();
        List<String> running = selection.stream().filter(i -> i.status() == InstanceStatus.RUNNING).map(Instance::name).toList();
        List<Instance> skipped = selection.stream().filter(i -> i.status() != InstanceStatus.RUNNING).toList();
        h.select(selection);

        h.type(KeyCode.CONTROL, KeyCode.P);
        h.awaitPanelFinished(selection.size());

        assertThat(h.panelNames(ItemState.SUCCEEDED)).containsExactlyInAnyOrderElementsOf(running);
        assertThat(h.panelNames(ItemState.SKIPPED)).containsExactlyInAnyOrderElementsOf(skipped.stream().map(Instance::name).toList());
        // Skipped by the plan, with the preview's reason, not queued and refused later by the service.
        assertThat(h.panelItems().stream().filter(i -> i.state() == ItemState.SKIPPED).map(i -> i.messageProperty().get()))
                .containsExactlyInAnyOrder("already paused", "already paused", "stopped");
        // Every action sent to a host is audited, refused ones too (a pause sent to a paused instance comes back as
        // a REJECTED conflict): the trail names exactly the running rows.
        assertThat(h.audit()).hasSize(running.size()).allSatisfy(e -> {
            assertThat(e.action()).isEqualTo("pause");
            assertThat(e.outcome()).isEqualTo(OperationState.SUCCEEDED);
        });
        assertThat(h.auditedNames()).containsExactlyInAnyOrderElementsOf(running);
        for (Instance instance : selection) {
            InstanceStatus expected = instance.status() == InstanceStatus.RUNNING ? InstanceStatus.PAUSED : instance.status();
            assertThat(h.onHost(instance)).as(instance.name()).contains(expected);
        }
        assertThat(h.notifications()).isEmpty();
    }

    @Test
    void cancelStopsTheQueuedItemsWhileTheStartedOnesFinish() {
        List<Instance> running = h.rows(InstanceStatus.RUNNING).stream().map(InstanceRowViewModel::snapshot).toList();
        assertThat(running).as("more running instances than one host's window, so some must wait").hasSizeGreaterThan(WINDOW_PER_HOST);
        h.simulator().faults().hang(); // every call to the host blocks until released
        h.select(running);

        h.type(KeyCode.CONTROL, KeyCode.P);
        waitUntil("the run holds a window of items and queues the rest", () -> h.panelItems().size() == running.size()
                && h.panelCount(i -> i.state() == ItemState.RUNNING) == WINDOW_PER_HOST
                && h.panelCount(i -> i.state() == ItemState.QUEUED) == running.size() - WINDOW_PER_HOST
                && !h.button("cancelButton").isDisabled());
        List<String> started = h.panelNames(ItemState.RUNNING);
        List<String> queued = h.panelNames(ItemState.QUEUED);

        h.robot().clickOn(h.button("cancelButton"));
        waitUntil("the queued items are cancelled", () -> h.panelNames(ItemState.CANCELLED).size() == queued.size());
        assertThat(h.panelNames(ItemState.CANCELLED)).containsExactlyInAnyOrderElementsOf(queued);
        h.simulator().faults().release();
        h.awaitPanelFinished(running.size());

        assertThat(h.panelNames(ItemState.SUCCEEDED)).containsExactlyInAnyOrderElementsOf(started);
        assertThat(h.auditedNames()).as("only the started items reached the host").containsExactlyInAnyOrderElementsOf(started);
        for (Instance instance : running) {
            InstanceStatus expected = started.contains(instance.name()) ? InstanceStatus.PAUSED : InstanceStatus.RUNNING;
            assertThat(h.onHost(instance)).as(instance.name()).contains(expected);
            assertThat(h.known(instance)).as(instance.name()).contains(expected);
        }
        assertThat(h.button("retryButton").isDisabled()).as("nothing failed").isTrue();
    }

    @Test
    void retryFailedRerunsOnlyTheFailures() {
        List<Instance> running = snapshots(InstanceStatus.RUNNING, 8);
        h.simulator().faults().rejectNextWithConflict(3); // the next three actions to reach the host are refused
        h.select(running);

        h.type(KeyCode.CONTROL, KeyCode.P);
        h.awaitPanelFinished(running.size());
        List<String> failed = h.panelNames(ItemState.FAILED);
        assertThat(failed).hasSize(3);
        assertThat(h.panelNames(ItemState.SUCCEEDED)).hasSize(5).doesNotContainAnyElementsOf(failed);
        assertThat(h.audit().stream().filter(e -> e.outcome() == OperationState.REJECTED).map(AuditEvent::instanceName))
                .containsExactlyInAnyOrderElementsOf(failed);
        long lastSeq = h.audit().stream().mapToLong(AuditEvent::seq).max().orElseThrow();
        h.simulator().faults().clear();

        // Retry takes the failures only: a new selection must not matter.
        Instance elsewhere = h.first(InstanceStatus.STOPPED);
        h.select(elsewhere);
        assertThat(h.button("retryButton").isDisabled()).isFalse();
        h.robot().clickOn(h.button("retryButton"));
        waitUntil("the panel shows the retry run", () -> h.panelItems().size() == failed.size());
        h.awaitPanelFinished(failed.size());

        assertThat(h.panelNames(ItemState.SUCCEEDED)).containsExactlyInAnyOrderElementsOf(failed);
        List<AuditEvent> retried = h.audit().stream().filter(e -> e.seq() > lastSeq).toList();
        assertThat(retried).as("only the failures were sent again").hasSize(failed.size()).allSatisfy(e -> {
            assertThat(e.action()).isEqualTo("pause");
            assertThat(e.outcome()).isEqualTo(OperationState.SUCCEEDED);
        });
        assertThat(retried.stream().map(AuditEvent::instanceName)).containsExactlyInAnyOrderElementsOf(failed);
        for (Instance instance : running) {
            assertThat(h.onHost(instance)).as(instance.name()).contains(InstanceStatus.PAUSED);
        }
        assertThat(h.button("retryButton").isDisabled()).as("nothing left to retry").isTrue();
        assertThat(h.onHost(elsewhere)).contains(InstanceStatus.STOPPED);
        assertThat(h.dialogsOpened()).as("pause and its retry never ask").isZero();
    }
}
