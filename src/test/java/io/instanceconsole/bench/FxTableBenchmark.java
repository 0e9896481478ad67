package io.instanceconsole.bench;

import io.instanceconsole.app.AppContext;
import io.instanceconsole.app.BenchWindows;
import io.instanceconsole.app.TestContexts;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.backend.simulator.SimulatorBackend;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.service.AuditTrail;
import io.instanceconsole.testing.Scratch;
import io.instanceconsole.ui.instances.InstanceRowViewModel;
import io.instanceconsole.ui.instances.RowState;
import javafx.application.Platform;
import javafx.beans.value.ChangeListener;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * UI figures over the whole main window (MainWindowFactory over AppContext, as the GUI builds it), headless, with one
 * simulated host of 10,000 instances (zero latency):
 * <ul>
 *   <li><b>events</b>: 1% of the rows change every second ({@code changeExternally}, 100 changes/s, as host events);
 *       longest pulse (pulse start → after CSS and layout), longest gap between pulse starts, and the time from each
 *       external change to its row's model changing on the FX thread;</li>
 *   <li><b>bulk</b> (issue 6): {@code Esc} (not timed in the stall: every run starts with nothing selected), then
 *       {@code Shortcut+A} then {@code Shortcut+P} (and {@code Shortcut+Shift+P} back) as key events through the scene; longest gap between pulses until every row shows the result, while the table is
 *       scrolled every 100 ms (how long each scroll request waits for its frame).</li>
 * </ul>
 */
final class FxTableBenchmark {
    private FxTableBenchmark() {
    }

    /** What one measurement at one size reports, and against which targets. */
    record Figures(String events, String bulk, long eventSeconds, String selectTarget, String stallTarget) {
    }

    static void run() throws Exception {
        measure(Bench.size(10_000, 300), 1, new Figures("events1pct", "bulk10k", 10, "<=8", "<=50"));
    }

    /**
     * Makes {@code dir} a data directory of {@code count} simulated instances (zero latency) spread evenly over
     * {@code hosts} simulated hosts ({@code sim://fleet?count=N} when one, else {@code sim://fleet01?count=N/hosts&seed=1}
     * and so on), cached in its store.
     */
    static void prepareFleet(Path dir, int count, int hosts) {
        Bench.check(count % hosts == 0, count + " instances do not spread evenly over " + hosts + " hosts");
        Map<String, String> uris = new LinkedHashMap<>();
        if (hosts == 1) {
            uris.put("fleet", "sim://fleet?count=" + count + "&latencyMs=0");
        }
        for (int h = 1; hosts > 1 && h <= hosts; h++) {
            String name = String.format(Locale.ROOT, "fleet%02d", h);
            uris.put(name, "sim://" + name + "?count=" + count / hosts + "&latencyMs=0&seed=" + h);
        }
        BenchWindows.prepare(dir, BackendKind.SIMULATOR, uris, true);
    }

