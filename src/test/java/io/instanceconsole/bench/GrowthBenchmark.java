package io.instanceconsole.bench;

import io.instanceconsole.testing.Scratch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Issue 21, the second rung of fleet scale: how the window's costs grow with the fleet, at 1,000, 10,000 and 50,000
 * simulated instances (smoke: 100 and 500), on one host or spread evenly over several. Per size, in process (headless,
 * as {@code fx}): {@code Shortcut+A} and {@code Esc} FX time, the longest stall of select-all + bulk pause (and
 * resume), the longest pulse while 1 % of the rows change every second; then the real GUI as a child process under
 * Xvfb (as {@code startup}): resident memory and CPU while idle. A cost that grows faster than the rows shows as a
 * ratio between sizes beyond the ratio of the sizes. {@code -Dbench.growth.sizes=10000,50000} chooses the sizes,
 * {@code -Dbench.growth.hosts=1,20} the host counts (each size on each; default 1; figures of more than one host are
 * named {@code growth<size>.<hosts>hosts.…}), {@code -Dbench.growth.idle=false} leaves out the GUI processes,
 * {@code -Dbench.growth.fx=false} the in-process part.
 */
final class GrowthBenchmark {
    private GrowthBenchmark() {
    }

    static void run() throws Exception {
        List<Integer> sizes = Bench.smoke() ? List.of(100, 500) : numbers("bench.growth.sizes", List.of(1_000, 10_000, 50_000));
        List<Integer> hostCounts = numbers("bench.growth.hosts", List.of(1));
        boolean fx = Boolean.parseBoolean(System.getProperty("bench.growth.fx", "true"));
        boolean idle = Boolean.parseBoolean(System.getProperty("bench.growth.idle", "true"));
        for (int hosts : hostCounts) {
            for (int count : fx ? sizes : List.<Integer>of()) {
                String name = name(count, hosts);
                Bench.info("growth: %s instances on %d host(s) in the window", Bench.label(count), hosts);
                FxTableBenchmark.measure(count, hosts, new FxTableBenchmark.Figures(name + ".events1pct", name + ".bulk", 5,
                        selectTarget(count), count >= 50_000 ? "<=50" : ""));
            }
            if (idle) {
                Machine.xvfb();
                for (int count : sizes) {
                    idle(count, hosts);
                }
            }
        }
    }

    private static List<Integer> numbers(String property, List<Integer> otherwise) {
        String chosen = System.getProperty(property, "").trim();
        return chosen.isEmpty() ? otherwise : Arrays.stream(chosen.split(",")).map(String::trim).map(Integer::valueOf).toList();
    }

    /** {@code growth10k}, or {@code growth10k.20hosts} when spread over more than one host. */
    private static String name(int count, int hosts) {
        return "growth" + Bench.label(count) + (hosts == 1 ? "" : "." + hosts + "hosts");
    }

    private static void idle(int count, int hosts) throws Exception {
        int runs = Bench.runs(5);
        long settleSeconds = Bench.smoke() ? 2 : 10;
        long idleSeconds = Bench.smoke() ? 2 : 20;
        Path dir = Scratch.directory("ic-bench-growth");
        FxTableBenchmark.prepareFleet(dir, count, hosts);
        List<Double> rss = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        List<Double> paints = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            try (GuiProcess gui = new GuiProcess(dir, 1)) {
                double[] paint = gui.firstPaint(300);
                Bench.check(paint[1] == count, "first paint showed " + (long) paint[1] + " rows, expected " + count);
                double[] settled = StartupBenchmark.idle(gui, settleSeconds, idleSeconds);
                rss.add(settled[0]);
                cpu.add(settled[1]);
                paints.add(paint[2]);
                Bench.info("growth %s on %d host(s) run %d: first paint %.0f ms after launch; RSS %.0f MiB, idle %.2f%% of "
                        + "a core over %.0f s", Bench.label(count), hosts, run + 1, paint[2], settled[0], settled[1], settled[2]);
            }
        }
        String name = name(count, hosts);
        Bench.report(name + ".checkout.firstPaint.fromLaunch", "ms", paints, "");
        Bench.report(name + ".idle.rss", "MiB", rss, count >= 50_000 ? "<=476" : "");
        Bench.report(name + ".idle.cpu", "%core", cpu, count >= 50_000 ? "<=2" : count >= 10_000 ? "<=1" : "");
    }

    /** {@code Shortcut+A} and {@code Esc}: one frame at 50,000 rows, half of one at 10,000 (issue 21). */
    private static String selectTarget(int count) {
        return count >= 50_000 ? "<=16" : count >= 10_000 ? "<=8" : "";
    }
}
