package io.instanceconsole.backend.ssh;

import io.instanceconsole.domain.PresentedHostKey;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The console's own known_hosts ({@link SshEnvironment#trustFile()}): the ssh host keys a user trusted through the
 * console. Keys are added only after the user named the fingerprint the host presents at that moment; the file is
 * written whole to a temporary file and moved into place, so it is never half-written. Thread-safe (one writer at a
 * time per process).
 */
public final class HostTrust {
    private final SshEnvironment env;

    public HostTrust(SshEnvironment env) {
        this.env = env;
    }

    /**
     * The key the host of an ssh endpoint presents now, for a trust prompt.
     *
     * @param uri an {@code ssh://} or {@code qemu+ssh://}-style URI
     */
    public PresentedHostKey presented(String uri) {
        SshTarget target = SshTarget.forUri(uri);
        SshResolved resolved = resolve(target);
        HostKey key = HostKeyProbe.presentedKey(env, target, resolved);
        return new PresentedHostKey(resolved.where(), key.type(), key.fingerprint());
    }

    /**
     * Trusts the key the host presents, if it has the fingerprint the user names; a key of the same type trusted
     * before for that host is replaced.
     *
     * @throws SshException when the host presents another key (nothing is written)
     */
    public PresentedHostKey trust(String uri, String fingerprint) {
        SshTarget target = SshTarget.forUri(uri);
        SshResolved resolved = resolve(target);
        HostKey key = HostKeyProbe.presentedKey(env, target, resolved);
        if (!HostKey.sameFingerprint(key.fingerprint(), fingerprint)) {
            throw new SshException("ssh host " + resolved.where() + " presents " + key.type() + " " + key.fingerprint()
                    + ", not " + fingerprint.strip() + "; nothing was trusted");
        }
        write(key);
        return new PresentedHostKey(resolved.where(), key.type(), key.fingerprint());
    }

    /** Whether the console's own file holds a key for the host of an endpoint (any type). */
    public boolean hasKeyFor(String uri) {
        SshTarget target = SshTarget.forUri(uri);
        SshResolved resolved = resolve(target);
        String pattern = resolved.port() == 22 ? resolved.hostName() : "[" + resolved.hostName() + "]:" + resolved.port();
        return read().stream().anyMatch(k -> k.hosts().equals(pattern));
    }

    private SshResolved resolve(SshTarget target) {
        return resolve(env, target);
    }

    /** How ssh would reach a target under the user's configuration ({@code ssh -G}). */
    static SshResolved resolve(SshEnvironment env, SshTarget target) {
        SshCommand.Outcome outcome = SshCommand.run(env, env.resolveCommand(target), Duration.ofSeconds(10),
                "reading the ssh configuration for " + target.hostAndPort());
        if (outcome.exitCode() != 0) {
            throw new SshException("ssh cannot use its configuration for " + target.hostAndPort() + ": "
                    + String.join("; ", SshFailures.meaningfulLines(outcome.stderr())));
        }
        return SshResolved.parse(outcome.stdout(), target);
    }

    private synchronized void write(HostKey key) {
        Path file = env.trustFile();
        List<String> lines = new ArrayList<>();
        for (HostKey existing : read()) {
            boolean sameHostAndType = existing.hosts().equals(key.hosts()) && existing.algorithm().equals(key.algorithm());
            if (!sameHostAndType) {
                lines.add(existing.line());
            }
        }
        lines.add(key.line());
        RunDirectory.writePrivately(file, String.join("\n", lines) + "\n", "rw-------", "the trusted host keys to");
    }

    private List<HostKey> read() {
        Path file = env.trustFile();
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(HostKey::parse)
                    .flatMap(Optional::stream).toList();
        } catch (IOException e) {
            throw new SshException("cannot read the trusted host keys in " + file + ": " + e.getMessage(), e);
        }
    }
}