    /**
     * The window over {@code count} instances on {@code hosts} simulated hosts: 1 % of the rows changing a second,
     * then bulk.
     */
    static void measure(int count, int hosts, Figures figures) throws Exception {
        Path dir = Scratch.directory("ic-bench-fx");
        prepareFleet(dir, count, hosts);
        FxHarness.start();
        try (AppContext context = TestContexts.open(dir).context()) {
            context.connectAll().orTimeout(5, TimeUnit.MINUTES).join();
            BenchWindows.Shown shown = FxHarness.onFx(() -> BenchWindows.show(context));
            try {
                Bench.check(context.registry().all().size() == hosts, "not " + hosts + " hosts connected");
                TableView<InstanceRowViewModel> table = FxHarness.onFx(() -> table(shown.scene()));
                Bench.check(FxHarness.onFx(() -> table.getItems().size()) == count, "table does not show " + count + " rows");
                events(context, shown.scene(), table, count, figures);
                bulk(context, shown.scene(), table, figures);
            } finally {
                FxHarness.onFx(shown::close);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static TableView<InstanceRowViewModel> table(Scene scene) {
        return (TableView<InstanceRowViewModel>) scene.lookup(".instance-table");
    }

    private static void events(AppContext context, Scene scene,
                               TableView<InstanceRowViewModel> table, int count, Figures names) throws Exception {
        int runs = Bench.runs(5);
        long seconds = Bench.smoke() ? 2 : names.eventSeconds();
        int perSecond = Math.max(1, count / 100);
        Map<InstanceKey, Long> sentAt = new ConcurrentHashMap<>();
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        ChangeListener<RowState> watch = (obs, old, now) -> {
            Long t0 = sentAt.remove(now.snapshot().key());
            if (t0 != null) {
                latencies.add(Bench.ms(System.nanoTime() - t0));
            }
        };
        FxHarness.onFx(() -> table.getItems().forEach(r -> r.stateProperty().addListener(watch)));
        FxHarness.PulseRecorder pulses = new FxHarness.PulseRecorder();
        FxHarness.PulseLengths lengths = new FxHarness.PulseLengths();
        FxHarness.onFx(() -> {
            pulses.start();
            lengths.start(scene);
        });
        List<Double> maxPulses = new ArrayList<>();
        List<Double> maxGaps = new ArrayList<>();
        List<Double> medianLatency = new ArrayList<>();
        List<Double> maxLatency = new ArrayList<>();
        List<Instance> all = context.known().all().stream()
                .filter(i -> i.status() == InstanceStatus.RUNNING || i.status() == InstanceStatus.PAUSED).toList();
        Random random = new Random(7);
        Thread.sleep(1000);
        for (int run = 0; run < runs; run++) {
            latencies.clear();
            FxHarness.onFx(() -> {
                pulses.record();
                lengths.reset();
            });
            long periodNanos = 1_000_000_000L / perSecond;
            long next = System.nanoTime();
            long end = next + seconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                Instance pick = all.get(random.nextInt(all.size()));
                Instance now = context.known().find(pick.key()).orElseThrow();
                InstanceStatus to = now.status() == InstanceStatus.RUNNING ? InstanceStatus.PAUSED : InstanceStatus.RUNNING;
                sentAt.put(now.key(), System.nanoTime());
                SimulatorBackend backend = (SimulatorBackend) context.registry().require(now.key().connectionId()).backend();
                backend.changeExternally(now.key().instanceId(), to, to == InstanceStatus.PAUSED ? "user" : "");
                next += periodNanos;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    TimeUnit.NANOSECONDS.sleep(sleep);
                }
            }
            Thread.sleep(500);
            double[] figures = FxHarness.onFx(() -> new double[] {lengths.longestMs(), pulses.maxGapMs(), pulses.pulses()});
            List<Double> sample = new ArrayList<>(latencies);
            maxPulses.add(figures[0]);
            maxGaps.add(figures[1]);
            if (!sample.isEmpty()) {
                medianLatency.add(Bench.median(sample));
                maxLatency.add(Bench.percentile(sample, 100));
            }
            Bench.info("events run %d: %d changes/s for %d s, %d pulses; longest pulse %.1f ms, longest gap %.1f ms; "
                            + "change→row median %.1f ms, p99 %.1f ms (%d seen)", run + 1, perSecond, seconds,
                    (long) figures[2], figures[0], figures[1], sample.isEmpty() ? 0 : Bench.median(sample),
                    sample.isEmpty() ? 0 : Bench.percentile(sample, 99), sample.size());
        }
        FxHarness.onFx(() -> {
            pulses.stop();
            lengths.stop();
            table.getItems().forEach(r -> r.stateProperty().removeListener(watch));
        });
        Bench.report(names.events() + ".maxPulse", "ms", maxPulses, "<=16");
        Bench.report(names.events() + ".maxGapBetweenPulses", "ms", maxGaps, "");
        String latency = names.events().equals("events1pct") ? "externalChange.simulator" : names.events() + ".changeToRow";
        Bench.report(latency + ".median", "ms", medianLatency, "<=500");
        Bench.report(latency + ".max", "ms", maxLatency, "<=500");
    }

    private static void bulk(AppContext context, Scene scene, TableView<InstanceRowViewModel> table, Figures names)
            throws Exception {
        int runs = Bench.runs(5);
        List<Double> pauseStall = new ArrayList<>();
        List<Double> resumeStall = new ArrayList<>();
        List<Double> pauseTotal = new ArrayList<>();
        List<Double> selectAll = new ArrayList<>();
        List<Double> scrollWait = new ArrayList<>();
        List<InstanceKey> running = context.known().all().stream().filter(i -> i.status() == InstanceStatus.RUNNING)
                .map(Instance::key).toList();
        FxHarness.PulseRecorder pulses = new FxHarness.PulseRecorder();
        FxHarness.onFx(pulses::start);
        List<Double> clear = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            // Esc first, so every run's Shortcut+A really selects 10,000 rows (a second one finds them selected); the
            // previous run's finished bulk panel takes the first Esc, so it is closed before the one that is timed
            FxHarness.onFx(() -> {
                Node panel = scene.lookup(".bulk-progress");
                if (panel != null && panel.isVisible()) {
                    table.requestFocus();
                    key(table, KeyCode.ESCAPE, false, false);
                }
            });
            clear.add(FxHarness.onFx(() -> {
                table.requestFocus();
                return fxTime(() -> key(table, KeyCode.ESCAPE, false, false));
            }));
            Bench.check(FxHarness.onFx(() -> table.getSelectionModel().getSelectedIndices().isEmpty()),
                    "Esc did not clear the selection");
            FxHarness.onFx(pulses::record);
            long t0 = System.nanoTime();
            double select = FxHarness.onFx(() -> {
                table.requestFocus();
                return fxTime(() -> key(table, KeyCode.A, false, true));
            });
            FxHarness.onFx(() -> key(table, KeyCode.P, false, true));
            double[] scroll = awaitScrolling(context, table, running, InstanceStatus.PAUSED);
            double total = Bench.ms(System.nanoTime() - t0);
            double stall = FxHarness.onFx(pulses::maxGapMs);
            List<String> longGaps = FxHarness.onFx(pulses::longGaps);
            FxHarness.onFx(pulses::record);
            FxHarness.onFx(() -> key(table, KeyCode.P, true, true));
            double[] scrollBack = awaitScrolling(context, table, running, InstanceStatus.RUNNING);
            double stallBack = FxHarness.onFx(pulses::maxGapMs);
            List<String> longGapsBack = FxHarness.onFx(pulses::longGaps);
            pauseStall.add(stall);
            resumeStall.add(stallBack);
            pauseTotal.add(total);
            selectAll.add(select);
            scrollWait.add(Math.max(scroll[0], scrollBack[0]));
            Bench.info("bulk run %d: %d rows paused in %.0f ms (select-all %.0f ms); longest gap between pulses: "
                            + "pause %.1f ms, resume %.1f ms; %d+%d scrolls, longest wait for a scroll frame %.1f ms",
                    run + 1, running.size(), total, select, stall, stallBack, (long) scroll[1], (long) scrollBack[1],
                    Math.max(scroll[0], scrollBack[0]));
            Bench.info("bulk run %d: gaps over 40 ms (JVM uptime at the start + length): pause %s, resume %s",
                    run + 1, longGaps, longGapsBack);
        }
        FxHarness.onFx(pulses::stop);
        Bench.report(names.bulk() + ".selectAllPause.maxStall", "ms", pauseStall, names.stallTarget());
        Bench.report(names.bulk() + ".selectAllResume.maxStall", "ms", resumeStall, names.stallTarget());
        Bench.report(names.bulk() + ".scroll.maxWaitForFrame", "ms", scrollWait, names.stallTarget());
        Bench.report(names.bulk() + ".selectAll.fxTime", "ms", selectAll, names.selectTarget());
        Bench.report(names.bulk() + ".escClear.fxTime", "ms", clear, names.selectTarget());
        Bench.report(names.bulk() + ".pause.allRowsShown", "ms", pauseTotal, "");
    }

