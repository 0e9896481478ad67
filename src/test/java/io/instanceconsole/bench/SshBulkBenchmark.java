package io.instanceconsole.bench;

import io.instanceconsole.backend.docker.DockerBackend;
import io.instanceconsole.backend.docker.DockerSettings;
import io.instanceconsole.concurrent.ConsoleThreads;
import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.domain.ResilienceSettings;
import io.instanceconsole.lab.DelayProxy;
import io.instanceconsole.lab.HostLab;
import io.instanceconsole.service.ManagedConnection;
import io.instanceconsole.testing.ServiceFixture;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Issue 19, side by side in one run: bulk pause + resume of N containers on a lab host at 50 ms RTT over SSH, the
 * console against the docker CLI, both through the same {@link DelayProxy} (25 ms each way, 127.0.1.1:22 → the host's
 * sshd on :2222). Target: console ≤ 0.5 × CLI.
 *
 * <p>Console: the path of {@link DockerBulkPauseBenchmark} (the real {@code LifecycleService} with journal, policies,
 * store and the live event stream; {@code perform(PAUSE)} for all N at once, wait for every result, then
 * {@code RESUME}), over a {@code DockerBackend} opened on {@code ssh://root@127.0.1.1:22/<the host's socket>}: one ssh
 * session carrying every request and the event stream (ADR 16), default policies (bulkhead 8) and Docker settings.
 * CLI, timed as typed, listing included: {@code docker -H ssh://… pause $(docker -H ssh://… ps -q …)} and
 * {@code docker -H ssh://… unpause $(docker -H ssh://… ps -q --filter status=paused …)}; each listing and command
 * starts its own ssh (one per HTTP connection the CLI opens). Both sides list only the benchmark's containers
 * ({@code --filter label=…}), so a lab host shared with others is safe. One warm-up round each, then rounds
 * alternating who goes first; every batch is checked on the host's own socket. Also reports how many ssh
 * connections (handshakes) each side made per round (the proxy counts them).
 */
final class SshBulkBenchmark {
    private static final int HOST = 1;

    private SshBulkBenchmark() {
    }

    static void run() throws Exception {
        int containers = Bench.size(100, 3);
        int rounds = Bench.runs(5);
        SshLab.onDelayedHost(HOST, containers, "sshbulk", "icsb", host -> measure(host, containers, rounds));
    }

    private static void measure(SshLab.DelayedHost host, int containers, int rounds) throws Exception {
        try (ServiceFixture console = new ServiceFixture(host.dataDir(), ServiceFixture.SERVICE_THREADS)) {
            Bench.info("%d containers on lab host %d, %s, %d rounds; %s; CLI %s (%s)", containers, HOST, host.uri(), rounds,
                    host.proxy(), host.docker(), SshLab.cli(host.lab(), host.docker(), host.uri(), "version", "-f",
                            "client {{.Client.Version}}, engine {{.Server.Version}}").output());
            Connection connection = new Connection(UUID.randomUUID().toString(), "lab" + HOST, BackendKind.DOCKER,
                    host.uri(), "", false, true);
            ResilienceSettings policies = ResilienceSettings.defaults();
            DockerBackend backend = DockerBackend.open(connection, DockerSettings.defaults(), Clock.systemUTC(), new ConsoleThreads(),
                    SshLab.sshEnvironment(host.lab(), host.dataDir()));
            ManagedConnection managed = console.connect(connection, backend, policies);
            List<InstanceKey> keys = console.known.ofConnection(managed.id()).stream()
                    .filter(i -> i.name().startsWith("sshbulk-")).map(i -> i.key()).toList();
            Bench.check(keys.size() == containers, "console sees " + keys.size() + " of " + containers);
            awaitAll(console, keys, InstanceStatus.RUNNING);
            Bench.info("console: bulkhead %d, %d service threads, docker-java pool %d connections",
                    policies.maxConcurrentCalls(), ServiceFixture.SERVICE_THREADS,
                    DockerSettings.defaults().maxConnections());

            List<Double> consoleBoth = new ArrayList<>();
            List<Double> cliBoth = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            List<Double> consoleSsh = new ArrayList<>();
            List<Double> cliSsh = new ArrayList<>();
            // warm-up: JIT, pooled connections (channels of the session), dockerd's caches
            runConsole(console, host.lab(), keys);
            runCli(host.lab(), host.docker(), host.uri(), containers);
            for (int round = 1; round <= rounds; round++) {
                double[] c;
                double[] d;
                int before = host.proxy().acceptedConnections();
                int consoleHandshakes;
                int cliHandshakes;
                if (round % 2 == 1) {
                    c = runConsole(console, host.lab(), keys);
                    consoleHandshakes = host.proxy().acceptedConnections() - before;
                    before = host.proxy().acceptedConnections();
                    d = runCli(host.lab(), host.docker(), host.uri(), containers);
                    cliHandshakes = host.proxy().acceptedConnections() - before;
                } else {
                    d = runCli(host.lab(), host.docker(), host.uri(), containers);
                    cliHandshakes = host.proxy().acceptedConnections() - before;
                    before = host.proxy().acceptedConnections();
                    c = runConsole(console, host.lab(), keys);
                    consoleHandshakes = host.proxy().acceptedConnections() - before;
                }
                consoleBoth.add(c[0] + c[1]);
                cliBoth.add(d[0] + d[1]);
                ratios.add((c[0] + c[1]) / (d[0] + d[1]));
                consoleSsh.add((double) consoleHandshakes);
                cliSsh.add((double) cliHandshakes);
                System.out.printf("round %d: console pause %.0f + resume %.0f = %.0f ms (%d new ssh connections) | CLI"
                                + " pause %.0f + unpause %.0f = %.0f ms (%d ssh connections) | ratio %.2f%n", round,
                        c[0], c[1], c[0] + c[1], consoleHandshakes, d[0], d[1], d[0] + d[1], cliHandshakes,
                        (c[0] + c[1]) / (d[0] + d[1]));
            }
            String name = "ssh" + containers + ".pauseResume";
            Bench.report(name + ".console", "ms", consoleBoth, "");
            Bench.report(name + ".cli", "ms", cliBoth, "");
            Bench.report(name + ".ratioVsCli", "ratio", ratios, "<=0.5");
            Bench.report(name + ".sshConnections.console", "count", consoleSsh, "");
            Bench.report(name + ".sshConnections.cli", "count", cliSsh, "");
            backend.close();
        }
    }

    /** Pause all, then resume all, each batch submitted at once; returns {pause ms, resume ms}. */
    private static double[] runConsole(ServiceFixture console, HostLab lab, List<InstanceKey> keys) {
        awaitAll(console, keys, InstanceStatus.RUNNING); // not timed: the CLI's last round must have reached the rows
        double pause = batch(console, keys, Action.PAUSE);
        Bench.check(SshLab.count(lab, HOST, "paused") == keys.size(), "host does not show all paused after the console's pause");
        awaitAll(console, keys, InstanceStatus.PAUSED);
        double resume = batch(console, keys, Action.RESUME);
        Bench.check(SshLab.count(lab, HOST, "running") == keys.size(), "host does not show all running after the console's resume");
        return new double[] {pause, resume};
    }

    private static double batch(ServiceFixture console, List<InstanceKey> keys, Action action) {
        long[] machineBefore = Machine.cpuJiffies();
        ConsoleBatch batch = ConsoleBatch.run(console, keys, action);
        System.out.printf("  console %s: %.0f ms, %s, results at %s%n", action.key(), batch.ms,
                Machine.busySince(machineBefore), batch.spread());
        batch.checkEverySucceeded();
        return batch.ms;
    }

    /** As typed, listing included: {pause ms, unpause ms}. */
    private static double[] runCli(HostLab lab, String docker, String uri, int count) {
        double pause = runCli(lab, docker, uri, count, "pause", "running", "paused");
        double resume = runCli(lab, docker, uri, count, "unpause", "paused", "running", "--filter", "status=paused");
        return new double[] {pause, resume};
    }

    /**
     * {@code docker <verb> $(docker ps -q --filter label=… <filters>)}, as typed, listing included: the {@code listed}
     * containers it finds must all be {@code leaves} on the host afterwards. Returns its ms.
     */
    private static double runCli(HostLab lab, String docker, String uri, int count, String verb, String listed,
                                 String leaves, String... filters) {
        long[] machineBefore = Machine.cpuJiffies();
        long start = System.nanoTime();
        List<String> listing = new ArrayList<>(List.of("ps", "-q", "--filter", "label=" + SshLab.LABEL));
        listing.addAll(List.of(filters));
        List<String> ids = SshLab.cli(lab, docker, uri, listing.toArray(String[]::new)).output().lines().toList();
        long listedAt = System.nanoTime();
        Bench.check(ids.size() == count, "CLI sees " + ids.size() + " " + listed + " containers");
        SshLab.cli(lab, docker, uri, Bench.command(verb, ids));
        double ms = (System.nanoTime() - start) / 1e6;
        System.out.printf("  CLI %s: %.0f ms (listing %.0f ms), %s%n", verb, ms, (listedAt - start) / 1e6,
                Machine.busySince(machineBefore));
        Bench.check(SshLab.count(lab, HOST, leaves) == count,
                "host does not show all " + leaves + " after the CLI's " + verb);
        return ms;
    }

    private static void awaitAll(ServiceFixture console, List<InstanceKey> keys, InstanceStatus status) {
        ConsoleBatch.awaitAll(console, keys, status, Duration.ofSeconds(60));
    }
}
