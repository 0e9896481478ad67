package io.instanceconsole.app;

import io.instanceconsole.domain.LogLine;
import io.instanceconsole.testing.ProjectScripts;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

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
    private MainWindowHarness h;
    private ProjectScripts.LibvirtDaemon daemon;

    @Start
    void start(Stage stage) {
        daemon = ProjectScripts.libvirtDaemon();
        h = MainWindowHarness.openWithConnection(temp, stage, "vms", "--libvirt", daemon.uri());
    }

    @AfterEach
    void tearDown() {
        if (daemon.virsh("domstate", DOMAIN).strip().startsWith("paused")) {
            daemon.virsh("resume", DOMAIN);
        }
        h.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theGuestsSerialTicksShowInThePaneAndStopWhileSuspended() throws Exception {
        h.openDetailsOn(DOMAIN);
        ListView<LogLine> lines = robot.lookup("#log-lines").queryAs(ListView.class);
        List<LogLine> added = new CopyOnWriteArrayList<>();
        robot.interact(() -> lines.getItems().addListener((ListChangeListener<LogLine>) c -> {
            while (c.next()) {
                added.addAll(c.getAddedSubList());
            }
        }));

        waitUntil("two ticks in the pane", () -> added.stream().filter(l -> l.text().contains("IC-TINY-TICK")).count() >= 2);

        daemon.virsh("suspend", DOMAIN);
        Thread.sleep(500);
        int suspended = added.size();
        Thread.sleep(2_500);
        assertThat(added).as("no tick while suspended").hasSize(suspended);
        daemon.virsh("resume", DOMAIN);
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
        daemon.virsh("define", xml.toString());
        try {
            h.openDetailsOn("ic-noserial");

            Label note = robot.lookup("#log-note").queryAs(Label.class);
            waitUntil("the pane says there is no serial console", () -> !note.getText().isEmpty()
                    && !note.getText().startsWith("Reading"));
            assertThat(note.getText()).isEqualTo("VM 'ic-noserial' has no serial console to read");
        } finally {
            daemon.virsh("undefine", "ic-noserial");
        }
    }
}
