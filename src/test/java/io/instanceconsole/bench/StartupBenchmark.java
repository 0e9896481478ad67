package io.instanceconsole.bench;

import io.instanceconsole.app.BenchWindows;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.testing.Scratch;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Start-up of the real GUI with 10,000 instances ({@code -Dbench.startup.rows=N} for another count) cached in the store (one simulated host, resynced once while
 * preparing the data directory), under Xvfb with software rendering: JVM start → the first pulse whose table shows
 * rows (the probe's figure), and process launch → the same. Then, with the GUI left alone (its host connected,
 * nothing changing), its resident memory after it settled and its CPU use while idle.
 * <p>
 * Then the same first paint through the app image's launcher ({@code -Dbench.appImage}, by default
 * {@code target/app/instance-console}, built by {@code mvn -Ppackage}): with its AOT cache and, in the same runs,
 * without it ({@code -XX:AOTMode=off}), alternating which goes first (docs/decisions/0010-aot-cache.md). Skipped, with
 * the reason, when there is no app image, or when its cache is missing or does not match its jars. The installed GUI is
 * to start quietly: what the app image's runs with the cache print on stderr (up to {@value #QUIET_SECONDS} s after
 * the first paint) is counted, and each line is shown.
 */
final class StartupBenchmark {
    private StartupBenchmark() {
    }

