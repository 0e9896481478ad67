package io.instanceconsole.backend.ssh;

import io.instanceconsole.domain.UnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import static java.util.Objects.requireNonNull;

/**
 * One SSH session to a host that forwards a private local unix socket to a remote unix socket (OpenSSH's
 * stream-local forwarding, {@code ssh -N -L local.sock:/remote.sock}). Every connection a client makes to the local
 * socket becomes a channel of this one session, so API calls and event streams share one handshake.
 *
 * <p>Guarantees: the local socket is in the 0700 run directory and itself 0600, so no other local user can use it;
 * the host key is checked strictly (never accepted silently: an unknown or changed key fails with
 * {@link io.instanceconsole.domain.UntrustedHostKeyException}); nothing prompts. {@link #open} returns only once the
 * forward is listening, or fails within the connect timeout with one sentence naming the host. When ssh has ended (a
 * link cut for longer than {@code ServerAlive} allows, a host rebooted), {@link #ensureOpen} starts it again on the same
 * local socket, so the clients that use the socket keep their address. Thread-safe.
 */
public final class SshTunnel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SshTunnel.class);
    /** sun.nio's limit for a unix socket path (sockaddr_un.sun_path less the terminating NUL), on Linux and macOS. */
    private static final int MAX_SOCKET_PATH = 103;
    private static final Duration POLL = Duration.ofMillis(10);

    private final ProcessBuilder builder;
    private final SshEnvironment env;
    private final SshTarget target;
    private final SshResolved resolved;
    private final Path localSocket;
    private final Path errors;
    private final String where;
    private final String remoteSocket;
    /** One caller at a time starts ssh again; the others fail at once rather than queue behind a host that is away. */
    private final ReentrantLock reopening = new ReentrantLock();
    private volatile Process process;
    private volatile boolean closed;

    private SshTunnel(ProcessBuilder builder, SshEnvironment env, SshTarget target, SshResolved resolved, Process process,
                      Path localSocket, Path errors, String remoteSocket) {
        this.builder = builder;
        this.env = env;
        this.target = target;
        this.resolved = resolved;
        this.process = process;
        this.localSocket = localSocket;
        this.errors = errors;
        this.where = resolved.where();
        this.remoteSocket = remoteSocket;
    }

    /**
     * Starts ssh and waits until the local socket is listening.
     *
     * @param remoteSocket the unix socket on the host to forward to
     * @throws io.instanceconsole.domain.UntrustedHostKeyException the host key is unknown or changed (nothing sent)
     * @throws UnavailableException                                the host cannot be reached now
     * @throws SshException                                        the set-up cannot work (authentication, key file…)
     */
    public static SshTunnel open(SshEnvironment env, SshTarget target, String remoteSocket) {
        requireNonNull(env, "env was not specified");
        requireNonNull(target, "target was not specified");
        requireNonNull(remoteSocket, "remoteSocket was not specified");
        SshResolved resolved = HostTrust.resolve(env, target);
        Path runDir = RunDirectory.ensure(env.runDirectory());
        RunDirectory.removeLeftovers(runDir);
        Path socket = RunDirectory.newFile(runDir, "sock");
        if (socket.toString().length() > MAX_SOCKET_PATH) {
            throw new SshException("the data directory's path is too long for a unix socket (" + socket + ", "
                    + socket.toString().length() + " characters, at most " + MAX_SOCKET_PATH + "): use a shorter"
                    + " --data-dir to reach " + resolved.where() + " over ssh");
        }
        Path errors = RunDirectory.newFile(runDir, "log");
        List<String> knownHosts = new ArrayList<>();
        knownHosts.add(env.trustFile().toString());
        knownHosts.addAll(resolved.knownHostsFiles());
        List<String> command = new ArrayList<>(env.baseCommand(knownHosts));
        command.addAll(List.of(
                "-N", "-T",
                "-o", "ExitOnForwardFailure=yes",
                "-o", "StreamLocalBindUnlink=yes",
                "-o", "StreamLocalBindMask=0177",
                "-o", "ServerAliveInterval=5",
                "-o", "ServerAliveCountMax=3",
                "-L", socket + ":" + remoteSocket));
        command.addAll(target.portAndUserOptions());
        command.addAll(List.of("--", target.destinationHost()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(SshCommand.nullDevice()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(errors.toFile());
        env.applyTo(builder);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            RunDirectory.deleteQuietly(errors);
            throw new SshException("cannot run '" + env.sshCommand() + "' to reach " + resolved.where() + ": "
                    + e.getMessage() + " (is OpenSSH's client installed?)", e);
        }
        SshTunnel tunnel = new SshTunnel(builder, env, target, resolved, process, socket, errors, remoteSocket);
        try {
            tunnel.awaitStarted(process);
        } catch (RuntimeException e) {
            tunnel.close();
            throw e;
        }
        LOG.info("ssh session to {} forwards {} (ssh pid {})", resolved.where(), remoteSocket, process.pid());
        return tunnel;
    }

    /** Waits until the forward listens; otherwise stops {@code started} and fails with ssh's own reason. */
    private void awaitStarted(Process started) {
        try {
            awaitListening(started, env.connectTimeout().plus(Duration.ofSeconds(1)));
        } catch (RuntimeException e) {
            String stderr = SshCommand.read(errors);
            stop(started);
            if (SshFailures.kind(stderr) != SshFailures.Kind.OTHER) {
                throw HostKeyProbe.untrusted(env, target, resolved, stderr);
            }
            if (!(e instanceof UnavailableException timedOut) || started.isAlive() || !stderr.isBlank()) {
                throw stderr.isBlank() ? e : SshFailures.explain(resolved.where(), stderr);
            }
            throw timedOut;
        }
    }

    /**
     * Makes sure the session is up before a request: when ssh has ended, starts it again on the same local socket and
     * waits, up to the connect timeout, until it listens. Returns at once while ssh runs.
     *
     * @throws UnavailableException the session cannot be started again now (the host is still away, or another caller
     *                              is starting it), saying why; nothing was sent
     * @throws io.instanceconsole.domain.UntrustedHostKeyException the host now presents a key that is not trusted
     */
    public void ensureOpen() {
        if (process.isAlive()) {
            return;
        }
        if (closed) {
            throw new UnavailableException("the ssh session to " + where + " is closed");
        }
        if (!reopening.tryLock()) {
            throw new UnavailableException("the ssh session to " + where + " ended; the console is connecting again");
        }
        try {
            Process ended = process;
            if (ended.isAlive() || closed) {
                return;
            }
            String why = diagnosis().orElse("the ssh session to " + where + " ended");
            RunDirectory.deleteQuietly(localSocket); // the new ssh binds it again; its existence says it listens
            Process started;
            try {
                started = builder.start();
            } catch (IOException e) {
                throw new UnavailableException(why + "; starting '" + env.sshCommand() + "' again failed: " + e.getMessage(), e);
            }
            process = started;
            awaitStarted(started);
            LOG.info("ssh session to {} forwards {} again (ssh pid {}) after: {}", where, remoteSocket, started.pid(), why);
        } finally {
            reopening.unlock();
        }
    }

    /** The local end: a unix socket a client connects to as if the remote socket were here. */
    public Path localSocket() {
        return localSocket;
    }

    /** The host as ssh reaches it ({@code 127.0.1.1:2222}), for messages. */
    public String where() {
        return where;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Why a request through the tunnel failed, when ssh knows: the session ended, or the host could not open the
     * remote socket (missing, not permitted). Empty when ssh has nothing to say.
     */
    public Optional<String> diagnosis() {
        String stderr = SshCommand.read(errors);
        List<String> lines = SshFailures.meaningfulLines(stderr);
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i);
            int failed = line.indexOf("open failed: ");
            if (failed >= 0) {
                String reason = line.substring(failed + "open failed: ".length());
                return Optional.of("ssh host " + where + " could not open " + remoteSocket + " (" + reason + ")");
            }
        }
        if (!process.isAlive()) {
            return Optional.of("the ssh session to " + where + " ended" + (lines.isEmpty() ? ""
                    : " (" + lines.get(lines.size() - 1) + ")"));
        }
        return Optional.empty();
    }

    /** Ends the ssh session and removes the local socket. Idempotent. */
    @Override
    public void close() {
        closed = true;
        reopening.lock(); // an ssh being started again is stopped here too, not left running
        try {
            stop(process);
        } finally {
            reopening.unlock();
        }
        RunDirectory.deleteQuietly(localSocket);
        RunDirectory.deleteQuietly(errors);
    }

    private static void stop(Process ssh) {
        ssh.destroy();
        try {
            if (!ssh.waitFor(2, TimeUnit.SECONDS)) {
                ssh.destroyForcibly();
            }
        } catch (InterruptedException e) {
            ssh.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "SshTunnel[" + where + " → " + remoteSocket + "]";
    }

    private void awaitListening(Process process, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!Files.exists(localSocket)) {
            if (!process.isAlive()) {
                throw new UnavailableException("ssh to " + where + " ended (exit " + process.exitValue() + ")");
            }
            if (Instant.now().isAfter(deadline)) {
                throw new UnavailableException("ssh host " + where + " did not let the console in within "
                        + timeout.toSeconds() + " s");
            }
            try {
                process.waitFor(POLL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UnavailableException("interrupted while connecting to " + where + " over ssh", e);
            }
        }
    }
}
