package io.instanceconsole.ui.instances;

import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.testing.ServiceFixture;
import io.instanceconsole.ui.common.FxUiThread;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
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
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The real table view's Kind column: Container, VM, and Podman for a Podman engine's containers. */
@ExtendWith(ApplicationExtension.class)
class KindColumnTest {
    @TempDir
    static Path dataDir;

    private ServiceFixture fixture;

    @Start
    void start(Stage stage) throws Exception {
        fixture = new ServiceFixture(dataDir.resolve("run-" + System.nanoTime()));
        InstanceTableViewModel viewModel = new InstanceTableViewModel(fixture.lifecycle, new FxUiThread(), (s, m) -> { },
                id -> "host");
        viewModel.load(List.of(instance("from-docker", BackendKind.DOCKER), instance("from-podman", BackendKind.PODMAN),
                instance("from-libvirt", BackendKind.LIBVIRT)));
        TableOnStage.show(stage, viewModel, 400);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void podmansContainersSayPodmanBesideContainerAndVm(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        TableView<InstanceRowViewModel> table = robot.lookup(".instance-table").queryAs(TableView.class);
        TableColumn<InstanceRowViewModel, ?> kind = table.getColumns().stream()
                .filter(c -> "kindColumn".equals(c.getId())).findFirst().orElseThrow();

        Map<String, Object> shown = new LinkedHashMap<>();
        table.getItems().forEach(row -> shown.put(row.snapshot().name(), kind.getCellData(row)));

        assertThat(shown).containsOnly(Map.entry("from-docker", "Container"), Map.entry("from-podman", "Podman"),
                Map.entry("from-libvirt", "VM"));
    }

    private static Instance instance(String name, BackendKind kind) {
        return new Instance(new InstanceKey("conn-" + kind.key(), name), name, kind, "", InstanceStatus.RUNNING, "",
                null, Instant.EPOCH);
    }
}
