package io.instanceconsole.backend.ssh;

import io.instanceconsole.domain.UntrustedHostKeyException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the host key an ssh server presents, without trusting it and without logging in: ssh runs with a private,
 * empty known_hosts that it may add to ({@code accept-new}) and with no authentication method enabled, so it stops
 * right after the key exchange. Only the key it recorded is read. Stateless and thread-safe.
 */
final class HostKeyProbe {
    private HostKeyProbe() {
    }

    /**
     * The key the host presents to ssh now.
     *
     * @throws io.instanceconsole.domain.UnavailableException the host cannot be reached
     * @throws SshException                                   ssh cannot run, or the host presented no key
     */
    static HostKey presentedKey(SshEnvironment env, SshTarget target, SshResolved resolved) {
        Path runDir = RunDirectory.ensure(env.runDirectory());
        Path scratch = RunDirectory.newFile(runDir, "known_hosts");
        try {
            List<String> command = new ArrayList<>(env.baseCommand(List.of(scratch.toString()), "accept-new"));
            command.addAll(List.of(
                    "-o", "GlobalKnownHostsFile=/dev/null",
                    "-o", "HashKnownHosts=no",
                    "-o", "UpdateHostKeys=no",
                    "-o", "PreferredAuthentications=hostbased",
                    "-o", "HostbasedAuthentication=no",
                    "-T"));
            command.addAll(target.portAndUserOptions());
            command.addAll(List.of("--", target.destinationHost(), "true"));
            SshCommand.Outcome outcome = SshCommand.run(env, command, env.connectTimeout().plus(Duration.ofSeconds(2)),
                    "reading the host key of " + resolved.where());
            Optional<HostKey> key = readFirst(scratch);
            if (key.isEmpty()) {
                throw SshFailures.explain(resolved.where(), outcome.stderr());
            }
            return key.get();
        } finally {
            RunDirectory.deleteQuietly(scratch);
        }
    }

    /**
     * The exception for a host whose key ssh refused, with the presented key's fingerprint and, when it changed,
     * the one trusted before.
     */
    static UntrustedHostKeyException untrusted(SshEnvironment env, SshTarget target, SshResolved resolved,
                                               String stderr) {
        HostKey presented = presentedKey(env, target, resolved);
        if (SshFailures.kind(stderr) == SshFailures.Kind.HOST_KEY_CHANGED) {
            Optional<String[]> offending = SshFailures.offendingKey(stderr);
            String known = offending.flatMap(o -> lineOf(Path.of(o[0]), Integer.parseInt(o[1])))
                    .flatMap(HostKey::parse).map(HostKey::fingerprint).orElse("another key");
            return new UntrustedHostKeyException(resolved.where(), presented.type(), presented.fingerprint(), known,
                    offending.map(o -> o[0] + ":" + o[1]).orElse(null));
        }
        return new UntrustedHostKeyException(resolved.where(), presented.type(), presented.fingerprint(), null, null);
    }

    private static Optional<HostKey> readFirst(Path file) {
        try {
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            return Files.readAllLines(file).stream().map(HostKey::parse).flatMap(Optional::stream).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> lineOf(Path file, int number) {
        try {
            List<String> lines = Files.readAllLines(file);
            return number >= 1 && number <= lines.size() ? Optional.of(lines.get(number - 1)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
