package io.instanceconsole.app;

import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.AuditEvent;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.domain.OperationState;
import io.instanceconsole.service.BulkOperation;
import io.instanceconsole.ui.instances.InstanceRowViewModel;
import io.instanceconsole.ui.keyboard.KeyBinding;
import javafx.scene.Node;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.TabPane;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.instanceconsole.app.MainWindowHarness.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every default shortcut of the README's keyboard table, pressed through the robot on the whole main window (real
 * services, embedded simulator, 40 instances in mixed states from a fixed seed). A lifecycle shortcut must do nothing
 * when its action is not possible for the selection and act when it is; stop, force stop and delete ask first.
 */
class MainWindowShortcutsTest extends MainWindowTestBase {
    @Start
    void start(Stage stage) {
        open(stage);
    }

    /**
     * One lifecycle shortcut: its keys (the README's default, Shortcut = Ctrl on Linux), a status it is refused from,
     * a status it acts from and the status it leaves (none for delete).
     */
    record LifecycleCase(Action action, String button, List<KeyCode> keys, InstanceStatus refusedFrom,
                         InstanceStatus actsFrom, InstanceStatus after) {
        boolean confirmed() {
            return action == Action.STOP || action == Action.FORCE_STOP || action == Action.DELETE;
        }

        KeyCode[] combination() {
            return keys.toArray(KeyCode[]::new);
        }

        @Override
        public String toString() {
            return action + " " + keys + " refused from " + refusedFrom + ", acts from " + actsFrom;
        }
    }

    static Stream<LifecycleCase> lifecycleShortcuts() {
        return Stream.of(
                new LifecycleCase(Action.PAUSE, "pauseButton", List.of(KeyCode.CONTROL, KeyCode.P),
                        InstanceStatus.STOPPED, InstanceStatus.RUNNING, InstanceStatus.PAUSED),
                new LifecycleCase(Action.RESUME, "resumeButton", List.of(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.P),
                        InstanceStatus.RUNNING, InstanceStatus.PAUSED, InstanceStatus.RUNNING),
                new LifecycleCase(Action.START, "startButton", List.of(KeyCode.CONTROL, KeyCode.ENTER),
                        InstanceStatus.RUNNING, InstanceStatus.STOPPED, InstanceStatus.RUNNING),
                new LifecycleCase(Action.STOP, "stopButton", List.of(KeyCode.CONTROL, KeyCode.PERIOD),
                        InstanceStatus.STOPPED, InstanceStatus.RUNNING, InstanceStatus.STOPPED),
                new LifecycleCase(Action.FORCE_STOP, "killButton", List.of(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.PERIOD),
                        InstanceStatus.STOPPED, InstanceStatus.PAUSED, InstanceStatus.STOPPED),
                new LifecycleCase(Action.RESTART, "restartButton", List.of(KeyCode.CONTROL, KeyCode.R),
                        InstanceStatus.PAUSED, InstanceStatus.RUNNING, InstanceStatus.RUNNING),
                new LifecycleCase(Action.DELETE, "deleteButton", List.of(KeyCode.DELETE),
                        InstanceStatus.RUNNING, InstanceStatus.STOPPED, null));
    }

