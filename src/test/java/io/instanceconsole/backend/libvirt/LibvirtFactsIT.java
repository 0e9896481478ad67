package io.instanceconsole.backend.libvirt;

import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.InstanceFacts;
import io.instanceconsole.domain.LogLine;
import io.instanceconsole.domain.LogListener;
import io.instanceconsole.domain.NotFoundException;
import io.instanceconsole.domain.UnsupportedException;
import io.instanceconsole.testing.ProjectScripts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A domain's facts against the real libvirtd of .ci/libvirt-env.sh and its tiny TCG guest {@code ic-tiny}, each
 * checked against what {@code virsh} says of it.
 */
class LibvirtFactsIT {
    private static final String DOMAIN = "ic-tiny";
    private static ProjectScripts.LibvirtDaemon daemon;

    @BeforeAll
    static void startDaemon() {
        daemon = ProjectScripts.libvirtDaemon();
    }

    @Test
    void describesTheGuestAsVirshDoes() {
        try (LibvirtBackend backend = LibvirtBackend.open(new Connection("facts", "daemon", BackendKind.LIBVIRT,
                daemon.uri(), "", false, true))) {
            String uuid = daemon.virsh("domuuid", DOMAIN).strip();
            String info = daemon.virsh("dominfo", DOMAIN);

            InstanceFacts facts = backend.facts(DOMAIN);

            assertThat(facts.key().instanceId()).isEqualTo(uuid);
            assertThat(facts.value("State").orElseThrow()).startsWith("running");
            assertThat(facts.value("vCPUs")).contains(field(info, "CPU(s)"));
            assertThat(facts.value("Current memory (balloon)")).contains(field(info, "Used memory").replace(" KiB", "") + " KiB");
            assertThat(facts.value("Persistent")).contains(field(info, "Persistent").equals("yes") ? "yes (defined)" : "no (transient)");
            assertThat(facts.value("Autostart")).contains(field(info, "Autostart").equals("enable") ? "yes" : "no");
            assertThat(facts.value("OS type").orElseThrow()).startsWith(field(info, "OS Type"));
            String xml = daemon.virsh("dumpxml", DOMAIN);
            if (xml.contains("<serial")) {
                assertThat(facts.value("Serial")).isPresent();
            }
            assertThat(facts.environmentNames()).as("a VM has no environment variables to show").isEmpty();
            assertThatThrownBy(() -> backend.environmentValue(DOMAIN, "PATH")).isInstanceOf(UnsupportedException.class);
            assertThatThrownBy(() -> backend.followLog(DOMAIN, 10, false, new LogListener() {
                @Override
                public void line(LogLine line) {
                }

                @Override
                public void ended(String why) {
                }
            })).isInstanceOf(UnsupportedException.class).hasMessageContaining("keeps no past lines");
            assertThatThrownBy(() -> backend.facts("no-such-domain")).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("no-such-domain");
        }
    }

    /** One field of {@code virsh dominfo} ("CPU(s):        1"). */
    private static String field(String dominfo, String name) {
        return dominfo.lines().filter(l -> l.startsWith(name + ":")).findFirst()
                .map(l -> l.substring(name.length() + 1).strip())
                .orElseThrow(() -> new AssertionError("virsh dominfo has no " + name + ": " + dominfo));
    }
}
