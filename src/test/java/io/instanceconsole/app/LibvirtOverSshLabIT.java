package io.instanceconsole.app;

import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.ConnectionPolicy;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.domain.OperationState;
import io.instanceconsole.lab.HostLab;
import io.instanceconsole.lab.LabTest;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * libvirt over SSH ({@code qemu+ssh://}) through libvirt's own ssh transport, run by the console's launcher, against
 * the lab's sshd and libvirtd with the tiny TCG guest: suspend and resume as {@code virsh domstate} on the host sees
 * them, and the same host-key rule as Docker over SSH (an unknown key is refused, naming its fingerprint).
 */
@LabTest
class LibvirtOverSshLabIT {
    private static final String DOMAIN = "ic-tiny";

    @RegisterExtension
    static final HostLab LAB = HostLab.hosts(1).withLibvirt();

    @TempDir
    Path temp;

    @AfterEach
    void leaveTheGuestRunning() {
        if (LAB.virsh(1, "domstate", DOMAIN).strip().startsWith("paused")) {
            LAB.virsh(1, "resume", DOMAIN);
        }
    }

    private static AppContext withLibvirt(SshLabConsole user, Path data) {
        AppContext context = user.open(data, Map.of());
        context.connectionManager().add("lab1-vms", BackendKind.LIBVIRT, LAB.libvirtSshUri(1), null, false,
                ConnectionPolicy.defaults());
        return context;
    }

    @Test
    void suspendsAndResumesAsVirshOnTheHostSees() throws Exception {
        try (AppContext context = withLibvirt(SshLabConsole.trustingTheLab(LAB, temp.resolve("user")), temp.resolve("data"))) {
            context.connectAll().get(120, TimeUnit.SECONDS);
            Instance vm = context.known().all().stream().filter(i -> i.name().equals(DOMAIN)).findFirst()
                    .orElseThrow(() -> new AssertionError("no row for " + DOMAIN + ": " + context.known().all()));
            assertThat(vm.status()).isEqualTo(InstanceStatus.RUNNING);

            assertThat(context.lifecycle().perform(Action.PAUSE, vm.key()).get(60, TimeUnit.SECONDS).outcome())
                    .isEqualTo(OperationState.SUCCEEDED);
            assertThat(LAB.virsh(1, "domstate", DOMAIN).strip()).isEqualTo("paused");

            assertThat(context.lifecycle().perform(Action.RESUME, vm.key()).get(60, TimeUnit.SECONDS).outcome())
                    .isEqualTo(OperationState.SUCCEEDED);
            assertThat(LAB.virsh(1, "domstate", DOMAIN).strip()).isEqualTo("running");
        }
    }

    @Test
    void anUnknownHostKeyIsRefusedNamingItsFingerprint() throws Exception {
        SshLabConsole user = SshLabConsole.trustingNothing(LAB, temp.resolve("user"));
        try (AppContext context = withLibvirt(user, temp.resolve("data"))) {
            context.connectAll().get(120, TimeUnit.SECONDS);
            String id = context.connectionManager().all().get(0).id();

            assertThat(context.known().all()).isEmpty();
            assertThat(context.connectionManager().untrustedKey(id)).hasValueSatisfying(key -> {
                assertThat(key.changed()).isFalse();
                assertThat(key.presentedFingerprint()).isEqualTo(user.fingerprint(1));
            });

            context.hostKeys().trust(context.connectionManager().all().get(0), user.fingerprint(1)).fingerprint();
            ServiceFixture.await(Duration.ofSeconds(60),
                    "the guest shows once the key is trusted",
                    () -> context.known().all().stream().anyMatch(i -> i.name().equals(DOMAIN)));
        }
    }
}