    static Stream<LifecycleCase> confirmedShortcuts() {
        return lifecycleShortcuts().filter(LifecycleCase::confirmed);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lifecycleShortcuts")
    void lifecycleShortcutActsOnlyWhenItsActionIsExecutableForTheSelection(LifecycleCase c) {
        Instance refused = h.first(c.refusedFrom());
        h.select(refused);
        assertThat(h.button(c.button()).isDisabled()).as("%s button for a %s row", c.action(), c.refusedFrom()).isTrue();

        h.type(c.combination());
        assertThat(h.dialog()).as("no question for an action that cannot run").isEmpty();

        Instance target = h.first(c.actsFrom());
        h.select(target);
        assertThat(h.button(c.button()).isDisabled()).as("%s button for a %s row", c.action(), c.actsFrom()).isFalse();
        h.type(c.combination());
        if (c.confirmed()) {
            DialogPane dialog = h.awaitDialog();
            assertThat(MainWindowHarness.text(dialog)).contains(c.action().label() + " 1 instance?").contains(target.name());
            h.answer(dialog, ButtonType.OK, false);
        }

        waitUntil(c.action() + " of " + target.name() + " is audited", () -> !h.audit().isEmpty());
        waitUntil("the host shows the result", () -> h.onHost(target).equals(Optional.ofNullable(c.after())));
        assertThat(h.audit()).as("only the acting press sent anything").singleElement().satisfies(e -> {
            assertThat(e.instanceName()).isEqualTo(target.name());
            assertThat(e.action()).isEqualTo(c.action().key());
            assertThat(e.outcome()).isEqualTo(OperationState.SUCCEEDED);
        });
        assertThat(h.onHost(refused)).as("the refused row is untouched on the host").contains(c.refusedFrom());
        waitUntil("the store follows the host", () -> h.known(target).equals(Optional.ofNullable(c.after())));
        assertThat(h.dialogsOpened()).as("questions asked").isEqualTo(c.confirmed() ? 1 : 0);
        assertThat(h.notifications()).as("the refused press did not even explain itself: it did nothing").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("confirmedShortcuts")
    void confirmedShortcutAsksFirstAndCancellingDoesNothing(LifecycleCase c) {
        Instance target = h.first(c.actsFrom());
        h.select(target);

        h.type(c.combination());
        DialogPane dialog = h.awaitDialog();
        assertThat(MainWindowHarness.text(dialog)).contains(c.action().label() + " 1 instance?")
                .contains("1 will " + c.action().label().toLowerCase()).contains(target.name());
        assertThat(dialog.lookup("#dont-ask-again")).as("\"don't ask again\" is offered").isNotNull();
        h.answer(dialog, ButtonType.CANCEL, false);

        Instance sentinel = pauseAnotherRunningInstance(target);
        assertThat(h.auditedNames()).as("cancelled: nothing sent").containsExactly(sentinel.name());
        assertThat(h.onHost(target)).contains(c.actsFrom());
        assertThat(h.known(target)).contains(c.actsFrom());
        assertThat(h.context.preferences().get("confirm.skip." + c.action().key())).isEmpty();
    }

    @Test
    void dontAskAgainIsRememberedForThatActionOnly() {
        List<InstanceRowViewModel> running = h.rows(InstanceStatus.RUNNING);
        Instance first = running.get(0).snapshot();
        Instance second = running.get(1).snapshot();
        Instance third = running.get(2).snapshot();

        h.select(first);
        h.type(KeyCode.CONTROL, KeyCode.PERIOD);
        h.answer(h.awaitDialog(), ButtonType.OK, true);
        waitUntil("first stopped", () -> h.onHost(first).equals(Optional.of(InstanceStatus.STOPPED)));
        assertThat(h.dialogsOpened()).isEqualTo(1);

        h.select(second);
        h.type(KeyCode.CONTROL, KeyCode.PERIOD);
        waitUntil("second stopped without a question", () -> h.onHost(second).equals(Optional.of(InstanceStatus.STOPPED)));
        assertThat(h.dialogsOpened()).as("stop no longer asks").isEqualTo(1);

        h.select(third);
        h.type(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.PERIOD);
        DialogPane forceStop = h.awaitDialog();
        assertThat(MainWindowHarness.text(forceStop)).as("force stop still asks").contains("Force stop 1 instance?");
        h.answer(forceStop, ButtonType.CANCEL, false);

        Instance stopped = h.rows(InstanceStatus.STOPPED).stream().map(InstanceRowViewModel::snapshot)
                .filter(i -> !i.key().equals(first.key()) && !i.key().equals(second.key())).findFirst().orElseThrow();
        h.select(stopped);
        h.type(KeyCode.DELETE);
        DialogPane delete = h.awaitDialog();
        assertThat(MainWindowHarness.text(delete)).as("delete still asks").contains("Delete 1 instance?");
        h.answer(delete, ButtonType.CANCEL, false);

        assertThat(h.dialogsOpened()).isEqualTo(3);
        assertThat(h.onHost(third)).contains(InstanceStatus.RUNNING);
        assertThat(h.onHost(stopped)).contains(InstanceStatus.STOPPED);
        assertThat(h.auditedNames()).containsExactlyInAnyOrder(first.name(), second.name());
    }

    /**
     * Delete is allowed from created, stopped and error only, so a running instance is never deleted, not even with
     * "don't ask again" ticked for delete: in a mixed selection it is skipped and never sent.
     */
    @Test
    void deleteNeverRemovesARunningInstanceEvenWithoutTheQuestion() {
        List<InstanceRowViewModel> stoppedRows = h.rows(InstanceStatus.STOPPED);
        Instance firstStopped = stoppedRows.get(0).snapshot();
        Instance secondStopped = stoppedRows.get(1).snapshot();
        Instance running = h.first(InstanceStatus.RUNNING);

        h.select(firstStopped);
        h.type(KeyCode.DELETE);
        h.answer(h.awaitDialog(), ButtonType.OK, true);
        waitUntil("deleted on the host", () -> h.onHost(firstStopped).isEmpty());

        h.select(running);
        assertThat(h.button("deleteButton").isDisabled()).isTrue();
        h.type(KeyCode.DELETE);

        h.select(running, secondStopped);
        h.type(KeyCode.DELETE);
        waitUntil("the stopped one is deleted", () -> h.onHost(secondStopped).isEmpty());
        h.awaitPanelFinished(2);

        assertThat(h.onHost(running)).contains(InstanceStatus.RUNNING);
        assertThat(h.panelNames(BulkOperation.ItemState.SKIPPED)).containsExactly(running.name());
        assertThat(h.auditedNames()).containsExactlyInAnyOrder(firstStopped.name(), secondStopped.name());
        assertThat(h.dialogsOpened()).isEqualTo(1);
    }

    @Test
    void ctrlDigitsShowTheTabsAndCtrlShiftDSwitchesAndRemembersTheTheme() {
        TabPane tabs = (TabPane) h.robot().lookup("#main-tabs").query();
        ToggleButton theme = h.robot().lookup("#themeToggle").queryAs(ToggleButton.class);
        assertThat(theme.isSelected()).as("a fresh data directory starts light").isFalse();

        h.type(KeyCode.CONTROL, KeyCode.DIGIT2);
        assertThat(tabs.getSelectionModel().getSelectedIndex()).as("Ctrl+2: Activity").isEqualTo(1);
        h.type(KeyCode.CONTROL, KeyCode.DIGIT3);
        assertThat(tabs.getSelectionModel().getSelectedIndex()).as("Ctrl+3: Connections").isEqualTo(2);
        h.type(KeyCode.CONTROL, KeyCode.DIGIT1);
        assertThat(tabs.getSelectionModel().getSelectedIndex()).as("Ctrl+1: Instances").isEqualTo(0);

        h.type(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.D);
        assertThat(theme.isSelected()).as("Ctrl+Shift+D: dark").isTrue();
        waitUntil("the choice is stored for the next start",
                () -> h.context.preferences().get("theme").equals(Optional.of("dark")));
        h.type(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.D);
        assertThat(theme.isSelected()).as("Ctrl+Shift+D again: light").isFalse();
        waitUntil("and the way back too", () -> h.context.preferences().get("theme").equals(Optional.of("light")));
        assertThat(h.audit()).isEmpty();
    }

    @Test
    void onAnotherTabTheInstanceShortcutsAndToolbarsAreOff() {
        Instance running = h.first(InstanceStatus.RUNNING);
        h.select(running);
        TabPane tabs = (TabPane) h.robot().lookup("#main-tabs").query();

        h.robot().interact(() -> tabs.getSelectionModel().select(2));
        h.type(KeyCode.CONTROL, KeyCode.P);

        assertThat(h.robot().lookup(".action-toolbar").query().isVisible()).as("action toolbar on Connections").isFalse();
        assertThat(h.robot().lookup(".title-3").queryAs(Label.class).getText()).isEqualTo("Connections");
        assertThat(h.audit()).as("Ctrl+P on the Connections tab paused nothing").isEmpty();
        assertThat(h.onHost(running)).contains(InstanceStatus.RUNNING);

        h.robot().interact(() -> tabs.getSelectionModel().select(0));
        h.type(KeyCode.CONTROL, KeyCode.P);

        waitUntil("back on Instances, Ctrl+P pauses the selection", () -> h.onHost(running).equals(Optional.of(InstanceStatus.PAUSED)));
    }

    @Test
    void f5ResyncsTheHostsAndTheSelectionSurvives() {
        List<Instance> mixed = h.table().getItems().stream().limit(8).map(InstanceRowViewModel::snapshot).toList();
        Instance target = mixed.stream().filter(i -> i.status() == InstanceStatus.RUNNING).findFirst()
                .orElseGet(() -> h.first(InstanceStatus.RUNNING));
        List<Instance> selected = Stream.concat(mixed.stream(), Stream.of(target)).distinct().toList();
        h.select(selected);
        List<InstanceKey> before = h.selection().stream().map(Instance::key).toList();

        // Stop following the host's live events, so only a resync can bring the change in.
        h.context.reconciler().disconnect(target.connectionId());
        h.simulator().changeExternally(target.id(), InstanceStatus.PAUSED, "user");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(rowStatus(target)).as("no event reached the table").isEqualTo(InstanceStatus.RUNNING);

        h.type(KeyCode.F5);

        waitUntil("F5 brings the host's change to the table", () -> rowStatus(target) == InstanceStatus.PAUSED);
        assertThat(h.known(target)).contains(InstanceStatus.PAUSED);
        assertThat(h.selection().stream().map(Instance::key).toList()).containsExactlyElementsOf(before);
        waitUntil("the trail says what was seen on the host", () -> !h.audit().isEmpty());
        assertThat(h.audit()).as("a resync is not an action: the trail only says what was seen on the host")
                .singleElement().satisfies(e -> {
                    assertThat(e.outcome()).isEqualTo(OperationState.OBSERVED);
                    assertThat(e.instanceId()).isEqualTo(target.id());
                    assertThat(e.action()).isEqualTo("pause");
                });
    }

    @Test
    void f1AndCtrlSlashShowTheShortcutSheetWithEveryBinding() {
        h.type(KeyCode.F1);
        waitUntil("the sheet shows", () -> sheet().isPresent());
        List<String> texts = sheet().orElseThrow().lookupAll(".label").stream()
                .map(n -> ((Label) n).getText()).toList();
        for (KeyBinding binding : KeyBinding.values()) {
            assertThat(texts).as("the sheet lists %s", binding).contains(binding.description());
        }
        assertThat(texts).contains("Ctrl+P", "F5", "Delete");

        h.type(KeyCode.ESCAPE);
        waitUntil("Esc closes the sheet", () -> sheet().isEmpty());
        h.robot().interact(() -> h.table().getScene().getWindow().requestFocus());
        h.robot().interact(() -> h.table().requestFocus());

        h.type(KeyCode.CONTROL, KeyCode.SLASH);
        waitUntil("Ctrl+/ shows the sheet too", () -> sheet().isPresent());
        h.type(KeyCode.ESCAPE);
        waitUntil("Esc closes it again", () -> sheet().isEmpty());
        assertThat(h.audit()).isEmpty();
    }

    @Test
    void everyReadmeShortcutIsBoundByDefault() throws Exception {
        // The README's table is a contract: its shortcuts, as written there, are the defaults the console binds.
        String readme = Files.readString(Path.of("README.md"));
        String table = readme.substring(readme.indexOf("| action | default shortcut |"));
        table = table.substring(0, table.indexOf("\n\n"));
        List<String> readmeShortcuts = Arrays.stream(table.split("\n")).skip(2)
                .flatMap(line -> Pattern.compile("`([^`]+)`").matcher(line).results().map(m -> m.group(1)))
                .map(s -> s.replace("Shortcut+.", "Shortcut+Period").replace("Shortcut+Shift+.", "Shortcut+Shift+Period")
                        .replace("Shortcut+/", "Shortcut+Slash"))
                .toList();
        List<String> bound = Arrays.stream(KeyBinding.values()).flatMap(b -> b.defaults().stream()).toList();
        assertThat(bound).containsExactlyInAnyOrderElementsOf(readmeShortcuts);
    }

    private InstanceStatus rowStatus(Instance instance) {
        return h.table().getItems().stream().filter(r -> r.key().equals(instance.key())).findFirst().orElseThrow()
                .snapshot().status();
    }

    private Optional<Node> sheet() {
        return Window.getWindows().stream().filter(Window::isShowing)
                .map(w -> w.getScene().lookup("#shortcut-sheet")).filter(Objects::nonNull).findFirst();
    }

    /**
     * Pauses a running instance other than {@code excluded} through the same keyboard path and waits for it: whatever
     * an earlier press queued would have reached the audit trail by then.
     */
    private Instance pauseAnotherRunningInstance(Instance excluded) {
        Instance sentinel = h.rows(InstanceStatus.RUNNING).stream().map(InstanceRowViewModel::snapshot)
                .filter(i -> !i.key().equals(excluded.key())).findFirst().orElseThrow();
        h.select(sentinel);
        h.type(KeyCode.CONTROL, KeyCode.P);
        waitUntil("the sentinel pause is audited", () -> h.audit().stream().map(AuditEvent::instanceName).anyMatch(sentinel.name()::equals));
        waitUntil("the sentinel is paused", () -> h.onHost(sentinel).equals(Optional.of(InstanceStatus.PAUSED)));
        return sentinel;
    }
}