    /**
     * The FX thread's time in a key press's handlers, from the press to the release handled (not the wait for the FX
     * thread before it, nor the next pulse's CSS and layout, which the stall figures include).
     */
    private static double fxTime(Runnable press) {
        long t0 = System.nanoTime();
        press.run();
        return Bench.ms(System.nanoTime() - t0);
    }

    private static void key(TableView<?> table, KeyCode code, boolean shift, boolean shortcut) {
        table.fireEvent(new KeyEvent(KeyEvent.KEY_PRESSED, "", "", code, shift, shortcut, false, false));
        table.fireEvent(new KeyEvent(KeyEvent.KEY_RELEASED, "", "", code, shift, shortcut, false, false));
    }

    /**
     * Scrolls the table every 100 ms (to a random row) until every key shows {@code status} in the table; returns
     * {longest wait from a scroll request to the end of the next pulse, number of scrolls}.
     */
    private static double[] awaitScrolling(AppContext context, TableView<InstanceRowViewModel> table,
                                           List<InstanceKey> keys, InstanceStatus status) throws Exception {
        Random random = new Random(11);
        double longest = 0;
        int scrolls = 0;
        long started = System.nanoTime();
        boolean reportedSlow = false;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (true) {
            Bench.check(System.nanoTime() < deadline, "bulk run did not finish in 5 minutes");
            boolean done = keys.stream().allMatch(k -> context.known().find(k).map(i -> i.status() == status).orElse(false));
            if (done && FxHarness.onFx(() -> keys.stream().allMatch(k -> rowShows(table, k, status)))) {
                return new double[] {longest, scrolls};
            }
            if (!reportedSlow && System.nanoTime() - started > TimeUnit.SECONDS.toNanos(20)) {
                reportedSlow = true; // a run this slow has rows that did not get their result: say which
                List<InstanceKey> late = FxHarness.onFx(() -> keys.stream().filter(k -> !rowShows(table, k, status))
                        .limit(3).toList());
                for (InstanceKey k : late) {
                    List<String> trail = new AuditTrail(context.journal()).newest(20_000).stream()
                            .filter(e -> e.instanceId().equals(k.instanceId())).limit(6)
                            .map(e -> e.time() + " " + e.action() + " " + e.outcome() + " " + e.message()).toList();
                    Bench.info("bulk run still waiting after 20 s for %s: known %s, row %s, host %s; newest audit: %s",
                            k.instanceId(), context.known().find(k).map(i -> i.status().key()).orElse("-"),
                            FxHarness.onFx(() -> describeRow(table, k)),
                            context.registry().require(k.connectionId()).backend().inspect(k.instanceId()).status().key(),
                            trail);
                }
            }
            int index = random.nextInt(keys.size());
            long t0 = System.nanoTime();
            CompletableFuture<Long> framed = new CompletableFuture<>();
            Platform.runLater(() -> {
                table.scrollTo(index);
                Runnable[] once = new Runnable[1];
                once[0] = () -> {
                    table.getScene().removePostLayoutPulseListener(once[0]);
                    framed.complete(System.nanoTime());
                };
                table.getScene().addPostLayoutPulseListener(once[0]);
                Platform.requestNextPulse();
            });
            longest = Math.max(longest, Bench.ms(framed.get(5, TimeUnit.MINUTES) - t0));
            scrolls++;
            Thread.sleep(100);
        }
    }

    private static final Map<TableView<?>, Map<InstanceKey, InstanceRowViewModel>> INDEX = new ConcurrentHashMap<>();

    private static String describeRow(TableView<InstanceRowViewModel> table, InstanceKey key) {
        InstanceRowViewModel row = INDEX.get(table) == null ? null : INDEX.get(table).get(key);
        return row == null ? "none" : row.snapshot().status().key() + ", in flight " + row.stateProperty().get().inFlight();
    }

    private static boolean rowShows(TableView<InstanceRowViewModel> table, InstanceKey key, InstanceStatus status) {
        Map<InstanceKey, InstanceRowViewModel> index = INDEX.computeIfAbsent(table, t -> {
            Map<InstanceKey, InstanceRowViewModel> m = new HashMap<>();
            table.getItems().forEach(r -> m.put(r.key(), r));
            return m;
        });
        InstanceRowViewModel row = index.get(key);
        return row != null && row.snapshot().status() == status && row.stateProperty().get().inFlight() == null;
    }
}
