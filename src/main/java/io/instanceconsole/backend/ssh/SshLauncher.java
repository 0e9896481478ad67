package io.instanceconsole.backend.ssh;

import io.instanceconsole.domain.UntrustedHostKeyException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * For programs that run ssh themselves (libvirt's {@code qemu+ssh://} transport): a launcher script in the data
 * directory that runs the user's ssh with the console's host-key rules (strict checking against the console's trust
 * file and the user's known_hosts, no prompts), and the reading of such a program's failure. Thread-safe.
 */
public final class SshLauncher {
    private final SshEnvironment env;

    public SshLauncher(SshEnvironment env) {
        this.env = env;
    }

    /**
     * Writes (or rewrites) the launcher for one connection: {@code DATA/ssh/launch-<name>.sh}, 0700.
     *
     * @param uri the connection's URI (its ssh part decides which known_hosts files the user's config names)
     * @param key a file-name-safe key for the connection (its id)
     */
    public Path launcherFor(String uri, String key) {
        SshTarget target = SshTarget.forUri(uri);
        SshResolved resolved = HostTrust.resolve(env, target);
        List<String> knownHosts = new ArrayList<>();
        knownHosts.add(env.trustFile().toString());
        knownHosts.addAll(resolved.knownHostsFiles());
        List<String> command = env.baseCommand(knownHosts);
        Path script = env.trustFile().resolveSibling("launch-" + key.replaceAll("[^A-Za-z0-9_-]", "_") + ".sh");
        String body = "#!/bin/sh\n# Written by Instance Console: ssh with the console's host-key rules, for libvirt.\n"
                + (env.agentSocket() == null ? "" : "SSH_AUTH_SOCK=" + shellQuote(env.agentSocket()) + "; export SSH_AUTH_SOCK\n")
                + "exec " + command.stream().map(SshLauncher::shellQuote).collect(Collectors.joining(" ")) + " \"$@\"\n";
        RunDirectory.writePrivately(script, body, "rwx------", "the ssh launcher");
        return script;
    }

    /**
     * When a program that ran the launcher failed on the host key, the exception that says which key the host
     * presents (and which one was trusted before, if it changed); empty for any other failure.
     *
     * @param failure what the program reported (libvirt's message carries ssh's last lines)
     */
    public Optional<UntrustedHostKeyException> untrustedKey(String uri, String failure) {
        if (failure == null || SshFailures.kind(failure) == SshFailures.Kind.OTHER) {
            return Optional.empty();
        }
        SshTarget target = SshTarget.forUri(uri);
        SshResolved resolved = HostTrust.resolve(env, target);
        // libvirt keeps only ssh's last line: ask ssh itself whether the key is unknown or changed, and which
        SshCommand.Outcome check = SshCommand.run(env, checkCommand(target, resolved), env.connectTimeout()
                .plusSeconds(2), "checking the host key of " + resolved.where());
        if (SshFailures.kind(check.stderr()) == SshFailures.Kind.OTHER) {
            return Optional.empty();
        }
        return Optional.of(HostKeyProbe.untrusted(env, target, resolved, check.stderr()));
    }

    private List<String> checkCommand(SshTarget target, SshResolved resolved) {
        List<String> knownHosts = new ArrayList<>();
        knownHosts.add(env.trustFile().toString());
        knownHosts.addAll(resolved.knownHostsFiles());
        List<String> command = new ArrayList<>(env.baseCommand(knownHosts));
        command.addAll(List.of("-o", "PreferredAuthentications=hostbased", "-o", "HostbasedAuthentication=no", "-T"));
        command.addAll(target.portAndUserOptions());
        command.addAll(List.of("--", target.destinationHost(), "true"));
        return command;
    }

    private static String shellQuote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
