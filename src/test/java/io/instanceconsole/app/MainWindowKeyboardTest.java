package io.instanceconsole.app;

import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.ConnectionPolicy;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.ui.instances.InstanceRowViewModel;
import io.instanceconsole.ui.keyboard.CommandPalette;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole main window over the real services and the embedded simulator, driven from the keyboard, headless. */
class MainWindowKeyboardTest extends MainWindowTestBase {
    private AppContext context;

    @Start
    void start(Stage stage) {
        open(stage);
        context = h.context;
    }

    private TableView<InstanceRowViewModel> table(FxRobot robot) {
        return h.table();
    }

    private void select(FxRobot robot, InstanceStatus status) {
        h.select(h.first(status));
    }

    private Instance selected(FxRobot robot) {
        return table(robot).getSelectionModel().getSelectedItem().snapshot();
    }

    private InstanceStatus statusNow(Instance instance) {
        return context.known().find(instance.key()).orElseThrow().status();
    }

    @Test
    void pauseShortcutActsOnlyWhenPauseIsExecutableForTheSelection(FxRobot robot) throws Exception {
        select(robot, InstanceStatus.STOPPED);
        Instance stopped = selected(robot);

        h.type(KeyCode.CONTROL, KeyCode.P);

        assertThat(statusNow(stopped)).isEqualTo(InstanceStatus.STOPPED);
        assertThat(context.journal().recentAudit(10)).isEmpty();

        select(robot, InstanceStatus.RUNNING);
        Instance running = selected(robot);
        robot.press(KeyCode.CONTROL, KeyCode.P).release(KeyCode.P, KeyCode.CONTROL);

        // the row may show the host's pause (its event) a moment before the result and its audit event are committed
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> statusNow(running) == InstanceStatus.PAUSED
                && !context.journal().recentAudit(10).isEmpty());
        assertThat(context.journal().recentAudit(10)).singleElement()
                .satisfies(e -> assertThat(e.instanceName()).isEqualTo(running.name()));
    }

    @Test
    void resumeShortcutResumesAPausedSelection(FxRobot robot) throws Exception {
        select(robot, InstanceStatus.PAUSED);
        Instance paused = selected(robot);

        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.P).release(KeyCode.P, KeyCode.SHIFT, KeyCode.CONTROL);

        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> statusNow(paused) == InstanceStatus.RUNNING);
    }

    @Test
    void selectAllAndEscapeChangeTheScopeTheToolbarStates(FxRobot robot) {
        robot.interact(() -> table(robot).requestFocus());
        h.type(KeyCode.CONTROL, KeyCode.A);
        assertThat(robot.lookup(".scope-label").queryAs(Label.class).getText()).isEqualTo("40 selected of 40 shown");

        h.type(KeyCode.ESCAPE);
        assertThat(robot.lookup(".scope-label").queryAs(Label.class).getText()).isEqualTo("0 selected of 40 shown");
    }

    @Test
    void filterThatDoesNotParseShowsWhatIsWrongAndKeepsTheLastValidResult(FxRobot robot) {
        h.type(KeyCode.CONTROL, KeyCode.F);
        TextField filter = robot.lookup(".text-field").queryAs(TextField.class);
        assertThat(filter.isFocused()).isTrue();

        robot.write("status:paused");
        WaitForAsyncUtils.waitForFxEvents();
        List<InstanceStatus> shown = table(robot).getItems().stream().map(r -> r.snapshot().status()).distinct().toList();
        int count = table(robot).getItems().size();
        assertThat(shown).containsExactly(InstanceStatus.PAUSED);

        // Pasted at once: typed letter by letter, "colour" would first be a valid free word matching nothing.
        robot.interact(() -> filter.setText("status:paused colour:blue"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup(".filter-error").queryAs(Label.class).getText()).contains("unknown filter 'colour:'");
        assertThat(table(robot).getItems()).hasSize(count);
    }

    @Test
    void selectionSurvivesARefreshAndChangesFromTheHost(FxRobot robot) throws Exception {
        TableView<InstanceRowViewModel> table = table(robot);
        robot.interact(() -> table.getSelectionModel().selectRange(2, 6));
        List<String> before = table.getSelectionModel().getSelectedItems().stream().map(r -> r.key().toString()).toList();
        Instance target = table.getSelectionModel().getSelectedItem().snapshot();

        context.reconciler().resyncAll().orTimeout(10, TimeUnit.SECONDS).join();
        context.lifecycle().perform(target.status() == InstanceStatus.RUNNING
                ? Action.PAUSE : Action.START, target.key())
                .orTimeout(10, TimeUnit.SECONDS).join();
        InstanceStatus statusBefore = target.status();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> table.getItems().stream()
                .filter(r -> r.key().equals(target.key())).anyMatch(r -> r.snapshot().status() != statusBefore));

        assertThat(table.getSelectionModel().getSelectedItems().stream().map(r -> r.key().toString()).toList())
                .containsExactlyElementsOf(before);
    }

    @Test
    void selectionStaysOnTheSameInstancesWhenAnotherHostsRowsArriveAndLeave(FxRobot robot) throws Exception {
        TableView<InstanceRowViewModel> table = table(robot);
        // rows near the end of the sort order: the new host's rows (the same names) land before and between them
        robot.interact(() -> table.getSelectionModel().selectRange(30, 33));
        List<String> before = table.getSelectionModel().getSelectedItems().stream().map(r -> r.key().toString()).toList();

        Connection lab2 = addSecondHost(table);

        assertThat(table.getSelectionModel().getSelectedItems().stream().map(r -> r.key().toString()).toList())
                .as("highlighted after another host's rows arrived").containsExactlyElementsOf(before);
        assertThat(robot.lookup(".scope-label").queryAs(Label.class).getText()).startsWith("3 selected of 80");

        context.connectionManager().remove(lab2.id());
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> table.getItems().size() == 40);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(table.getSelectionModel().getSelectedItems().stream().map(r -> r.key().toString()).toList())
                .as("highlighted after they left").containsExactlyElementsOf(before);
    }

    @Test
    void rowsWithTheSameNameOnTwoHostsKeepTheirOrderWhenTheyChangeOrAreRefreshed(FxRobot robot) throws Exception {
        TableView<InstanceRowViewModel> table = table(robot);
        addSecondHost(table);
        List<String> before = table.getItems().stream().map(r -> r.key().toString()).toList();
        List<Instance> running = table.getItems().stream().map(InstanceRowViewModel::snapshot)
                .filter(i -> i.status() == InstanceStatus.RUNNING).limit(6).toList();

        for (Instance instance : running) {
            context.lifecycle().perform(Action.PAUSE, instance.key()).orTimeout(10, TimeUnit.SECONDS).join();
        }
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> running.stream().allMatch(i -> table.getItems().stream()
                .anyMatch(r -> r.key().equals(i.key()) && r.snapshot().status() == InstanceStatus.PAUSED)));
        for (int i = 0; i < 3; i++) {
            robot.press(KeyCode.F5).release(KeyCode.F5);
            context.reconciler().resyncAll().orTimeout(10, TimeUnit.SECONDS).join();
            WaitForAsyncUtils.waitForFxEvents();
        }

        assertThat(table.getItems().stream().map(r -> r.key().toString()).toList())
                .as("order after changes and refreshes").containsExactlyElementsOf(before);
        // and it is one order, not an accident of arrival: the same name sorts by host, then id
        List<InstanceRowViewModel> rows = List.copyOf(table.getItems());
        for (int i = 1; i < rows.size(); i++) {
            InstanceRowViewModel a = rows.get(i - 1);
            InstanceRowViewModel b = rows.get(i);
            if (a.snapshot().name().equals(b.snapshot().name())) {
                assertThat(a.hostName().compareTo(b.hostName())).as("%s on %s, then on %s", a.snapshot().name(),
                        a.hostName(), b.hostName()).isLessThanOrEqualTo(0);
            }
        }
    }

    /** A second simulated host with the same 40 names, its rows on screen. */
    private Connection addSecondHost(TableView<InstanceRowViewModel> table) throws Exception {
        Connection lab2 = context.connectionManager().add("lab2",
                BackendKind.SIMULATOR, "sim://lab2?count=40&latencyMs=0", "", false,
                ConnectionPolicy.defaults());
        context.connectionManager().open(lab2).orTimeout(10, TimeUnit.SECONDS).join();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> table.getItems().size() == 80);
        WaitForAsyncUtils.waitForFxEvents();
        return lab2;
    }

    @Test
    @SuppressWarnings("unchecked")
    void commandPaletteHighlightsACommandThatCanRunNow(FxRobot robot) throws Exception {
        robot.interact(() -> robot.lookup(".instance-table").queryAs(TableView.class).getSelectionModel().clearSelection());

        h.type(KeyCode.CONTROL, KeyCode.K);

        ListView<CommandPalette.Entry> list = robot.lookup("#palette-list")
                .queryAs(ListView.class);
        CommandPalette.Entry highlighted = list.getSelectionModel().getSelectedItem();
        assertThat(highlighted.command().isExecutable()).as("nothing is selected, so not %s", highlighted.description()).isTrue();
        assertThat(list.getItems().get(0).command().isExecutable()).as("Pause, first in the list, cannot run").isFalse();
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
    }

    @Test
    void commandPaletteOpensAndRunsTheTypedCommand(FxRobot robot) throws Exception {
        select(robot, InstanceStatus.RUNNING);
        Instance running = selected(robot);

        h.type(KeyCode.CONTROL, KeyCode.K);
        assertThat(Window.getWindows()).anySatisfy(w -> assertThat(w.getScene().lookup("#palette-search")).isNotNull());
        robot.write("pause the");
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);

        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> statusNow(running) == InstanceStatus.PAUSED);
    }
}
