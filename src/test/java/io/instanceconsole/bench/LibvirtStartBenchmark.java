package io.instanceconsole.bench;

import io.instanceconsole.app.BenchWindows;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.testing.ProjectScripts;
import io.instanceconsole.testing.Scratch;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Start to populated table with 1,000 and 5,000 libvirt test-driver domains ({@code .ci/libvirt-env.sh testnode}),
 * the console and virt-manager side by side in the same run, both under the same Xvfb.
 *
 * <ul>
 *   <li>Console, installed form: the app image ({@code -Dbench.appImage}, by default {@code target/app/instance-console},
 *       built by {@code mvn -Ppackage}) through its own launcher with its AOT cache; from the checkout's class path
 *       when there is no app image or its cache is unusable (the figures are named {@code .checkout} then, and the
 *       reason is printed). <b>First start</b>: a fresh data directory whose only connection is
 *       {@code test:///node.xml} (nothing cached); time from launching the process to the first pulse whose table
 *       shows all N rows (probe). <b>Second start</b>: the same data directory again, its rows cached by the first.</li>
 *   <li>virt-manager ({@code --debug --no-fork --connect test:///node.xml}, fresh HOME, in-memory GSettings): time
 *       from launching the process to its debug line {@code Showing manager}, which it logs after the connection is
 *       active and every domain was added to its model. That is a <b>lower bound</b> of its start-to-populated time:
 *       the list is filled and painted after it, and we found no reliable way to observe that paint (its list is a
 *       GTK tree view with no accessibility bus here). Ratios against this bound overstate our ratio, never flatter it.</li>
 * </ul>
 */
final class LibvirtStartBenchmark {
    private LibvirtStartBenchmark() {
    }

    static void run() throws Exception {
        if (!Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libvirt.so.0")) && !Machine.onPath("virsh")) {
            throw new BenchSuite.Skip("libvirt (libvirt0) is not installed");
        }
        Machine.xvfb();
        int[] sizes = Bench.smoke() ? new int[] {50} : new int[] {1000, 5000};
        boolean virtManager = Machine.onPath("virt-manager") && !Bench.smoke();
        if (!virtManager) {
            Bench.info("virt-manager: %s", Bench.smoke() ? "not run in smoke mode" : "not installed, console figures only");
        }
        Path image = Path.of(System.getProperty("bench.appImage", "target/app/instance-console")).toAbsolutePath();
        String noImage = !Files.isExecutable(image.resolve("bin/instance-console"))
                ? "no app image at " + image + " (build it first: mvn -Ppackage -DskipTests package)"
                : StartupBenchmark.cacheUnusable(image);
        String form = noImage == null ? "appImage" : "checkout";
        Bench.info("console: %s", noImage == null ? "the app image " + image + " with its AOT cache"
                : "from the checkout's class path, not the installed form: " + noImage);
        for (int size : sizes) {
            int runs = Bench.runs(size >= 5000 ? 3 : 5);
            Path dir = Scratch.directory("ic-bench-libvirt-start");
            String uri = ProjectScripts.libvirtTestNode(size, dir.resolve("node.xml"));
            List<Double> console = new ArrayList<>();
            List<Double> second = new ArrayList<>();
            List<Double> peer = new ArrayList<>();
            List<Double> ratio = new ArrayList<>();
            List<Double> secondRatio = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                Path data = dir.resolve("data-" + run);
                BenchWindows.prepare(data, BackendKind.LIBVIRT, "testnode", uri, false);
                double ours = populated(image, noImage == null, data, size);
                double cached = populated(image, noImage == null, data, size);
                console.add(ours);
                second.add(cached);
                String line = String.format(Locale.ROOT, "%d domains, run %d: console first start %.0f ms, second start %.0f ms",
                        size, run + 1, ours, cached);
                if (virtManager) {
                    double theirs = virtManager(uri, dir.resolve("vm-home-" + run));
                    peer.add(theirs);
                    ratio.add(ours / theirs);
                    secondRatio.add(cached / theirs);
                    line += String.format(Locale.ROOT, ", virt-manager ≥ %.0f ms (ratios ≤ %.2f, %.2f)", theirs, ours / theirs,
                            cached / theirs);
                }
                Bench.info("%s", line);
            }
            String name = "libvirt" + size + ".startToPopulated.";
            Bench.report(name + "firstStart." + form, "ms", console, "");
            Bench.report(name + "secondStart." + form, "ms", second, "");
            if (virtManager) {
                // issue 21: the installed form's first start at 1,000 domains ≤ 0.5× virt-manager, at 5,000 ≤ 0.1×
                String target = noImage != null ? "" : size >= 5000 ? "<=0.1" : size >= 1000 ? "<=0.5" : "";
                Bench.report(name + "virtManagerLowerBound", "ms", peer, "");
                Bench.report(name + "firstStart." + form + ".ratioVsVirtManager", "ratio", ratio, target);
                Bench.report(name + "secondStart." + form + ".ratioVsVirtManager", "ratio", secondRatio, "");
            }
        }
    }

    /** Launch of the console → its first pulse showing all {@code size} rows, in ms. */
    private static double populated(Path image, boolean packaged, Path data, int size) throws Exception {
        try (GuiProcess gui = packaged ? GuiProcess.packaged(image, data, size, "") : new GuiProcess(data, size)) {
            return gui.firstPaint(600)[2];
        }
    }

    /** Launch → the "Showing manager" debug line, in ms; the process is ended right after. */
    private static double virtManager(String uri, Path home) throws Exception {
        Files.createDirectories(home);
        ProcessBuilder builder = new ProcessBuilder("virt-manager", "--debug", "--no-fork", "--connect", uri)
                .redirectErrorStream(true);
        builder.environment().put("DISPLAY", Machine.xvfb());
        builder.environment().put("HOME", home.toString());
        builder.environment().put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        builder.environment().put("XDG_CACHE_HOME", home.resolve(".cache").toString());
        builder.environment().put("GSETTINGS_BACKEND", "memory");
        long start = System.nanoTime();
        Process process = builder.start();
        CompletableFuture<Long> shown = new CompletableFuture<>();
        Thread.ofPlatform().daemon(true).name("virt-manager-output").start(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String l;
                while ((l = out.readLine()) != null) {
                    if (l.contains("Showing manager")) {
                        shown.complete(System.nanoTime());
                    }
                }
            } catch (Exception ignored) {
                // ended
            }
            shown.completeExceptionally(new IllegalStateException("virt-manager ended without showing its manager"));
        });
        try {
            return (shown.get(300, TimeUnit.SECONDS) - start) / 1e6;
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
