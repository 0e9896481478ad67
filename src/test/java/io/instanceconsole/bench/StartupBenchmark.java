package io.instanceconsole.bench;

import io.instanceconsole.app.BenchWindows;
import io.instanceconsole.domain.BackendKind;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Start-up of the real GUI with 10,000 instances cached in the store (one simulated host, resynced once while
 * preparing the data directory), under Xvfb with software rendering: JVM start → the first pulse whose table shows
 * rows (the probe's figure), and process launch → the same. Then, with the GUI left alone (its host connected,
 * nothing changing), its resident memory after it settled and its CPU use while idle.
 */
final class StartupBenchmark {
    private StartupBenchmark() {
    }

    static void run() throws Exception {
        int count = Bench.size(10_000, 200);
        int runs = Bench.runs(5);
        int idleRuns = Boolean.parseBoolean(System.getProperty("bench.idle", "true")) ? Bench.runs(3) : 0;
        long settleSeconds = Bench.smoke() ? 2 : 15;
        long idleSeconds = Bench.smoke() ? 3 : 40;
        Machine.xvfb();
        Path dir = Files.createTempDirectory("ic-bench-startup");
        BenchWindows.prepare(dir, BackendKind.SIMULATOR, "fleet", "sim://fleet?count=" + count + "&latencyMs=0", true);
        List<Double> fromJvm = new ArrayList<>();
        List<Double> fromLaunch = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        List<Double> idleCpu = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            try (GuiProcess gui = new GuiProcess(dir, 1)) {
                double[] paint = gui.firstPaint(180);
                fromJvm.add(paint[0]);
                fromLaunch.add(paint[2]);
                Bench.check(paint[1] == count, "first paint showed " + (long) paint[1] + " rows, expected " + count);
                String idle = "";
                if (run < idleRuns) {
                    Thread.sleep(settleSeconds * 1000);
                    gui.requireAlive();
                    long ticks0 = Machine.cpuTicks(gui.pid());
                    long t0 = System.nanoTime();
                    Thread.sleep(idleSeconds * 1000);
                    gui.requireAlive();
                    long ticks = Machine.cpuTicks(gui.pid()) - ticks0;
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    double cpu = ticks / 100.0 / seconds * 100;
                    double mem = Machine.rssMiB(gui.pid());
                    rss.add(mem);
                    idleCpu.add(cpu);
                    idle = String.format(java.util.Locale.ROOT, "; after %d s: RSS %.0f MiB, idle CPU %.2f%% of a core over %.0f s",
                            settleSeconds, mem, cpu, seconds);
                }
                Bench.info("run %d: first paint with %d rows %.0f ms after JVM start, %.0f ms after launch%s", run + 1,
                        (long) paint[1], paint[0], paint[2], idle);
            }
        }
        Bench.report("startup10k.firstPaint.fromJvmStart", "ms", fromJvm, "<=1500");
        Bench.report("startup10k.firstPaint.fromLaunch", "ms", fromLaunch, "<=1500");
        Bench.report("idle10k.rss", "MiB", rss, "<=350");
        Bench.report("idle10k.cpu", "%core", idleCpu, "<=2");
    }
}
