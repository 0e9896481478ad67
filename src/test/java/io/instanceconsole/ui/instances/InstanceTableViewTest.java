package io.instanceconsole.ui.instances;

import io.instanceconsole.backend.simulator.SimulatorBackend;
import io.instanceconsole.backend.simulator.SimulatorSettings;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceStats;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.service.InstanceChanges;
import io.instanceconsole.service.ServiceListener;
import io.instanceconsole.testing.ServiceFixture;
import io.instanceconsole.ui.common.Coalescer;
import io.instanceconsole.ui.common.FxUiThread;
import javafx.geometry.Bounds;
import javafx.scene.control.Button;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.shape.Polygon;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The real table view over the real services and a simulated host with latency, clicked by a robot, headless. */
@ExtendWith(ApplicationExtension.class)
class InstanceTableViewTest {
    @TempDir
    static Path dataDir;

    private ServiceFixture fixture;
    private SimulatorBackend host;
    private InstanceTableViewModel viewModel;

    @Start
    void start(Stage stage) throws Exception {
        fixture = new ServiceFixture(dataDir.resolve("run-" + System.nanoTime()));
        host = new SimulatorBackend("conn-lab", "lab", SimulatorSettings.inMemory(12, Duration.ofMillis(400)), Clock.systemUTC());
        fixture.connect("lab", host, ServiceFixture.testSettings(), false);
        FxUiThread uiThread = new FxUiThread();
        viewModel = new InstanceTableViewModel(fixture.lifecycle, uiThread, (s, m) -> { }, id -> "lab");
        viewModel.load(fixture.known.all());
        Coalescer<InstanceChanges> changes = new Coalescer<>(uiThread, viewModel::apply);
        fixture.registry.addListener(new ServiceListener() {
            @Override
            public void instancesChanged(InstanceChanges batch) {
                changes.add(batch);
            }
        });
        TableOnStage.show(stage, viewModel, 700);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void pauseIsEnabledOnlyOnRunningRowsAndResumeOnlyOnPausedRows(FxRobot robot) {
        Set<InstanceStatus> seen = EnumSet.noneOf(InstanceStatus.class);
        for (TableRow<?> row : rows(robot)) {
            InstanceRowViewModel item = (InstanceRowViewModel) row.getItem();
            if (item == null) {
                continue;
            }
            InstanceStatus status = item.snapshot().status();
            seen.add(status);
            assertThat(button(row, ".pause-button").isDisabled()).as(item.snapshot().name()).isEqualTo(status != InstanceStatus.RUNNING);
            assertThat(button(row, ".resume-button").isDisabled()).as(item.snapshot().name()).isEqualTo(status != InstanceStatus.PAUSED);
        }
        assertThat(seen).contains(InstanceStatus.RUNNING, InstanceStatus.PAUSED, InstanceStatus.STOPPED);
    }

    @Test
    void clickingPauseShowsPausingThenPausedAndOffersResume(FxRobot robot) throws Exception {
        Instance running = fixture.firstWithStatus("conn-lab", InstanceStatus.RUNNING);
        TableRow<?> row = rowOf(robot, running.name());

        robot.clickOn(button(row, ".pause-button"));

        assertThat(statusText(robot, running.name())).isEqualTo("Pausing…");
        assertThat(button(rowOf(robot, running.name()), ".pause-button").isDisabled()).isTrue();
        assertThat(button(rowOf(robot, running.name()), ".resume-button").isDisabled()).isTrue();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> "Paused".equals(statusText(robot, running.name())));
        // The status cell and the actions cell update one after the other in the same FX event: read both after it.
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(host.statusOnHost(running.id())).contains(InstanceStatus.PAUSED);
        assertThat(button(rowOf(robot, running.name()), ".resume-button").isDisabled()).isFalse();
        assertThat(button(rowOf(robot, running.name()), ".pause-button").isDisabled()).isTrue();
    }

