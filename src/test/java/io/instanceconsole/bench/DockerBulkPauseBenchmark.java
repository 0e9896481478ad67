package io.instanceconsole.bench;

import com.sun.management.OperatingSystemMXBean;
import io.instanceconsole.backend.docker.DockerCli;
import io.instanceconsole.backend.docker.DockerSettings;
import io.instanceconsole.backend.docker.EngineUnderTest;
import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.domain.ResilienceSettings;
import io.instanceconsole.testing.ProjectScripts;
import io.instanceconsole.testing.Scratch;
import io.instanceconsole.testing.ServiceFixture;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static io.instanceconsole.bench.Bench.check;

/**
 * Bulk pause then resume of N real containers through the LifecycleService (journal, policies, store, live events:
 * the whole console path), against {@code docker pause $(docker ps -q)} / {@code docker unpause $(docker ps -q
 * --filter status=paused)} on the same engine in the same run, timed as typed (listing included) and also without
 * the listings (the stricter comparison). Prints per-round times, medians and the ratio console/CLI. Not a test: run it by hand
 * (see docs/benchmarks.md).
 *
 * <p>Options: {@code --containers 100 --rounds 5 --bulkhead 8 --threads 4 --adapter-only N}. {@code --threads} is the
 * service executor size (AppContext uses 4); {@code --bulkhead} the per-connection limit on calls in flight;
 * {@code --adapter-only N} (diagnostic) also times the bare adapter ({@code DockerBackend.perform} on N threads, no
 * journal, policies or store) in each round, to tell the console's own cost from the engine's. Each batch also prints
 * when its results arrived, how busy the whole machine was and the CPU time it spent (all processes), and this JVM's
 * CPU time: the engine's share of the machine's time bounds what any client can reach.
 */
public final class DockerBulkPauseBenchmark {
    /**
     * CPU time spent during this round's batches, by who ran them ("console", "cli", "adapter"): {the machine's (every
     * process, all cores), this JVM's}, in ms. On 2 cores every side keeps the machine ~95 % busy, so the times follow
     * the CPU each side makes the machine spend, and the engine's own share bounds what any client can reach.
     */
    private static final Map<String, double[]> ROUND_CPU = new HashMap<>();
    private static final Map<String, List<Double>> MACHINE_CPU = new TreeMap<>();
    private static final Map<String, List<Double>> JVM_CPU = new TreeMap<>();

