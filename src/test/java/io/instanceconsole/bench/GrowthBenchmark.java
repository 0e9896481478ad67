package io.instanceconsole.bench;

import io.instanceconsole.app.BenchWindows;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.testing.Scratch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Issue 21, the second rung of fleet scale: how the window's costs grow with the fleet, at 1,000, 10,000 and 50,000
 * simulated instances on one host (smoke: 100 and 500). Per size, in process (headless, as {@code fx}):
 * {@code Shortcut+A} and {@code Esc} FX time, the longest stall of select-all + bulk pause (and resume), the longest
 * pulse while 1 % of the rows change every second; then the real GUI as a child process under Xvfb (as
 * {@code startup}): resident memory and CPU while idle. A cost that grows faster than the rows shows as a ratio
 * between sizes beyond the ratio of the sizes. {@code -Dbench.growth.sizes=10000,50000} chooses the sizes,
 * {@code -Dbench.growth.idle=false} leaves out the GUI processes, {@code -Dbench.growth.fx=false} the in-process part.
 */
final class GrowthBenchmark {
    private GrowthBenchmark() {
    }

    static void run() throws Exception {
        String chosen = System.getProperty("bench.growth.sizes", "").trim();
        List<Integer> sizes = Bench.smoke() ? List.of(100, 500) : chosen.isEmpty() ? List.of(1_000, 10_000, 50_000)
                : Arrays.stream(chosen.split(",")).map(String::trim).map(Integer::valueOf).toList();
        for (int count : Boolean.parseBoolean(System.getProperty("bench.growth.fx", "true")) ? sizes : List.<Integer>of()) {
            String label = label(count);
            Bench.info("growth: %s instances in the window", label);
            FxTableBenchmark.measure(count, new FxTableBenchmark.Figures("growth" + label + ".events1pct",
                    "growth" + label + ".bulk", 5, selectTarget(count), count >= 50_000 ? "<=50" : ""));
        }
        if (!Boolean.parseBoolean(System.getProperty("bench.growth.idle", "true"))) {
            return;
        }
        Machine.xvfb();
        for (int count : sizes) {
            idle(count);
        }
    }

    private static void idle(int count) throws Exception {
        int runs = Bench.runs(5);
        long settleSeconds = Bench.smoke() ? 2 : 10;
        long idleSeconds = Bench.smoke() ? 2 : 20;
        Path dir = Scratch.directory("ic-bench-growth");
        BenchWindows.prepare(dir, BackendKind.SIMULATOR, "fleet", "sim://fleet?count=" + count + "&latencyMs=0", true);
        List<Double> rss = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            try (GuiProcess gui = new GuiProcess(dir, 1)) {
                double[] paint = gui.firstPaint(300);
                Bench.check(paint[1] == count, "first paint showed " + (long) paint[1] + " rows, expected " + count);
                double[] settled = StartupBenchmark.idle(gui, settleSeconds, idleSeconds);
                rss.add(settled[0]);
                cpu.add(settled[1]);
                Bench.info("growth %s run %d: first paint %.0f ms after launch; RSS %.0f MiB, idle %.2f%% of a core "
                        + "over %.0f s", label(count), run + 1, paint[2], settled[0], settled[1], settled[2]);
            }
        }
        String label = label(count);
        Bench.report("growth" + label + ".idle.rss", "MiB", rss, count >= 50_000 ? "<=476" : "");
        Bench.report("growth" + label + ".idle.cpu", "%core", cpu,
                count >= 50_000 ? "<=2" : count >= 10_000 ? "<=1" : "");
    }

    /** {@code Shortcut+A} and {@code Esc}: one frame at 50,000 rows, half of one at 10,000 (issue 21). */
    private static String selectTarget(int count) {
        return count >= 50_000 ? "<=16" : count >= 10_000 ? "<=8" : "";
    }

    private static String label(int count) {
        return count % 1000 == 0 ? count / 1000 + "k" : String.format(Locale.ROOT, "%d", count);
    }
}
