package io.instanceconsole.app;

import io.instanceconsole.backend.ssh.SshEnvironment;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.ConnectionPolicy;
import io.instanceconsole.lab.HostLab;
import io.instanceconsole.store.DataDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A console set up as a user with an ssh agent would have it, against the host lab: the agent holds the lab's key,
 * and the user's own ssh configuration ({@link SshEnvironment#CONFIG_VARIABLE}) names a known_hosts of the test's
 * that starts empty (nothing trusted) or holds the lab's host keys ({@link #trustingTheLab}).
 */
final class SshLabConsole {
    static final String IMAGE = "instanceconsole/busybox:1";

    private final HostLab lab;
    private final Path userKnownHosts;
    private final Map<String, String> env = new LinkedHashMap<>();

    private SshLabConsole(HostLab lab, Path dir, boolean trustLab) {
        this.lab = lab;
        try {
            Files.createDirectories(dir);
            userKnownHosts = dir.resolve("user_known_hosts");
            Files.writeString(userKnownHosts, trustLab ? Files.readString(lab.knownHosts()) : "");
            Path config = dir.resolve("ssh_config");
            Files.writeString(config, "Host *\n  UserKnownHostsFile " + userKnownHosts + "\n");
            env.put(SshEnvironment.CONFIG_VARIABLE, config.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        env.put("SSH_AUTH_SOCK", lab.agentSocket().toString());
    }

    /** A user whose known_hosts already holds the lab's host keys (as after an earlier {@code ssh lab1}). */
    static SshLabConsole trustingTheLab(HostLab lab, Path dir) {
        return new SshLabConsole(lab, dir, true);
    }

    /** A user who has never reached the lab's hosts: every host key is unknown. */
    static SshLabConsole trustingNothing(HostLab lab, Path dir) {
        return new SshLabConsole(lab, dir, false);
    }

    Map<String, String> env() {
        return Map.copyOf(env);
    }

    /** Opens a console on a new data directory holding the given Docker connections (name → URI), not connected yet. */
    AppContext open(Path dataDir, Map<String, String> dockerConnections) {
        AppContext context = AppContext.open(new DataDirectory(dataDir), Clock.systemUTC(), env, false);
        dockerConnections.forEach((name, uri) -> context.connectionManager().add(name, BackendKind.DOCKER, uri, null,
                false, ConnectionPolicy.defaults()));
        return context;
    }

    /** The SHA256 fingerprint of host {@code i}'s key, as {@code ssh-keygen -lf} prints it. */
    String fingerprint(int i) {
        HostLab.Result result = lab.run(Duration.ofSeconds(10),
                List.of("ssh-keygen", "-lf", lab.hostKey(i).toString()), Map.of());
        return result.stdout().split("\\s+")[1];
    }
}