    static void run() throws Exception {
        int count = Bench.size(Integer.getInteger("bench.startup.rows", 10_000), 200);
        String label = Bench.label(count);
        int runs = Bench.runs(5);
        int idleRuns = Boolean.parseBoolean(System.getProperty("bench.idle", "true")) ? Bench.runs(3) : 0;
        long settleSeconds = Bench.smoke() ? 2 : 15;
        long idleSeconds = Bench.smoke() ? 3 : 40;
        Machine.xvfb();
        Path dir = Scratch.directory("ic-bench-startup");
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
                    double[] settled = idle(gui, settleSeconds, idleSeconds);
                    rss.add(settled[0]);
                    idleCpu.add(settled[1]);
                    idle = String.format(Locale.ROOT, "; after %d s: RSS %.0f MiB, idle CPU %.2f%% of a core over %.0f s",
                            settleSeconds, settled[0], settled[1], settled[2]);
                }
                Bench.info("run %d: first paint with %d rows %.0f ms after JVM start, %.0f ms after launch%s", run + 1,
                        (long) paint[1], paint[0], paint[2], idle);
            }
        }
        String checkoutTarget = count == 10_000 ? "<=1500" : ""; // issue 10's, for 10,000 rows
        Bench.report("startup" + label + ".firstPaint.fromJvmStart", "ms", fromJvm, checkoutTarget);
        Bench.report("startup" + label + ".firstPaint.fromLaunch", "ms", fromLaunch, checkoutTarget);
        if (idleRuns > 0) {
            Bench.report("idle" + label + ".rss", "MiB", rss, count == 10_000 ? "<=350" : "");
            Bench.report("idle" + label + ".cpu", "%core", idleCpu, count == 10_000 ? "<=2" : "");
        }
        appImage(dir, count, runs);
    }

    /**
     * Waits {@code settleSeconds}, then measures the GUI's CPU use over {@code idleSeconds}; returns {resident MiB
     * after it, % of a core, seconds measured}.
     */
    static double[] idle(GuiProcess gui, long settleSeconds, long idleSeconds) throws Exception {
        Thread.sleep(settleSeconds * 1000);
        gui.requireAlive();
        long ticks0 = Machine.cpuTicks(gui.pid());
        long t0 = System.nanoTime();
        Thread.sleep(idleSeconds * 1000);
        gui.requireAlive();
        long ticks = Machine.cpuTicks(gui.pid()) - ticks0;
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new double[] {Machine.rssMiB(gui.pid()), ticks / 100.0 / seconds * 100, seconds};
    }

    /** How long the app image's runs with the cache go on after the first paint, for what they print on stderr. */
    private static final int QUIET_SECONDS = 3;

    /**
     * First paint through the app image's launcher, with and without its AOT cache, interleaved; issue 21's targets for
     * the installed form: 10,000 cached rows ≤ 1.2 s, 50,000 ≤ 2.0 s from launch.
     */
    private static void appImage(Path dir, int count, int runs) throws Exception {
        String label = Bench.label(count);
        String aotName = "startup" + label + ".appImage.aot.firstPaint";
        String plainName = "startup" + label + ".appImage.noAot.firstPaint";
        String launchTarget = count == 10_000 ? "<=1200" : count == 50_000 ? "<=2000" : "";
        Path image = Path.of(System.getProperty("bench.appImage", "target/app/instance-console")).toAbsolutePath();
        if (!Files.isExecutable(image.resolve("bin/instance-console"))) {
            String why = "no app image at " + image + " (build it first: mvn -Ppackage -DskipTests package)";
            for (String name : List.of(aotName, plainName)) {
                Bench.skip(name + ".fromJvmStart", why);
                Bench.skip(name + ".fromLaunch", why);
            }
            Bench.skip("startup" + label + ".appImage.stderrLines", why);
            return;
        }
        String noCache = cacheUnusable(image);
        Bench.info("app image %s (built %s)%s", image, Files.getLastModifiedTime(image.resolve("bin/instance-console")),
                noCache == null ? ", its AOT cache in use" : "; " + noCache);
        List<Double> aotFromJvm = new ArrayList<>();
        List<Double> aotFromLaunch = new ArrayList<>();
        List<Double> plainFromJvm = new ArrayList<>();
        List<Double> plainFromLaunch = new ArrayList<>();
        List<Double> stderrLines = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            // with and without in the same minute, alternating which goes first: the machine's load drifts
            boolean aotFirst = run % 2 == 0;
            for (boolean aot : aotFirst ? List.of(true, false) : List.of(false, true)) {
                if (aot && noCache != null) {
                    continue;
                }
                // -XX:AOTMode=off: the JVM ignores the launcher's -XX:AOTCache; the jlinked runtime has no CDS archive
                // of its own, so this is the app image as it was before it had a cache
                GuiProcess gui = GuiProcess.packaged(image, dir, 1, aot ? "" : "-XX:AOTMode=off");
                try (gui) {
                    double[] paint = gui.firstPaint(180);
                    Bench.check(paint[1] == count, "first paint showed " + (long) paint[1] + " rows, expected " + count);
                    (aot ? aotFromJvm : plainFromJvm).add(paint[0]);
                    (aot ? aotFromLaunch : plainFromLaunch).add(paint[2]);
                    Bench.info("run %d, app image %s the AOT cache: first paint %.0f ms after JVM start, %.0f ms after launch",
                            run + 1, aot ? "with" : "without", paint[0], paint[2]);
                    if (aot) {
                        Thread.sleep(QUIET_SECONDS * 1000L);
                        gui.requireAlive();
                    }
                }
                if (aot) {
                    stderrLines.add((double) gui.stderr().size());
                    gui.stderr().forEach(line -> Bench.info("  stderr of the app image's GUI: %s", line));
                }
            }
        }
        if (noCache != null) {
            Bench.skip(aotName + ".fromJvmStart", noCache);
            Bench.skip(aotName + ".fromLaunch", noCache);
            Bench.skip("startup" + label + ".appImage.stderrLines", noCache);
        } else {
            Bench.report(aotName + ".fromJvmStart", "ms", aotFromJvm, "");
            Bench.report(aotName + ".fromLaunch", "ms", aotFromLaunch, launchTarget);
            Bench.report("startup" + label + ".appImage.stderrLines", "lines", stderrLines, "<=0");
        }
        Bench.report(plainName + ".fromJvmStart", "ms", plainFromJvm, "");
        Bench.report(plainName + ".fromLaunch", "ms", plainFromLaunch, "");
    }

    /**
     * Why the app image's launcher would start without its AOT cache, or null when it loads the app's classes from it
     * (asked of the JVM itself: its class-loading log of {@code instance-console --version}).
     */
    static String cacheUnusable(Path image) throws Exception {
        Path cache = image.resolve("lib/app/instance-console.aot");
        if (!Files.isRegularFile(cache)) {
            return "the app image has no AOT cache " + cache + " (packaged without one: see the package build's log)";
        }
        ProcessBuilder builder = new ProcessBuilder(image.resolve("bin/instance-console").toString(), "--version")
                .redirectErrorStream(true);
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        // after the launcher's own -Xlog:aot*=off, so the JVM logs again
        builder.environment().put("_JAVA_OPTIONS", "-Xlog:class+load=info");
        Process process = builder.start();
        long fromCache;
        try (var lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).lines()) {
            fromCache = lines.filter(l -> l.contains(" io.instanceconsole.") && l.endsWith("source: shared objects file")).count();
        }
        Bench.check(process.waitFor(60, TimeUnit.SECONDS), "instance-console --version did not end within 60 s");
        return fromCache > 0 ? null : "the app image's AOT cache " + cache + " does not match its jars or runtime (no class of"
                + " the app loaded from it; see _JAVA_OPTIONS=-Xlog:aot,class+path " + image.resolve("bin/instance-console") + " --version)";
    }
}
