package io.instanceconsole.backend.libvirt;

import io.instanceconsole.backend.ComputeBackend;
import io.instanceconsole.concurrent.ConsoleThreads;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.LogLine;
import io.instanceconsole.domain.LogListener;
import io.instanceconsole.testing.ProjectScripts;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The serial console of the real TCG guest {@code ic-tiny} (.ci/libvirt-env.sh), read through libvirt: its ticks
 * arrive as lines, stop while it is suspended and go on once resumed; closing stops them.
 */
class LibvirtSerialIT {
    private static final String DOMAIN = "ic-tiny";
    private static ProjectScripts.LibvirtDaemon daemon;

    @BeforeAll
    static void startDaemon() {
        daemon = ProjectScripts.libvirtDaemon();
    }

    @AfterEach
    void leaveTheGuestRunning() {
        if (daemon.virsh("domstate", DOMAIN).strip().startsWith("paused")) {
            daemon.virsh("resume", DOMAIN);
        }
    }

    @Test
    void theGuestsTicksArriveStopWhileSuspendedAndGoOn() throws Exception {
        try (LibvirtBackend backend = LibvirtBackend.open(new Connection("serial", "daemon", BackendKind.LIBVIRT,
                daemon.uri(), "", false, true), new ConsoleThreads())) {
            List<LogLine> lines = new CopyOnWriteArrayList<>();
            List<String> ends = new CopyOnWriteArrayList<>();
            ComputeBackend.Subscription console = backend.followLog(DOMAIN, 0, true, new LogListener() {
                @Override
                public void line(LogLine line) {
                    lines.add(line);
                }

                @Override
                public void ended(String why) {
                    ends.add(String.valueOf(why));
                }
            });
            try {
                ServiceFixture.await(Duration.ofSeconds(15), "two ticks", () -> lines.stream().filter(l -> l.text().contains("IC-TINY-TICK")).count() >= 2);
                assertThat(lines).allSatisfy(l -> assertThat(l.time()).isNotNull());

                daemon.virsh("suspend", DOMAIN);
                Thread.sleep(500);
                int suspended = lines.size();
                Thread.sleep(2_500);
                assertThat(lines).as("no tick while suspended").hasSize(suspended);
                assertThat(ends).as("a suspended guest's console stays open").isEmpty();

                daemon.virsh("resume", DOMAIN);
                ServiceFixture.await(Duration.ofSeconds(15), "ticks again", () -> lines.size() > suspended);
            } finally {
                console.close();
            }
            assertThat(ends).containsExactly("null");
            int closed = lines.size();
            Thread.sleep(1_500);
            assertThat(lines).as("nothing after closing").hasSize(closed);
            // the console was let go: it can be opened again
            ComputeBackend.Subscription again = backend.followLog(DOMAIN, 0, true, new LogListener() {
                @Override
                public void line(LogLine line) {
                }

                @Override
                public void ended(String why) {
                }
            });
            again.close();
        }
    }
}
