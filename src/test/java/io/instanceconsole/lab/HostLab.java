package io.instanceconsole.lab;

import com.sun.security.auth.module.UnixSystem;
import io.instanceconsole.testing.ProjectScripts;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The host lab of the integration tests ({@code .ci/host-lab.sh}) as a JUnit 5 extension: N hosts 127.0.1.1..N in the
 * network namespace {@code icl-lab}, each with its own sshd on port {@value #SSH_PORT} and, on request, its own Docker
 * engine; a password-only host; a client key in an ssh-agent, an ssh_config with aliases {@code lab1..labN} and a
 * known_hosts with every host's key.
 *
 * <p>Guarantees: before the first test of a class that registers it, the lab has at least the hosts (and engines) asked
 * for, and the JVM is inside the lab's namespace, or the class fails (never skips) saying why: not root, no
 * {@code ip netns}, or not started by the {@code lab-integration-test} execution. The lab is brought up once per JVM
 * and grows as later classes ask for more ({@code up} is idempotent); it is taken down ({@code down}: daemons,
 * namespace, directory) when JUnit ends, after the last class, even when tests failed; failsafe's post-integration-test
 * runs {@code down} again in case the JVM died. {@code -Dic.lab.keep=true} leaves it up for the next run.
 *
 * <p>Every check of "the host's truth" goes through that host's own CLI on its own socket ({@link #docker},
 * {@link #virsh}), never through the console or through ssh, so it holds while a fault is on.
 */
public final class HostLab implements BeforeAllCallback {
    /** Port of every lab host's sshd. */
    public static final int SSH_PORT = 2222;
    /** Address of the password-only host. */
    public static final String PASSWORD_HOST = "127.0.1.99";
    private static final String SCRIPT = ".ci/host-lab.sh";
    private static final String DOCKER = Files.isExecutable(Path.of("/usr/bin/docker")) ? "/usr/bin/docker" : "docker";
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(10);
    /** The letters of ssh's options that take an argument (ssh(1) synopsis). */
    private static final String SSH_OPTIONS_WITH_ARGUMENT = "BbcDEeFIiJLlmOoPpQRSWw";

    private final int hosts;
    private final boolean docker;
    private final boolean libvirt;
    private volatile Map<String, String> env = Map.of();

    private HostLab(int hosts, boolean docker, boolean libvirt) {
        if (hosts < 1 || hosts > 98) {
            throw new IllegalArgumentException("a lab has 1..98 hosts, not " + hosts);
        }
        this.hosts = hosts;
        this.docker = docker;
        this.libvirt = libvirt;
    }

    /** A lab of {@code n} hosts with sshd only; see {@link #withDocker()} and {@link #withLibvirt()}. */
    public static HostLab hosts(int n) {
        return new HostLab(n, false, false);
    }

    /** The same lab with a Docker engine on every host. */
    public HostLab withDocker() {
        return new HostLab(hosts, true, libvirt);
    }

    /** The same lab with the lab's libvirtd (one for all hosts, domain {@code ic-tiny}) reachable from every host. */
    public HostLab withLibvirt() {
        return new HostLab(hosts, docker, true);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        checkEnvironment();
        ExtensionContext.Store store = context.getRoot().getStore(ExtensionContext.Namespace.create(HostLab.class));
        store.computeIfAbsent(Teardown.class, key -> new Teardown(), Teardown.class);
        up();
    }

    /** Brings the lab up as asked (idempotent) and reads its variables; for callers outside JUnit. */
    public synchronized HostLab up() {
        List<String> command = new ArrayList<>(List.of(SCRIPT, "up", Integer.toString(hosts)));
        if (docker) command.add("--docker");
        if (libvirt) command.add("--libvirt");
        env = parseEnv(ProjectScripts.run(SCRIPT_TIMEOUT.toSeconds(), command.toArray(String[]::new)));
        for (int i = 1; i <= hosts; i++) {
            String host = require("LAB_HOST_" + i);
            if (docker) require("LAB_DOCKER_SOCK_" + i);
            if (libvirt) require("LAB_LIBVIRT_SOCK_" + i);
            if (!host.equals(address(i))) {
                throw new IllegalStateException("host " + i + " has address " + host + ", expected " + address(i));
            }
        }
        return this;
    }

    /** Takes the whole lab down now (every host, engine, agent, the namespace and the lab directory). */
    public static void down() {
        ProjectScripts.run(SCRIPT_TIMEOUT.toSeconds(), SCRIPT, "down");
    }

    /** Runs {@code down} when JUnit closes the root store, i.e. after the last test of the JVM. */
    private static final class Teardown implements AutoCloseable {
        @Override
        public void close() {
            if (Boolean.getBoolean("ic.lab.keep")) {
                System.err.println("host lab left up (-Dic.lab.keep=true); take it down with " + SCRIPT + " down");
                return;
            }
            down();
        }
    }

    /** Fails (never skips) unless the JVM runs as root inside the lab's network namespace. */
    static void checkEnvironment() {
        String netns = System.getenv().getOrDefault("IC_LAB_NETNS", "icl-lab");
        long uid = new UnixSystem().getUid();
        if (uid != 0) {
            throw new IllegalStateException("the host lab needs root (uid is " + uid + "): run the LabITs as root, as .ci/run does");
        }
        Path namespace = Path.of("/run/netns", netns);
        try {
            Object lab = Files.getAttribute(namespace, "unix:ino");
            String self = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString(); // net:[4026532175]
            if (!self.equals("net:[" + lab + "]")) {
                throw new IllegalStateException("this JVM is not inside network namespace " + netns + " (it is in " + self
                        + "): LabITs run only in failsafe's lab-integration-test execution (mvn verify), whose JVM is .ci/lab-jvm/bin/java");
            }
        } catch (IOException e) {
            throw new IllegalStateException("network namespace " + netns + " does not exist (" + e.getMessage()
                    + "): LabITs run only in failsafe's lab-integration-test execution, whose JVM .ci/lab-jvm/bin/java creates it", e);
        }
    }

    // ------------------------------------------------------------------------------------------------ addresses, files

    /** How many hosts this handle asked for (the running lab may have more). */
    public int hostCount() {
        return hosts;
    }

    /** Host {@code i}'s address, 127.0.1.i. */
    public static String address(int i) {
        return "127.0.1." + i;
    }

    /** Host {@code i}'s ssh_config alias, {@code lab<i>}. */
    public static String alias(int i) {
        return "lab" + i;
    }

    /** Every variable {@code host-lab.sh env} printed (LAB_DIR, LAB_SSH_CONFIG, LAB_HOST_1, ...). */
    public Map<String, String> env() {
        return env;
    }

    public Path dir() {
        return Path.of(require("LAB_DIR"));
    }

    /** ssh_config with Host lab1..labN and labpw (User root, Port 2222, the lab's key, agent and known_hosts). */
    public Path sshConfig() {
        return Path.of(require("LAB_SSH_CONFIG"));
    }

    /** known_hosts with every host's key, as {@code [127.0.1.i]:2222} and as {@code 127.0.1.i} (port 22, a proxy). */
    public Path knownHosts() {
        return Path.of(require("LAB_KNOWN_HOSTS"));
    }

    /** The ssh-agent's socket (for {@code SSH_AUTH_SOCK}); it holds the client key. */
    public Path agentSocket() {
        return Path.of(require("LAB_AGENT_SOCK"));
    }

    /** The client's private key (0600), authorized on every host but the password-only one. */
    public Path clientKey() {
        return Path.of(require("LAB_KEY"));
    }

    /** A directory with an {@code ssh} that uses the lab's ssh_config: put it first on PATH for tools that run ssh. */
    public Path binDir() {
        return Path.of(require("LAB_BIN"));
    }

    /** Host {@code i}'s public host key file ({@code ssh-ed25519 AAAA... comment}). */
    public Path hostKey(int i) {
        return Path.of(require("LAB_HOST_KEY_" + i));
    }

    /** Host {@code i}'s Docker socket (only with {@link #withDocker()}). */
    public Path dockerSocket(int i) {
        return Path.of(require("LAB_DOCKER_SOCK_" + i));
    }

    /**
     * Host {@code i}'s Docker engine over SSH as the docker CLI writes it, with the socket path:
     * {@code ssh://root@127.0.1.i:2222/.../lab<i>/docker.sock}. Without a path the host's sshd points the remote docker
     * CLI at the same engine (DOCKER_HOST is set per session).
     */
    public String dockerSshUri(int i) {
        return dockerSshUri(i, SSH_PORT);
    }

    /** As {@link #dockerSshUri(int)} through another port of the host, e.g. a {@link DelayProxy} on port 22. */
    public String dockerSshUri(int i, int port) {
        return "ssh://root@" + address(i) + ":" + port + dockerSocket(i);
    }

    /** The libvirt socket host {@code i} reaches (one libvirtd for the whole lab; only with {@link #withLibvirt()}). */
    public Path libvirtSocket(int i) {
        return Path.of(require("LAB_LIBVIRT_SOCK_" + i));
    }

    /**
     * libvirt over SSH to host {@code i}: {@code qemu+ssh://root@127.0.1.i:2222/system?socket=...}. libvirt runs the system
     * ssh with the user's ~/.ssh; append {@code &command=<binDir()>/ssh} to use the lab's ssh_config and known_hosts.
     */
    public String libvirtSshUri(int i) {
        return "qemu+ssh://root@" + address(i) + ":" + SSH_PORT + "/system?socket=" + libvirtSocket(i);
    }

    /** Host {@code i}'s sshd behind a {@link DelayProxy} on {@code 127.0.1.i:22}, {@code oneWay} each way. */
    public DelayProxy delayProxy(int i, Duration oneWay) {
        return DelayProxy.onHost(address(i), 22, SSH_PORT, oneWay);
    }

    /** A delay proxy on {@code 127.0.1.i:listenPort} in front of host {@code i}'s sshd. */
    public DelayProxy delayProxy(int i, int listenPort, Duration oneWay) {
        return new DelayProxy(new InetSocketAddress(address(i), listenPort), new InetSocketAddress(address(i), SSH_PORT), oneWay);
    }

    // ------------------------------------------------------------------------------------------------ faults

    /** Drops every packet to and from host {@code i} (both directions) until {@link #restore}. */
    public void cut(int i) {
        ProjectScripts.run(60, SCRIPT, "cut", Integer.toString(i));
    }

    /** Removes host {@code i}'s cut and loss. */
    public void restore(int i) {
        ProjectScripts.run(60, SCRIPT, "restore", Integer.toString(i));
    }

    /** Drops {@code percent} % of host {@code i}'s packets at random, each direction; 0 removes the loss. */
    public void loss(int i, double percent) {
        ProjectScripts.run(60, SCRIPT, "loss", Integer.toString(i), String.format(Locale.ROOT, "%.3f", percent));
    }

    /** SIGSTOPs host {@code i}'s sshd listener: new connections hang after the TCP handshake; open sessions go on. */
    public void stopSshd(int i) {
        ProjectScripts.run(60, SCRIPT, "stop-sshd", Integer.toString(i));
    }

    /** SIGSTOPs host {@code i}'s sshd listener and every process of its open sessions: the whole host's ssh hangs. */
    public void stopSshdWithSessions(int i) {
        ProjectScripts.run(60, SCRIPT, "stop-sshd", Integer.toString(i), "--sessions");
    }

    /** SIGCONTs host {@code i}'s sshd listener and its sessions. */
    public void contSshd(int i) {
        ProjectScripts.run(60, SCRIPT, "cont-sshd", Integer.toString(i));
    }

    // ------------------------------------------------------------------------------------------------ the host's own CLI

    /** What a command did. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr, Duration took) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** stdout, trimmed, if the command succeeded; otherwise fails with everything it said. */
        public String output() {
            if (exitCode != 0) {
                throw new AssertionError(String.join(" ", command) + " failed (exit " + exitCode + ", " + took.toMillis()
                        + " ms): " + stderr.strip() + (stdout.isBlank() ? "" : " / stdout: " + stdout.strip()));
            }
            return stdout.strip();
        }
    }

    /**
     * Runs a tool of host {@code i} on that host's own socket and returns its result: {@code "docker"} runs
     * {@code docker -H unix://<host i's socket> ARGS}, {@code "virsh"} runs
     * {@code virsh -c qemu+unix:///system?socket=<host i's libvirt socket> ARGS}; anything else runs as given.
     */
    public Result runOnHost(int i, String tool, String... args) {
        List<String> command = new ArrayList<>();
        Map<String, String> extra = new HashMap<>();
        switch (tool) {
            case "docker" -> {
                command.addAll(List.of(DOCKER, "-H", "unix://" + dockerSocket(i)));
                // the engines are Docker 20.10; no user config, contexts or TLS settings
                extra.put("DOCKER_API_VERSION", "1.41");
                extra.put("DOCKER_CONFIG", dir().resolve("docker-cli").toString());
            }
            case "virsh" -> command.addAll(List.of("virsh", "-q", "-c", "qemu+unix:///system?socket=" + libvirtSocket(i)));
            default -> command.add(tool);
        }
        command.addAll(List.of(args));
        return run(Duration.ofMinutes(2), command, extra);
    }

    /** {@code docker ARGS} on host {@code i}'s own engine; its trimmed stdout, or an AssertionError saying why not. */
    public String docker(int i, String... args) {
        return runOnHost(i, "docker", args).output();
    }

    /** {@code virsh ARGS} on the libvirtd host {@code i} reaches; its trimmed stdout, or an AssertionError. */
    public String virsh(int i, String... args) {
        return runOnHost(i, "virsh", args).output();
    }

    /** {@code ssh -F <lab ssh_config> OPTIONS... lab<i> COMMAND...}: pass options before the command, e.g. "-o", "BatchMode=yes". */
    public Result ssh(int i, Duration timeout, String... optionsAndCommand) {
        List<String> command = new ArrayList<>(List.of("ssh", "-F", sshConfig().toString()));
        List<String> rest = List.of(optionsAndCommand);
        int split = 0;
        while (split < rest.size() && rest.get(split).startsWith("-")) {
            command.add(rest.get(split));
            String option = rest.get(split);
            if (option.length() == 2 && SSH_OPTIONS_WITH_ARGUMENT.indexOf(option.charAt(1)) >= 0 && split + 1 < rest.size()) {
                command.add(rest.get(++split)); // "-o" "X=Y", "-p" "22"
            }
            split++;
        }
        command.add(alias(i));
        command.addAll(rest.subList(split, rest.size()));
        return run(timeout, command, Map.of());
    }

    /**
     * Runs {@code command} with {@code extraEnv} added to this JVM's environment (and {@code SSH_AUTH_SOCK} set to the lab's
     * agent when the lab is up), reading both outputs; kills it after {@code timeout} and returns exit code -1.
     */
    public Result run(Duration timeout, List<String> command, Map<String, String> extraEnv) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(ProjectScripts.root().toFile());
        if (env.containsKey("LAB_AGENT_SOCK")) {
            builder.environment().put("SSH_AUTH_SOCK", env.get("LAB_AGENT_SOCK"));
        }
        builder.environment().putAll(extraEnv);
        long start = System.nanoTime();
        try {
            Process process = builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            CompletableFuture<String> out = readAll(process.getInputStream());
            CompletableFuture<String> err = readAll(process.getErrorStream());
            boolean done = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            return new Result(List.copyOf(command), done ? process.exitValue() : -1, out.join(),
                    (done ? "" : "[killed after " + timeout.toMillis() + " ms] ") + err.join(), took);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }

    private static CompletableFuture<String> readAll(InputStream stream) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (stream) {
                result.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                result.complete("[read failed: " + e.getMessage() + "]");
            }
        });
        return result;
    }

    private String require(String name) {
        String value = env.get(name);
        if (value == null) {
            throw new IllegalStateException(name + " is not set by " + SCRIPT + " env (is the lab up with what this test asked for? "
                    + "hosts=" + hosts + ", docker=" + docker + ", libvirt=" + libvirt + ")");
        }
        return value;
    }

    /** Parses {@code NAME=value} lines; values are printf %q-quoted, which for the lab's paths is the plain value. */
    static Map<String, String> parseEnv(List<String> lines) {
        Map<String, String> result = new HashMap<>();
        for (String line : lines) {
            int eq = line.indexOf('=');
            if (eq > 0 && line.startsWith("LAB_")) {
                result.put(line.substring(0, eq), line.substring(eq + 1).replace("\\ ", " "));
            }
        }
        if (!result.containsKey("LAB_DIR")) {
            throw new IllegalStateException(SCRIPT + " printed no LAB_DIR: " + lines);
        }
        return Map.copyOf(result);
    }
}
