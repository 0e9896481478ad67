package io.instanceconsole.app;

import io.instanceconsole.backend.lxd.LxdCli;
import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.AuditEvent;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.domain.OperationState;
import io.instanceconsole.service.BulkOperation.ItemState;
import io.instanceconsole.testing.ProjectScripts;
import io.instanceconsole.ui.instances.InstanceRowViewModel;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.instanceconsole.app.MainWindowHarness.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 20's keyboard flow against the tests' real 3-member LXD cluster (.ci/lxd-cluster.sh), through one endpoint:
 * filter to 50 containers spread over the members, Enter to the table, Shortcut+A, Shortcut+P; every one is frozen on
 * its own member (as {@code lxc list} says), each row shows its member in the Host column, and the trail has one
 * event per pause; Shortcut+Shift+P brings them all back.
 */
@ExtendWith(ApplicationExtension.class)
class LxdKeyboardBulkIT {
    private static final int COUNT = 50;

    @TempDir
    static Path temp;

    private LxdCli lxc;
    private List<String> names;
    private MainWindowHarness h;

    @Start
    void start(Stage stage) {
        lxc = new LxdCli(ProjectScripts.lxdCluster());
        names = lxc.launchAcross("kbulk", COUNT, "m1", "m2", "m3");
        h = MainWindowHarness.openWithConnection(temp, stage, "cluster", "--lxd", "lxd+unix://" + lxc.cluster().socket());
    }

    @AfterEach
    void tearDown() {
        h.close();
        lxc.removeCreated();
    }

    @Test
    void fiftyContainersAcrossThreeMembersArePausedAndResumedFromTheKeyboard() {
        waitUntil("the cluster's " + COUNT + " containers are listed", () -> clusterRows().size() == COUNT);
        assertThat(clusterRows()).extracting(InstanceRowViewModel::hostName).as("each row names its member")
                .containsOnly("cluster/m1", "cluster/m2", "cluster/m3");

        h.type(KeyCode.CONTROL, KeyCode.F);
        h.robot().write("kbulk-");
        waitUntil("the filter shows only them", () -> h.table().getItems().size() == COUNT);
        h.type(KeyCode.ENTER);
        h.type(KeyCode.CONTROL, KeyCode.A);
        assertThat(h.selection()).hasSize(COUNT);
        h.type(KeyCode.CONTROL, KeyCode.P);

        h.awaitPanelFinished(COUNT);
        assertThat(h.panelNames(ItemState.SUCCEEDED)).containsExactlyInAnyOrderElementsOf(names);
        assertThat(onCluster()).as("lxc list on the cluster").containsOnly("FROZEN");
        waitUntil("every row shows paused", () -> clusterRows().stream()
                .allMatch(r -> r.snapshot().status() == InstanceStatus.PAUSED));
        assertThat(pausesAudited()).containsExactlyInAnyOrderElementsOf(names);

        h.type(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.P);

        waitUntil("the resume run settles", () -> h.panelNames(ItemState.SUCCEEDED).size() == COUNT
                && h.panelItems().stream().allMatch(i -> i.state() == ItemState.SUCCEEDED)
                && resumesAudited() == COUNT);
        assertThat(onCluster()).as("lxc list on the cluster").containsOnly("RUNNING");
        waitUntil("every row shows running", () -> clusterRows().stream()
                .allMatch(r -> r.snapshot().status() == InstanceStatus.RUNNING));
    }

    private List<InstanceRowViewModel> clusterRows() {
        return List.copyOf(h.table().getItems()).stream().filter(r -> names.contains(r.snapshot().name())).toList();
    }

    /** Each of the test's containers' status as LXD's own client lists it. */
    private List<String> onCluster() {
        Map<String, String> all = lxc.lxc("list", "-c", "ns", "--format", "csv").lines().map(l -> l.split(","))
                .collect(Collectors.toMap(p -> p[0], p -> p[1]));
        return names.stream().map(n -> all.getOrDefault(n, "MISSING")).toList();
    }

    private List<String> pausesAudited() {
        return h.audit().stream().filter(e -> e.action().equals(Action.PAUSE.key()))
                .filter(e -> e.outcome() == OperationState.SUCCEEDED).map(AuditEvent::instanceName).toList();
    }

    private long resumesAudited() {
        return h.audit().stream().filter(e -> e.action().equals(Action.RESUME.key()))
                .filter(e -> e.outcome() == OperationState.SUCCEEDED).count();
    }
}