    @Test
    void clickingResumeOnAPausedRowMakesItRunning(FxRobot robot) throws Exception {
        Instance paused = fixture.firstWithStatus("conn-lab", InstanceStatus.PAUSED);

        robot.clickOn(button(rowOf(robot, paused.name()), ".resume-button"));

        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> "Running".equals(statusText(robot, paused.name())));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(host.statusOnHost(paused.id())).contains(InstanceStatus.RUNNING);
        assertThat(button(rowOf(robot, paused.name()), ".pause-button").isDisabled()).isFalse();
    }

    @Test
    void pauseMadeOutsideTheConsoleReachesTheRowWithoutARefresh(FxRobot robot) throws Exception {
        Instance running = fixture.firstWithStatus("conn-lab", InstanceStatus.RUNNING);

        host.changeExternally(running.id(), InstanceStatus.PAUSED, "user");

        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> "Paused".equals(statusText(robot, running.name())));
        assertThat(button(rowOf(robot, running.name()), ".resume-button").isDisabled()).isFalse();
    }

    @Test
    void theCpuCellDrawsTheRecentSamplesUnderItsFigureInTheColumnsOwnWidth(FxRobot robot) {
        Instance running = fixture.firstWithStatus("conn-lab", InstanceStatus.RUNNING);
        TableView<?> table = robot.lookup(".instance-table").queryAs(TableView.class);
        TableColumn<?, ?> cpu = table.getColumns().stream()
                .filter(column -> "CPU".equals(column.getText())).findFirst().orElseThrow();
        double widthBefore = cpu.getWidth();
        InstanceRowViewModel row = viewModel.row(running.key());

        robot.interact(() -> {
            for (double percent : new double[] {5, 40, 80, 20, 12.5}) {
                row.setStats(new InstanceStats(percent, 64L << 20, 1L << 30));
            }
        });
        WaitForAsyncUtils.waitForFxEvents();

        Labeled cell = (Labeled) rowOf(robot, running.name()).lookup(".cpu-cell");
        assertThat(cell.getText()).isEqualTo("12.5 %");
        assertThat(((Labeled) cell.lookup(".label")).getText()).as("the figure the user reads").isEqualTo("12.5 %");
        Polygon line = (Polygon) cell.lookup(".cpu-sparkline");
        assertThat(line.getPoints()).as("five samples and the two corners closing the area").hasSize(5 * 2 + 4);
        Bounds area = line.localToScene(line.getBoundsInLocal());
        Bounds inCell = cell.localToScene(cell.getBoundsInLocal());
        assertThat(area.getMinX()).isGreaterThanOrEqualTo(inCell.getMinX());
        assertThat(area.getMaxX()).isLessThanOrEqualTo(inCell.getMaxX());
        assertThat(area.getMaxY()).isLessThanOrEqualTo(inCell.getMaxY());
        assertThat(area.getHeight()).as("80 %% stands higher than 5 %%").isGreaterThan(4);
        assertThat(cpu.getWidth()).as("the line takes no width of its own").isEqualTo(widthBefore);

        robot.interact(() -> row.setStats(null));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(cell.getText()).as("a row that stopped shows no figure and no line").isNull();
        assertThat(cell.getGraphic()).isNull();
    }

    private static List<TableRow<?>> rows(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        return robot.lookup(".table-row-cell").queryAllAs(TableRow.class).stream().<TableRow<?>>map(r -> r).toList();
    }

    private static TableRow<?> rowOf(FxRobot robot, String name) {
        TableView<?> table = robot.lookup(".instance-table").queryAs(TableView.class);
        return rows(robot).stream()
                .filter(r -> r.getItem() instanceof InstanceRowViewModel vm && vm.snapshot().name().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no visible row " + name + " in " + table.getItems().size()));
    }

    /** The status text the user sees in the row's status cell. */
    private static String statusText(FxRobot robot, String name) {
        return ((Labeled) rowOf(robot, name).lookup(".status-cell")).getText();
    }

    private static Button button(TableRow<?> row, String selector) {
        return (Button) row.lookup(selector);
    }
}
