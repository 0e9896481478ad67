package io.instanceconsole.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs every benchmark (or those named in {@code -Dbench.only=a,b}) and prints each figure as the median of several
 * runs with min and max, plus one machine-readable {@code BENCH ...} line per figure (see {@link Bench}). Run it with
 * {@code mvn -Pbench verify}; {@code -Dbench.smoke=true} runs everything once at tiny sizes, without judging times
 * ({@code .ci/run} does that, so the benchmarks cannot rot). A benchmark whose prerequisites are missing (Xvfb, root
 * for the Docker engine, libvirt) is reported as skipped, with the reason. The {@code ssh-*} benchmarks run in a child
 * JVM inside the host lab's network namespace ({@link LabBench}). Not a test.
 */
public final class BenchSuite {
    private BenchSuite() {
    }

    interface Benchmark {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Map<String, Benchmark> all = new LinkedHashMap<>();
        all.put("lifecycle", LifecycleCostBenchmark::run);
        all.put("hosts", HungHostBenchmark::run);
        all.put("fx", FxTableBenchmark::run);
        // issue 21: the window at 1,000 / 10,000 / 50,000 rows
        all.put("growth", GrowthBenchmark::run);
        // issue 22: a chatty log followed in the details pane
        all.put("log-follow", LogFollowBenchmark::run);
        all.put("startup", StartupBenchmark::run);
        // issue 23: instancectl one call at a time, beside the docker CLI and virsh
        all.put("cli", CliBenchmark::run);
        all.put("libvirt-start", LibvirtStartBenchmark::run);
        all.put("event-latency", RealEventLatencyBenchmark::run);
        all.put("docker-bulk", () -> DockerBulkPauseBenchmark.main(new String[] {
                "--containers", Integer.toString(Bench.size(100, 3)), "--rounds", Integer.toString(Bench.runs(5)),
                "--adapter-only", "8"}));
        all.put("libvirt-bulk", () -> LibvirtBulkSuspendBenchmark.main(new String[] {
                "--domains", Integer.toString(Bench.size(1000, 20)), "--rounds", Integer.toString(Bench.runs(5)),
                "--virsh-sample", Integer.toString(Bench.size(20, 2))}));
        // issue 20: freeze/unfreeze across the 3 members of the tests' LXD cluster, beside lxc
        all.put("lxd-bulk", () -> LxdBulkBenchmark.main(new String[] {
                "--instances", Integer.toString(Bench.size(60, 6)), "--rounds", Integer.toString(Bench.runs(3))}));
        // issue 19: Docker over SSH against the host lab, each in a child JVM inside the lab's network namespace
        all.put("ssh-bulk", () -> LabBench.run("ssh-bulk"));
        all.put("ssh-connect", () -> LabBench.run("ssh-connect"));
        all.put("ssh-hosts", () -> LabBench.run("ssh-hosts"));
        System.setProperty("bench.suite", "true");
        String only = System.getProperty("bench.only", "");
        Set<String> chosen = only.isBlank() ? all.keySet() : Set.of(only.split(","));
        if (Bench.smoke()) {
            System.out.println("benchmark smoke: tiny sizes, one run each, times not judged");
        }
        System.out.printf("machine: %d CPUs, load average %s%n", Runtime.getRuntime().availableProcessors(), Machine.loadAverage());
        int failed = 0;
        for (Map.Entry<String, Benchmark> benchmark : all.entrySet()) {
            if (!chosen.contains(benchmark.getKey())) {
                continue;
            }
            System.out.printf("%n== %s (load average %s)%n", benchmark.getKey(), Machine.loadAverage());
            long start = System.nanoTime();
            try {
                benchmark.getValue().run();
            } catch (Skip skip) {
                Bench.skip(benchmark.getKey(), skip.getMessage());
            } catch (Exception | Error e) {
                failed++;
                System.out.println("BENCH name=" + benchmark.getKey() + " failed=\"" + e + "\"");
                e.printStackTrace(System.out);
            }
            System.out.printf("== %s took %.0f s (load average %s)%n", benchmark.getKey(), (System.nanoTime() - start) / 1e9,
                    Machine.loadAverage());
        }
        LabBench.afterSuite();
        System.out.println();
        System.out.println("== summary");
        List<String> lines = Bench.lines();
        lines.forEach(System.out::println);
        if (failed > 0) {
            System.out.println(failed + " benchmark(s) failed");
            System.exit(1);
        }
        System.exit(0);
    }

    /** Thrown by a benchmark whose prerequisites are missing on this machine. */
    static final class Skip extends Exception {
        Skip(String why) {
            super(why);
        }
    }
}
