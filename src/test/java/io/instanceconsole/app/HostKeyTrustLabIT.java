package io.instanceconsole.app;

import io.instanceconsole.cli.ExitCode;
import io.instanceconsole.lab.HostLab;
import io.instanceconsole.lab.LabTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Host keys are never trusted silently, through {@code instancectl} against the lab's real sshd: an unknown key exits
 * 3 with the fingerprint (the one {@code ssh-keygen -lf} gives for the host's key) and the exact command that trusts
 * it, which then works; a wrong fingerprint trusts nothing; a changed key is refused naming both fingerprints and
 * nothing reaches the host.
 */
@LabTest
class HostKeyTrustLabIT {
    @RegisterExtension
    static final HostLab LAB = HostLab.hosts(1).withDocker();
    private static final Pattern TRUST_COMMAND = Pattern.compile("instancectl (--data-dir \\S+ connections trust lab1 (SHA256:\\S+))");

    @TempDir
    Path temp;

    private final List<String> containers = new ArrayList<>();
    private SshLabConsole user;


    @AfterEach
    void removeContainers() {
        containers.forEach(id -> LAB.runOnHost(1, "docker", "rm", "-f", id));
    }

    private CliRun ctl(String... args) {
        return CliRun.of(user.env(), args);
    }

    private String container() {
        String id = LAB.docker(1, "run", "-d", "--network", "none", "--name", "trust-" + UUID.randomUUID().toString()
                .substring(0, 8), SshLabConsole.IMAGE).strip();
        containers.add(id);
        return id;
    }

    @Test
    void anUnknownKeyExitsThreeWithTheCommandThatTrustsItAndThatCommandWorks() throws Exception {
        user = SshLabConsole.trustingNothing(LAB, temp.resolve("user"));
        String id = container();
        String data = temp.resolve("data").toString();
        assertThat(ctl("--data-dir", data, "connections", "add", "lab1", "--docker", LAB.dockerSshUri(1)).code()).isZero();

        CliRun refused = ctl("--data-dir", data, "list");
        assertThat(refused.code()).isEqualTo(ExitCode.UNREACHABLE);
        String fingerprint = user.fingerprint(1);
        assertThat(refused.err()).contains("is not trusted yet: ED25519 " + fingerprint).contains("nothing was sent");
        Matcher command = TRUST_COMMAND.matcher(refused.err());
        assertThat(command.find()).as("a trust command in: %s", refused.err()).isTrue();
        assertThat(command.group(2)).isEqualTo(fingerprint);

        CliRun wrong = ctl("--data-dir", data, "connections", "trust", "lab1", "SHA256:" + "A".repeat(43));
        assertThat(wrong.code()).isEqualTo(ExitCode.FAILED);
        assertThat(wrong.err()).contains("presents ED25519 " + fingerprint).contains("nothing was trusted");
        assertThat(Path.of(data, "ssh", "known_hosts")).doesNotExist();

        CliRun trust = ctl(command.group(1).split(" "));
        assertThat(trust.code()).as(trust.err()).isZero();
        Path trusted = Path.of(data, "ssh", "known_hosts");
        assertThat(Files.getPosixFilePermissions(trusted)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(temp.resolve("user").resolve("user_known_hosts"))).as("the user's own file").isEmpty();

        CliRun list = ctl("--data-dir", data, "list");
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out()).contains(id.substring(0, 12));
        CliRun history = ctl("--data-dir", data, "history", "--json");
        assertThat(history.out()).as("the trail").contains("\"connection added\"")
                .contains("\"host key trusted\"").contains("trusted " + fingerprint + " for ");
    }

    @Test
    void aChangedKeyIsRefusedNamingBothFingerprintsAndNothingIsSent() throws Exception {
        user = SshLabConsole.trustingNothing(LAB, temp.resolve("user"));
        String id = container();
        String name = LAB.docker(1, "inspect", "-f", "{{.Name}}", id).strip().substring(1);
        String data = temp.resolve("data").toString();
        assertThat(ctl("--data-dir", data, "connections", "add", "lab1", "--docker", LAB.dockerSshUri(1)).code()).isZero();
        assertThat(ctl("--data-dir", data, "connections", "trust", "lab1", user.fingerprint(1)).code()).isZero();
        assertThat(ctl("--data-dir", data, "list").code()).isZero();
        // the host now presents another key than the one trusted (as after a reinstall, or a man in the middle)
        Path trusted = Path.of(data, "ssh", "known_hosts");
        String line = Files.readString(trusted).strip();
        String otherKey = "AAAAC3NzaC1lZDI1NTE5AAAAIKPgFr99VpOKHTzMk2XuTTV+UfYHUCNKYfcKnIM+dN7p";
        Files.writeString(trusted, line.substring(0, line.lastIndexOf(' ') + 1) + otherKey + "\n");

        CliRun pause = ctl("--data-dir", data, "pause", name);
        assertThat(pause.code()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(pause.err()).contains("has CHANGED: it presents ED25519 " + user.fingerprint(1))
                .contains("but SHA256:XB0y5A1S0G5XGAlS1SQh4oP43XvPKLSkFwR4q1ERY+U was trusted (" + trusted + ":1)")
                .contains("nothing was sent");
        assertThat(LAB.docker(1, "inspect", "-f", "{{.State.Status}}", id).strip()).isEqualTo("running");
        assertThat(ctl("--data-dir", data, "history").out()).doesNotContain(name);
    }
}
