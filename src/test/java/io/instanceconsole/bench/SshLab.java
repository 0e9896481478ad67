package io.instanceconsole.bench;

import io.instanceconsole.backend.ssh.SshEnvironment;
import io.instanceconsole.lab.DelayProxy;
import io.instanceconsole.lab.HostLab;
import io.instanceconsole.testing.Scratch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What the lab benchmarks share (child JVM, inside the lab's namespace): the lab itself, the console's ssh set-up for
 * it, the benchmark's containers on a host, and the docker CLI over ssh as the lab smoke test runs it.
 *
 * <p>The console reaches a host as a user's console would (ADR 16): {@code ssh://root@127.0.1.I:PORT/<socket>},
 * the system {@code ssh} with an ssh_config of its own ({@code INSTANCE_CONSOLE_SSH_CONFIG}) that trusts the lab's
 * known_hosts, and the lab's agent ({@code SSH_AUTH_SOCK}). The docker CLI runs {@code ssh} from its PATH with the
 * user's ~/.ssh only, so it gets {@code LAB/bin} first on PATH ({@code ssh -F LAB/ssh_config}), as {@code SmokeLabIT}
 * does; both use the same key, agent, known_hosts and the same delay proxy.
 */
final class SshLab {
    static final String IMAGE = "instanceconsole/busybox:1";
    /** Every container a lab benchmark creates carries it; only those are paused by either side, and removed. */
    static final String LABEL = "io.instanceconsole.bench=ssh";
    /** One way; a round trip through the proxy is 50 ms longer. */
    static final Duration ONE_WAY = Duration.ofMillis(25);

    private SshLab() {
    }

    /** Fails unless this JVM runs inside the lab's network namespace (LabBench starts it there). */
    static void requireInsideNamespace() throws IOException {
        String netns = System.getenv().getOrDefault("IC_LAB_NETNS", "icl-lab");
        Object lab = Files.getAttribute(Path.of("/run/netns", netns), "unix:ino");
        String self = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
        if (!self.equals("net:[" + lab + "]")) {
            throw new IllegalStateException("not inside network namespace " + netns + " (" + self
                    + "): run the ssh-* benchmarks through BenchSuite, which starts them with .ci/lab-jvm/bin/java");
        }
    }

    /** Hosts 1..n with a dockerd each; idempotent and grows only, so a lab in use by others is left as it is. */
    static HostLab up(int hosts) {
        long start = System.nanoTime();
        HostLab lab = HostLab.hosts(hosts).withDocker().up();
        Bench.info("host lab %s (netns %s): hosts 1..%d with dockerd ready in %.1f s", lab.dir(),
                lab.env().get("LAB_NETNS"), hosts, (System.nanoTime() - start) / 1e9);
        return lab;
    }

    /** The console's ssh environment for a data directory: its own ssh_config, the lab's agent. */
    static SshEnvironment sshEnvironment(HostLab lab, Path dataDir) {
        return SshEnvironment.of(dataDir, consoleEnv(lab, dataDir), Duration.ofSeconds(5));
    }

    /** The environment variables a console started for the lab would have (ADR 16). */
    static Map<String, String> consoleEnv(HostLab lab, Path dataDir) {
        return Map.of(SshEnvironment.CONFIG_VARIABLE, sshConfig(lab, dataDir).toString(),
                "SSH_AUTH_SOCK", lab.agentSocket().toString());
    }

    /** An ssh_config like the lab's, for any host and port (the URI says which): the lab's key, agent, known_hosts. */
    private static Path sshConfig(HostLab lab, Path dir) {
        Path file = dir.resolve("ssh_config");
        String text = """
                # ssh_config of an Instance Console benchmark for the host lab
                Host *
                    User root
                    IdentityFile %s
                    IdentitiesOnly yes
                    IdentityAgent %s
                    UserKnownHostsFile %s
                    GlobalKnownHostsFile /dev/null
                    StrictHostKeyChecking yes
                    UpdateHostKeys no
                    CheckHostIP no
                    LogLevel ERROR
                """.formatted(lab.clientKey(), lab.agentSocket(), lab.knownHosts());
        try {
            Files.createDirectories(dir);
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** A lab host reached at {@code uri} through {@code proxy}; the docker CLI to compare with; a fresh data directory. */
    record DelayedHost(HostLab lab, String docker, DelayProxy proxy, String uri, Path dataDir) {
    }

    /** What a benchmark measures on a {@link DelayedHost}. */
    interface OnDelayedHost {
        void measure(DelayedHost host) throws Exception;
    }

    /**
     * Brings lab host {@code number} up with {@code containers} containers {@code PREFIX-k}, puts a {@link DelayProxy}
     * of {@link #ONE_WAY} each way in front of its sshd, runs the benchmark with a fresh data directory
     * ({@code scratch}, as {@link Scratch#directory} names it), then closes the proxy and removes the containers,
     * whatever happened.
     */
    static void onDelayedHost(int number, int containers, String prefix, String scratch, OnDelayedHost benchmark)
            throws Exception {
        HostLab lab = up(number);
        String docker = dockerCli();
        Path dataDir = Scratch.directory(scratch);
        try {
            createContainers(lab, number, containers, prefix);
            try (DelayProxy proxy = lab.delayProxy(number, ONE_WAY)) {
                benchmark.measure(new DelayedHost(lab, docker, proxy, lab.dockerSshUri(number, proxy.port()), dataDir));
            }
        } finally {
            removeContainers(lab, number);
        }
    }

    /** Creates and starts {@code count} containers {@code PREFIX-k} on host {@code i} (its own socket); their ids. */
    static List<String> createContainers(HostLab lab, int i, int count, String prefix) throws Exception {
        removeContainers(lab, i);
        List<String> ids = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<String>> created = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                String name = prefix + "-" + k;
                created.add(pool.submit(() -> lab.docker(i, "create", "--network", "none", "--label", LABEL,
                        "--name", name, IMAGE)));
            }
            for (Future<String> f : created) {
                ids.add(f.get());
            }
        }
        List<String> start = new ArrayList<>(List.of("start"));
        start.addAll(ids);
        lab.docker(i, start.toArray(String[]::new));
        long running = lab.docker(i, "ps", "-q", "--filter", "label=" + LABEL, "--filter", "status=running").lines().count();
        Bench.check(running == count, "host " + i + ": " + running + " of " + count + " containers running");
        return ids;
    }

    /** Removes this benchmark's containers from host {@code i} (others' containers stay). */
    static void removeContainers(HostLab lab, int i) {
        List<String> ids = lab.docker(i, "ps", "-aq", "--filter", "label=" + LABEL).lines().filter(l -> !l.isBlank()).toList();
        if (!ids.isEmpty()) {
            List<String> rm = new ArrayList<>(List.of("rm", "-f"));
            rm.addAll(ids);
            lab.docker(i, rm.toArray(String[]::new));
        }
    }

    /** Host {@code i}'s containers of this benchmark in a status, counted on the host's own socket. */
    static long count(HostLab lab, int i, String status) {
        return lab.docker(i, "ps", "-q", "--filter", "label=" + LABEL, "--filter", "status=" + status).lines()
                .filter(l -> !l.isBlank()).count();
    }

    /** The docker CLI the lab smoke test runs ({@code docker} from PATH): its path, for the report. */
    static String dockerCli() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "docker");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException("no docker CLI on PATH");
    }

    /**
     * {@code docker -H URI ARGS} as a user types it, with {@code LAB/bin} first on PATH (the lab's ssh_config) and the
     * lab's agent; fails with what it said unless it succeeded.
     */
    static HostLab.Result cli(HostLab lab, String docker, String uri, String... args) {
        List<String> command = new ArrayList<>(List.of(docker, "-H", uri));
        command.addAll(List.of(args));
        HostLab.Result result = lab.run(Duration.ofMinutes(3), command, Map.of(
                "PATH", lab.binDir() + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
                "DOCKER_CONFIG", lab.dir().resolve("docker-cli").toString()));
        result.output();
        return result;
    }
}