    public static void main(String[] args) throws Exception {
        int containers = Bench.intArg(args, "--containers", 100);
        int rounds = Bench.intArg(args, "--rounds", 5);
        int bulkhead = Bench.intArg(args, "--bulkhead", 8);
        int threads = Bench.intArg(args, "--threads", 4);
        int adapterThreads = Bench.intArg(args, "--adapter-only", 0);

        DockerCli cli = new DockerCli(ProjectScripts.dockerEngine("bench"));
        cli.removeAll();
        System.out.printf("engine bench: %s, Docker %s; %d containers, %d rounds, bulkhead %d, service threads %d, %d CPUs%n",
                cli.host(), cli.docker("version", "-f", "{{.Server.Version}}").trim(), containers, rounds, bulkhead,
                threads, Runtime.getRuntime().availableProcessors());
        createContainers(cli, containers);

        Path dataDir = Scratch.directory("ic-bench");
        ResilienceSettings resilience = ResilienceSettings.defaults().withBulkhead(bulkhead, Duration.ofMinutes(10));
        try (ServiceFixture console = new ServiceFixture(dataDir, threads)) {
            EngineUnderTest engine = EngineUnderTest.connect(console, cli.host(), resilience, DockerSettings.defaults());
            List<InstanceKey> keys = console.known.ofConnection(engine.connectionId()).stream()
                    .map(i -> i.key()).toList();
            check(keys.size() == containers, "console sees " + keys.size() + " containers, expected " + containers);
            awaitAll(console, keys, InstanceStatus.RUNNING);

            List<Double> consolePause = new ArrayList<>();
            List<Double> consoleResume = new ArrayList<>();
            List<Double> cliPause = new ArrayList<>();
            List<Double> cliResume = new ArrayList<>();
            List<Double> cliKnownIds = new ArrayList<>();
            List<Double> adapterBoth = new ArrayList<>();
            // one unmeasured warm-up round of each (JIT, connection pool, H2 caches, dockerd caches)
            runConsole(console, cli, keys);
            runCli(cli, containers);
            ROUND_CPU.clear();
            for (int round = 1; round <= rounds; round++) {
                // alternate who goes first, so neither always runs on a freshly settled engine
                double[] c;
                double[] d;
                if (round % 2 == 1) {
                    c = runConsole(console, cli, keys);
                    d = runCli(cli, containers);
                } else {
                    d = runCli(cli, containers);
                    c = runConsole(console, cli, keys);
                }
                consolePause.add(c[0]);
                consoleResume.add(c[1]);
                cliPause.add(d[0]);
                cliResume.add(d[1]);
                cliKnownIds.add(d[2] + d[3]);
                System.out.printf("round %d: console pause %.0f ms + resume %.0f ms = %.0f ms | CLI pause %.0f ms + unpause %.0f ms"
                                + " = %.0f ms (%.0f ms without its listings)%n",
                        round, c[0], c[1], c[0] + c[1], d[0], d[1], d[0] + d[1], d[2] + d[3]);
                if (adapterThreads > 0) {
                    double[] a = runAdapterOnly(console, engine, keys, adapterThreads);
                    adapterBoth.add(a[0] + a[1]);
                    System.out.printf("round %d: adapter alone (%d threads) pause %.0f ms + resume %.0f ms = %.0f ms%n",
                            round, adapterThreads, a[0], a[1], a[0] + a[1]);
                }
                endRoundCpu();
            }
            double consoleTotal = Bench.median(sum(consolePause, consoleResume));
            double cliTotal = Bench.median(sum(cliPause, cliResume));
            System.out.printf("median console: pause %.0f ms, resume %.0f ms, pause+resume %.0f ms%n",
                    Bench.median(consolePause), Bench.median(consoleResume), consoleTotal);
            System.out.printf("median CLI:     pause %.0f ms, unpause %.0f ms, pause+unpause %.0f ms%n",
                    Bench.median(cliPause), Bench.median(cliResume), cliTotal);
            System.out.printf("ratio console/CLI: pause %.2f, resume %.2f, pause+resume %.2f (target <= 1.0, issue 21)%n",
                    Bench.median(consolePause) / Bench.median(cliPause), Bench.median(consoleResume) / Bench.median(cliResume),
                    consoleTotal / cliTotal);
            List<Double> consoleBoth = sum(consolePause, consoleResume);
            List<Double> cliBoth = sum(cliPause, cliResume);
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < consoleBoth.size(); i++) {
                ratios.add(consoleBoth.get(i) / cliBoth.get(i));
            }
            Bench.report("docker" + containers + ".pauseResume.console", "ms", consoleBoth, "");
            Bench.report("docker" + containers + ".pauseResume.cli", "ms", cliBoth, "");
            Bench.report("docker" + containers + ".pauseResume.ratioVsCli", "ratio", ratios, "<=1.0");
            // the stricter comparison: the CLI given the ids, without its listing
            List<Double> knownIdsRatios = new ArrayList<>();
            for (int i = 0; i < consoleBoth.size(); i++) {
                knownIdsRatios.add(consoleBoth.get(i) / cliKnownIds.get(i));
            }
            Bench.report("docker" + containers + ".pauseResume.cliKnownIds", "ms", cliKnownIds, "");
            Bench.report("docker" + containers + ".pauseResume.ratioVsCliKnownIds", "ratio", knownIdsRatios, "");
            if (!adapterBoth.isEmpty()) {
                // the floor: the same engine calls without the console around them, against the CLI of the same round
                List<Double> adapterRatios = new ArrayList<>();
                for (int i = 0; i < adapterBoth.size(); i++) {
                    adapterRatios.add(adapterBoth.get(i) / cliBoth.get(i));
                }
                Bench.report("docker" + containers + ".pauseResume.adapterOnly", "ms", adapterBoth, "");
                Bench.report("docker" + containers + ".pauseResume.adapterOnlyRatioVsCli", "ratio", adapterRatios, "");
                // what the console adds to the same calls, round by round
                List<Double> overAdapter = new ArrayList<>();
                for (int i = 0; i < adapterBoth.size(); i++) {
                    overAdapter.add(consoleBoth.get(i) / adapterBoth.get(i));
                }
                Bench.report("docker" + containers + ".pauseResume.ratioVsAdapter", "ratio", overAdapter, "<=1.05");
            }
            MACHINE_CPU.forEach((who, values) -> Bench.report("docker" + containers + ".pauseResume.machineCpu." + who,
                    "ms", values, ""));
            JVM_CPU.forEach((who, values) -> Bench.report("docker" + containers + ".pauseResume.jvmCpu." + who,
                    "ms", values, ""));
        } finally {
            cli.removeAll();
            ProjectScripts.stopDockerEngine("bench");
        }
    }

    private static void createContainers(DockerCli cli, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(cli.create("bench-" + i));
        }
        List<String> start = new ArrayList<>(List.of("start"));
        start.addAll(ids);
        cli.docker(start.toArray(String[]::new));
        check(running(cli) == count, "not all " + count + " containers are running");
    }

    /** Pause all, then resume all, each batch submitted at once; returns {pause ms, resume ms}. */
    private static double[] runConsole(ServiceFixture console, DockerCli cli, List<InstanceKey> keys) {
        // not timed: the console must have seen (through events) what the CLI round just did, or it would skip
        awaitAll(console, keys, InstanceStatus.RUNNING);
        double pause = batch(console, keys, Action.PAUSE);
        check(cli.docker("ps", "-q", "--filter", "status=paused").lines().count() == keys.size(),
                "engine does not show all containers paused after the console's bulk pause");
        awaitAll(console, keys, InstanceStatus.PAUSED);
        double resume = batch(console, keys, Action.RESUME);
        check(running(cli) == keys.size(), "engine does not show all containers running after the console's bulk resume");
        return new double[] {pause, resume};
    }

    private static double batch(ServiceFixture console, List<InstanceKey> keys, Action action) {
        long cpuBefore = processCpuNanos();
        long[] machineBefore = Machine.cpuJiffies();
        ConsoleBatch batch = ConsoleBatch.run(console, keys, action);
        tallyCpu("console", machineBefore, cpuBefore);
        System.out.printf("  console %s: %.0f ms, this JVM's CPU %.0f ms, %s, results at %s%n",
                action.key(), batch.ms, (processCpuNanos() - cpuBefore) / 1e6,
                Machine.busySince(machineBefore), batch.spread());
        batch.checkEverySucceeded();
        return batch.ms;
    }

    /** The bare adapter on a plain pool: what the engine costs without the console's journal, policies and store. */
    private static double[] runAdapterOnly(ServiceFixture console, EngineUnderTest engine, List<InstanceKey> keys,
                                           int threads) {
        awaitAll(console, keys, InstanceStatus.RUNNING);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            double[] times = new double[2];
            Action[] actions = {Action.PAUSE, Action.RESUME};
            for (int i = 0; i < 2; i++) {
                Action action = actions[i];
                long start = System.nanoTime();
                long cpuBefore = processCpuNanos();
                long[] machineBefore = Machine.cpuJiffies();
                long[] finished = new long[keys.size()];
                List<CompletableFuture<Void>> all = new ArrayList<>();
                for (int k = 0; k < keys.size(); k++) {
                    int slot = k;
                    String id = keys.get(k).instanceId();
                    all.add(CompletableFuture.runAsync(() -> engine.backend().perform(action, id), pool)
                            .whenComplete((r, e) -> finished[slot] = System.nanoTime()));
                }
                CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
                times[i] = (System.nanoTime() - start) / 1e6;
                tallyCpu("adapter", machineBefore, cpuBefore);
                System.out.printf("  adapter %s: %.0f ms, this JVM's CPU %.0f ms, %s, results at %s%n",
                        action.key(), times[i], (processCpuNanos() - cpuBefore) / 1e6,
                        Machine.busySince(machineBefore), ConsoleBatch.spread(start, finished));
                awaitAll(console, keys, action == Action.PAUSE ? InstanceStatus.PAUSED : InstanceStatus.RUNNING);
            }
            return times;
        } finally {
            pool.shutdown();
        }
    }

    private static void tallyCpu(String who, long[] machineBefore, long jvmBefore) {
        double[] sums = ROUND_CPU.computeIfAbsent(who, k -> new double[2]);
        sums[0] += Machine.busyMillis(machineBefore, Machine.cpuJiffies());
        sums[1] += (processCpuNanos() - jvmBefore) / 1e6;
    }

    private static void endRoundCpu() {
        ROUND_CPU.forEach((who, sums) -> {
            MACHINE_CPU.computeIfAbsent(who, k -> new ArrayList<>()).add(sums[0]);
            if (!who.equals("cli")) {
                JVM_CPU.computeIfAbsent(who, k -> new ArrayList<>()).add(sums[1]);
            }
        });
        ROUND_CPU.clear();
    }

    private static long processCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * The commands as a user types them, {@code docker pause $(docker ps -q)} and {@code docker unpause $(docker ps -q
     * --filter status=paused)}: the listing is part of the command, as the shell runs it first. Returns {pause,
     * unpause} with their listings, then {pause, unpause} alone (ids already known), all in ms.
     */
    private static double[] runCli(DockerCli cli, int count) {
        long[] machineBefore = Machine.cpuJiffies();
        long start = System.nanoTime();
        List<String> ids = cli.docker("ps", "-q").lines().toList();
        long listed = System.nanoTime();
        check(ids.size() == count, "CLI sees " + ids.size() + " running containers");
        cli.docker(Bench.command("pause", ids));
        long done = System.nanoTime();
        double pause = (done - start) / 1e6;
        double pauseAlone = (done - listed) / 1e6;
        tallyCpu("cli", machineBefore, 0);
        System.out.printf("  CLI pause: %.0f ms, %s%n", pause,
                Machine.busySince(machineBefore));
        machineBefore = Machine.cpuJiffies();
        start = System.nanoTime();
        List<String> paused = cli.docker("ps", "-q", "--filter", "status=paused").lines().toList();
        listed = System.nanoTime();
        check(paused.size() == count, "CLI pause left " + (count - paused.size()) + " running");
        cli.docker(Bench.command("unpause", paused));
        done = System.nanoTime();
        double resume = (done - start) / 1e6;
        double resumeAlone = (done - listed) / 1e6;
        tallyCpu("cli", machineBefore, 0);
        System.out.printf("  CLI unpause: %.0f ms, %s%n", resume,
                Machine.busySince(machineBefore));
        check(running(cli) == count, "CLI unpause left containers paused");
        return new double[] {pause, resume, pauseAlone, resumeAlone};
    }

    private static void awaitAll(ServiceFixture console, List<InstanceKey> keys, InstanceStatus status) {
        ConsoleBatch.awaitAll(console, keys, status, Duration.ofSeconds(30));
    }

    private static long running(DockerCli cli) {
        return cli.docker("ps", "-q", "--filter", "status=running").lines().count();
    }

    private static List<Double> sum(List<Double> a, List<Double> b) {
        List<Double> result = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            result.add(a.get(i) + b.get(i));
        }
        return result;
    }

}
