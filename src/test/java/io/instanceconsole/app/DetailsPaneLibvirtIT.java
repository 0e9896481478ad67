package io.instanceconsole.app;

import io.instanceconsole.domain.LogLine;
import io.instanceconsole.testing.ProjectScripts;
import io.instanceconsole.ui.instances.InstanceRowViewModel;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.instanceconsole.app.MainWindowHarness.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The details pane on the whole main window over the real libvirtd of .ci/libvirt-env.sh: the TCG guest's serial
 * ticks appear in the Log tab, stop while the guest is suspended and go on once it is resumed; a VM without a serial
 * device says so in one line.
 */
@ExtendWith(ApplicationExtension.class)
class DetailsPaneLibvirtIT {
    private static final String DOMAIN = "ic-tiny";

    @TempDir
    static Path temp;

    private final FxRobot robot = new FxRobot();
    private ProjectScripts.LibvirtDaemon daemon;
    private AppContext context;
    private MainWindowFactory.Built built;

    @Start
    void start(Stage stage) {
        daemon = ProjectScripts.libvirtDaemon();
        Path data = temp.resolve("data-" + System.nanoTime());
        assertThat(CliRun.in(data.toString(), Map.of(), "connections", "add", "vms", "--libvirt", daemon.uri()).code()).isZero();
        context = TestContexts.context(data);
        context.connectAll().orTimeout(30, TimeUnit.SECONDS).join();
        built = MainWindowFactory.build(context, stage);
        stage.setScene(built.scene());
        stage.setWidth(1400);
        stage.setHeight(800);
        stage.show();
        built.view().activate(built.scene());
    }

    @AfterEach
    void tearDown() {
        if (virsh("domstate", DOMAIN).strip().startsWith("paused")) {
            virsh("resume", DOMAIN);
        }
        robot.interact(() -> built.view().deactivate());
        context.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theGuestsSerialTicksShowInThePaneAndStopWhileSuspended() throws Exception {
        openThePaneOn(DOMAIN);
        ListView<LogLine> lines = robot.lookup("#log-lines").queryAs(ListView.class);
        List<LogLine> added = new CopyOnWriteArrayList<>();
        robot.interact(() -> lines.getItems().addListener((ListChangeListener<LogLine>) c -> {
            while (c.next()) {
                added.addAll(c.getAddedSubList());
            }
        }));

        waitUntil("two ticks in the pane", () -> added.stream().filter(l -> l.text().contains("IC-TINY-TICK")).count() >= 2);

        virsh("suspend", DOMAIN);
        Thread.sleep(500);
        int suspended = added.size();
        Thread.sleep(2_500);
        assertThat(added).as("no tick while suspended").hasSize(suspended);
        virsh("resume", DOMAIN);
        waitUntil("ticks again once resumed", () -> added.size() > suspended);
    }

    @Test
    void aVmWithoutASerialDeviceSaysSoInOneLine() throws Exception {
        Path xml = temp.resolve("ic-noserial.xml");
        Files.writeString(xml, """
                <domain type='qemu'>
                  <name>ic-noserial</name>
                  <memory unit='MiB'>32</memory>
                  <os><type arch='x86_64'>hvm</type></os>
                </domain>
                """);
        virsh("define", xml.toString());
        try {
            openThePaneOn("ic-noserial");

            Label note = robot.lookup("#log-note").queryAs(Label.class);
            waitUntil("the pane says there is no serial console", () -> !note.getText().isEmpty()
                    && !note.getText().startsWith("Reading"));
            assertThat(note.getText()).isEqualTo("VM 'ic-noserial' has no serial console to read");
        } finally {
            virsh("undefine", "ic-noserial");
        }
    }

    /** Selects the row of domain {@code name} and opens the details pane with Ctrl+I, as a user does. */
    @SuppressWarnings("unchecked")
    private void openThePaneOn(String name) {
        TableView<InstanceRowViewModel> table = robot.lookup(".instance-table").queryAs(TableView.class);
        waitUntil("the domain's row", () -> table.getItems().stream().anyMatch(r -> r.snapshot().name().equals(name)));
        robot.interact(() -> {
            table.getItems().stream().filter(r -> r.snapshot().name().equals(name)).findFirst()
                    .ifPresent(table.getSelectionModel()::select);
            table.requestFocus();
        });
        robot.press(KeyCode.CONTROL, KeyCode.I).release(KeyCode.I, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private String virsh(String... args) {
        String[] command = new String[args.length + 3];
        command[0] = "virsh";
        command[1] = "-c";
        command[2] = daemon.uri();
        System.arraycopy(args, 0, command, 3, args.length);
        return String.join("\n", ProjectScripts.run(60, command));
    }
}
