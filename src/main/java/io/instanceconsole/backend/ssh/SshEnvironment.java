package io.instanceconsole.backend.ssh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * How the console runs OpenSSH's {@code ssh} client: which binary, which configuration file, which agent, where the
 * hosts it trusts are written and where its forwarded sockets live (both inside the data directory). Immutable and
 * thread-safe.
 *
 * <p>Every ssh the console starts is non-interactive ({@code BatchMode}: no password or passphrase prompt, no host-key
 * question) and checks host keys strictly against the console's own trust file first, then the files the user's
 * ssh configuration names ({@code ~/.ssh/known_hosts} by default). Nothing else of the user's configuration is
 * overridden: host aliases, {@code User}, {@code Port}, {@code IdentityFile}, {@code ProxyJump} and the agent apply
 * as they do for the user's own {@code ssh}.
 *
 * @param sshCommand     the client to run ({@code ssh}, found on the PATH)
 * @param configFile     an ssh_config to use instead of the user's {@code ~/.ssh/config}, or null
 * @param agentSocket    {@code SSH_AUTH_SOCK} for the client, or null to inherit the console's environment
 * @param trustFile      the console's known_hosts ({@code DATA/ssh/known_hosts})
 * @param runDirectory   a 0700 directory for forwarded sockets and ssh's error output ({@code DATA/run})
 * @param connectTimeout how long ssh may take to connect and authenticate
 */
public record SshEnvironment(String sshCommand, Path configFile, String agentSocket, Path trustFile,
                             Path runDirectory, Duration connectTimeout) {

    /** Environment variable: an ssh_config file used instead of {@code ~/.ssh/config}. */
    public static final String CONFIG_VARIABLE = "INSTANCE_CONSOLE_SSH_CONFIG";
    /** Environment variable: the ssh client to run instead of {@code ssh} on the PATH. */
    public static final String COMMAND_VARIABLE = "INSTANCE_CONSOLE_SSH";

    public SshEnvironment {
        requireNonNull(sshCommand, "sshCommand was not specified");
        requireNonNull(trustFile, "trustFile was not specified");
        requireNonNull(runDirectory, "runDirectory was not specified");
        requireNonNull(connectTimeout, "connectTimeout was not specified");
    }

    /**
     * The environment for a data directory, from the process environment ({@link #CONFIG_VARIABLE},
     * {@link #COMMAND_VARIABLE}, {@code SSH_AUTH_SOCK}).
     */
    public static SshEnvironment of(Path dataDirectory, Map<String, String> env, Duration connectTimeout) {
        String config = env.get(CONFIG_VARIABLE);
        String command = env.getOrDefault(COMMAND_VARIABLE, "ssh");
        return new SshEnvironment(command.isBlank() ? "ssh" : command,
                config == null || config.isBlank() ? null : Path.of(config), env.get("SSH_AUTH_SOCK"),
                dataDirectory.resolve("ssh").resolve("known_hosts"), dataDirectory.resolve("run"), connectTimeout);
    }

    public SshEnvironment withConnectTimeout(Duration timeout) {
        return new SshEnvironment(sshCommand, configFile, agentSocket, trustFile, runDirectory, timeout);
    }

    /** The options every ssh of the console starts with, before the call's own ones; host keys checked strictly. */
    List<String> baseCommand(List<String> knownHostsFiles) {
        return baseCommand(knownHostsFiles, "yes");
    }

    /**
     * As {@link #baseCommand(List)} with another {@code StrictHostKeyChecking} value: ssh takes the first value it
     * is given for an option, so a call cannot override one afterwards.
     */
    List<String> baseCommand(List<String> knownHostsFiles, String strictHostKeyChecking) {
        List<String> command = new ArrayList<>(List.of(sshCommand));
        if (configFile != null) {
            command.addAll(List.of("-F", configFile.toString()));
        }
        command.addAll(List.of(
                "-o", "BatchMode=yes",
                "-o", "PasswordAuthentication=no",
                "-o", "KbdInteractiveAuthentication=no",
                "-o", "StrictHostKeyChecking=" + strictHostKeyChecking,
                "-o", "UserKnownHostsFile=" + quotedList(knownHostsFiles),
                "-o", "ConnectTimeout=" + Math.max(1, connectTimeout.toSeconds()),
                // the user's connection sharing would hand our forward to a master we do not own
                "-o", "ControlMaster=no",
                "-o", "ControlPath=none"));
        return command;
    }

    /** The command that asks ssh how it would reach a destination ({@code ssh -G}), without connecting. */
    List<String> resolveCommand(SshTarget target) {
        List<String> command = new ArrayList<>(List.of(sshCommand));
        if (configFile != null) {
            command.addAll(List.of("-F", configFile.toString()));
        }
        command.add("-G");
        command.addAll(target.portAndUserOptions());
        command.addAll(List.of("--", target.destinationHost()));
        return command;
    }

    /** Sets {@code SSH_AUTH_SOCK} of a process about to start, when one was configured. */
    void applyTo(ProcessBuilder process) {
        if (agentSocket != null && !agentSocket.isBlank()) {
            process.environment().put("SSH_AUTH_SOCK", agentSocket);
        }
    }

    private static String quotedList(List<String> files) {
        return String.join(" ", files.stream().map(f -> f.contains(" ") ? "\"" + f + "\"" : f).toList());
    }
}
