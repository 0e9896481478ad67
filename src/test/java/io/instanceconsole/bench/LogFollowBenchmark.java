package io.instanceconsole.bench;

import io.instanceconsole.backend.ComputeBackend;
import io.instanceconsole.backend.simulator.SimulatorBackend;
import io.instanceconsole.backend.simulator.SimulatorSettings;
import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.LogLine;
import io.instanceconsole.domain.LogListener;
import io.instanceconsole.domain.ResilienceSettings;
import io.instanceconsole.service.ActionResult;
import io.instanceconsole.service.ConnectionRegistry;
import io.instanceconsole.service.FactsService;
import io.instanceconsole.service.InstanceActions;
import io.instanceconsole.service.LogService;
import io.instanceconsole.testing.DelegatingBackend;
import io.instanceconsole.ui.common.DialogService;
import io.instanceconsole.ui.common.FxUiThread;
import io.instanceconsole.ui.details.DetailsPane;
import io.instanceconsole.ui.details.DetailsViewModel;
import io.instanceconsole.ui.details.LogViewModel;
import io.instanceconsole.ui.instances.InstanceTableViewModel;
import javafx.scene.Scene;
import javafx.scene.control.ListView;
import javafx.scene.control.TabPane;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Issue 22: a log of 100,000 lines followed at 1,000 lines/s in the details pane (its real view and view models on the
 * GUI's own {@link FxUiThread}, the real service over a registered host whose log the benchmark writes), headless. Reports the longest pulse (its start
 * to the end of its layout: how long the FX thread was busy with one frame), the longest gap between pulse starts, and
 * the lines the pane kept (its bound). Smoke: 2,000 lines.
 */
final class LogFollowBenchmark {
    private LogFollowBenchmark() {
    }

    static void run() throws Exception {
        int total = Bench.size(100_000, 2_000);
        int perSecond = 1_000;
        FxHarness.start();
        HostWithLog host = new HostWithLog();
        try (ConnectionRegistry registry = new ConnectionRegistry(Clock.systemUTC())) {
            Connection connection = new Connection("conn-bench", "bench", BackendKind.SIMULATOR, "sim://bench", "", false, true);
            registry.register(connection, host, ResilienceSettings.defaults());
            Instance instance = host.list().get(0);
            Stage[] stage = new Stage[1];
            InstanceTableViewModel table = FxHarness.onFx(() -> new InstanceTableViewModel(new NoActions(), Runnable::run,
                    (s, m) -> { }, id -> "bench"));
            FxUiThread uiThread = new FxUiThread();
            DetailsViewModel details = FxHarness.onFx(() -> new DetailsViewModel(new FactsService(registry), table.selection(),
                    uiThread, new NoDialogs(), new LogViewModel(new LogService(registry), uiThread, Runnable::run), Clock.systemUTC()));
            Scene scene = FxHarness.onFx(() -> {
                DetailsPane pane = new DetailsPane(details, "Ctrl+I");
                table.load(List.of(instance));
                Scene built = new Scene(new StackPane(pane.node()), 700, 800);
                stage[0] = new Stage();
                stage[0].setScene(built);
                stage[0].show();
                details.openProperty().set(true);
                table.selectionChanged(List.copyOf(table.sortedRows()));
                ((TabPane) built.lookup(".tab-pane")).getSelectionModel().select(1);
                return built;
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (host.listener.get() == null && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Bench.check(host.listener.get() != null, "the pane never asked for the log");
            FxHarness.PulseRecorder pulses = new FxHarness.PulseRecorder();
            FxHarness.PulseLengths lengths = new FxHarness.PulseLengths();
            FxHarness.onFx(() -> {
                pulses.start();
                lengths.start(scene);
                pulses.record();
            });
            // 10 lines every 10 ms: 1,000 lines/s, on the pace of a clock, not of the sleeps
            LogListener log = host.listener.get();
            long start = System.nanoTime();
            for (int sent = 0; sent < total; ) {
                for (int i = 0; i < 10 && sent < total; i++, sent++) {
                    log.line(new LogLine(sent % 10 == 0 ? LogLine.Source.STDERR : LogLine.Source.STDOUT, Instant.now(),
                            "GET /api/orders/" + sent + " 200 " + (sent % 97) + "ms user-agent=bench"));
                }
                long next = start + (long) sent * 1_000_000_000L / perSecond;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    TimeUnit.NANOSECONDS.sleep(sleep);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Thread.sleep(500);
            double[] figures = FxHarness.onFx(() -> {
                pulses.stop();
                lengths.stop();
                List<Double> pulseMs = lengths.lengthsMs();
                @SuppressWarnings("unchecked")
                ListView<LogLine> list = (ListView<LogLine>) scene.lookup("#log-lines");
                String last = list.getItems().get(list.getItems().size() - 1).text();
                return new double[] {lengths.longestMs(), pulses.maxGapMs(), pulses.pulses(), list.getItems().size(),
                        last.startsWith("GET /api/orders/" + (total - 1) + " ") ? 1 : 0, Bench.percentile(pulseMs, 99),
                        Bench.percentile(pulseMs, 99.9), pulseMs.stream().filter(ms -> ms > 16).count()};
            });
            Bench.info("logFollow: %d lines in %.1f s, %d pulses; pulse p99 %.1f ms, p99.9 %.1f ms, longest %.1f ms, "
                    + "%d over 16 ms; longest gap %.1f ms; lines kept %d; load average %s; long gaps %s", total, seconds,
                    (long) figures[2], figures[5], figures[6], figures[0], (long) figures[7], figures[1], (long) figures[3],
                    Machine.loadAverage(), pulses.longGaps());
            Bench.check(figures[4] == 1, "the pane does not show the last line sent");
            Bench.check(figures[3] == Math.min(total, LogViewModel.MAX_LINES), "the pane keeps " + (long) figures[3]
                    + " lines, not " + Math.min(total, LogViewModel.MAX_LINES));
            Bench.report("logFollow.maxPulse", "ms", List.of(figures[0]), "<=16");
            Bench.report("logFollow.pulseP99", "ms", List.of(figures[5]), "<=16");
            Bench.report("logFollow.maxGapBetweenPulses", "ms", List.of(figures[1]), "");
            Bench.report("logFollow.linesKept", "lines", List.of(figures[3]), "<=" + LogViewModel.MAX_LINES);
            FxHarness.onFx(() -> {
                details.openProperty().set(false);
                stage[0].close();
            });
        }
    }

    /** A simulated host whose log is what the benchmark writes to the listener it was given. */
    private static final class HostWithLog extends DelegatingBackend {
        final AtomicReference<LogListener> listener = new AtomicReference<>();

        HostWithLog() {
            super(new SimulatorBackend("conn-bench", "bench", SimulatorSettings.inMemory(1, Duration.ZERO), Clock.systemUTC()));
        }

        @Override
        public ComputeBackend.Subscription followLog(String instanceId, int tail, boolean follow, LogListener to) {
            listener.set(to);
            return () -> listener.set(null);
        }
    }

    private static final class NoActions implements InstanceActions {
        @Override
        public CompletableFuture<ActionResult> perform(Action action, InstanceKey key) {
            throw new UnsupportedOperationException("the benchmark performs no action");
        }

        @Override
        public Optional<String> whyNot(Action action, Instance instance) {
            return Optional.of("benchmark");
        }
    }

    private static final class NoDialogs implements DialogService {
        @Override
        public Confirmation confirm(String title, String question, String details, boolean offerDontAskAgain) {
            return new Confirmation(false, false);
        }

        @Override
        public void copyToClipboard(String text) {
        }
    }
}
