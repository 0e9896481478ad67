package io.instanceconsole.bench;

import io.instanceconsole.app.AppContext;
import io.instanceconsole.app.BenchWindows;
import io.instanceconsole.app.TestContexts;
import io.instanceconsole.backend.docker.DockerCli;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.testing.ProjectScripts;
import io.instanceconsole.testing.Scratch;
import io.instanceconsole.ui.instances.InstanceRowViewModel;
import io.instanceconsole.ui.instances.RowState;
import javafx.beans.value.ChangeListener;
import javafx.scene.control.TableView;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * External change to visible row, on real engines: the whole GUI (headless, MainWindowFactory over AppContext) with a
 * Docker connection (engine from {@code .ci/docker-engine.sh}) or a libvirt connection (the real daemon and its
 * {@code ic-tiny} guest from {@code .ci/libvirt-env.sh}), the same set-up as the ITs. Timed: from starting
 * {@code docker pause NAME} / {@code virsh suspend ic-tiny} (and back) to that row's model showing the new status on
 * the FX thread. The CLI's own run time is inside the figure (the event can arrive before the CLI exits).
 */
final class RealEventLatencyBenchmark {
    private RealEventLatencyBenchmark() {
    }

    static void run() throws Exception {
        if (Bench.smoke()) {
            throw new BenchSuite.Skip("needs real engines; not part of the smoke");
        }
        if (!Machine.isRoot()) {
            throw new BenchSuite.Skip("the engine scripts need root");
        }
        int samples = Bench.runs(5) * 4;
        try {
            String host = ProjectScripts.dockerEngine("bench-events");
            DockerCli cli = new DockerCli(host);
            cli.removeAll();
            for (int i = 0; i < 5; i++) {
                cli.runDetached("events-" + i);
            }
            measure("docker", BackendKind.DOCKER, host, "events-0", samples,
                    (name, pause) -> cli.docker(pause ? "pause" : "unpause", name));
            cli.removeAll();
        } catch (BenchSuite.Skip | RuntimeException e) {
            Bench.skip("externalChange.docker", e.getMessage());
        } finally {
            ProjectScripts.stopDockerEngine("bench-events");
        }
        try {
            ProjectScripts.LibvirtDaemon daemon = ProjectScripts.libvirtDaemon();
            measure("libvirt", BackendKind.LIBVIRT, daemon.uri(), "ic-tiny", samples,
                    (name, pause) -> ProjectScripts.run(60, "virsh", "-c", daemon.uri(), pause ? "suspend" : "resume", name));
        } catch (RuntimeException e) {
            Bench.skip("externalChange.libvirt", e.getMessage());
        } finally {
            ProjectScripts.run(300, ".ci/libvirt-env.sh", "stop");
        }
    }

    private static void measure(String label, BackendKind kind, String uri, String name, int samples,
                                BiConsumer<String, Boolean> external) throws Exception {
        Path dir = Scratch.directory("ic-bench-events-" + label);
        BenchWindows.prepare(dir, kind, label, uri, false);
        FxHarness.start();
        try (AppContext context = TestContexts.open(dir).context()) {
            context.connectAll().orTimeout(2, TimeUnit.MINUTES).join();
            BenchWindows.Shown shown = FxHarness.onFx(() -> BenchWindows.show(context));
            Map<InstanceStatus, CompletableFuture<Long>> waiting = new ConcurrentHashMap<>();
            ChangeListener<RowState> watch = (obs, old, now) -> {
                CompletableFuture<Long> f = waiting.remove(now.snapshot().status());
                if (f != null) {
                    f.complete(System.nanoTime());
                }
            };
            @SuppressWarnings("unchecked")
            InstanceRowViewModel row = FxHarness.onFx(() -> ((TableView<InstanceRowViewModel>) shown.scene()
                    .lookup(".instance-table")).getItems().stream().filter(r -> r.snapshot().name().equals(name))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no row " + name)));
            FxHarness.onFx(() -> row.stateProperty().addListener(watch));
            List<Double> latencies = new ArrayList<>();
            try {
                if (FxHarness.onFx(() -> row.snapshot().status()) == InstanceStatus.PAUSED) {
                    external.accept(name, false);
                    Thread.sleep(2000);
                }
                for (int i = 0; i < samples * 2; i++) {
                    boolean pause = i % 2 == 0;
                    CompletableFuture<Long> seen = new CompletableFuture<>();
                    waiting.put(pause ? InstanceStatus.PAUSED : InstanceStatus.RUNNING, seen);
                    long t0 = System.nanoTime();
                    external.accept(name, pause);
                    double ms = Bench.ms(seen.get(30, TimeUnit.SECONDS) - t0);
                    if (i >= 2) {
                        latencies.add(ms);
                    }
                    Thread.sleep(300);
                }
            } finally {
                FxHarness.onFx(() -> {
                    row.stateProperty().removeListener(watch);
                    shown.close();
                });
            }
            Bench.info("%s: %d external changes, median %.0f ms, max %.0f ms", label, latencies.size(),
                    Bench.median(latencies), Bench.percentile(latencies, 100));
            Bench.report("externalChange." + label, "ms", latencies, "<=500");
        }
    }
}
