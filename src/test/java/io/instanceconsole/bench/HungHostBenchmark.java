package io.instanceconsole.bench;

import io.instanceconsole.backend.simulator.SimulatorBackend;
import io.instanceconsole.backend.simulator.SimulatorSettings;
import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.service.BulkOperation;
import io.instanceconsole.service.BulkOperation.ItemState;
import io.instanceconsole.service.BulkPlan;
import io.instanceconsole.domain.ResilienceSettings;
import io.instanceconsole.testing.Scratch;
import io.instanceconsole.testing.ServiceFixture;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Issue 5: 20 simulated hosts × 500 instances in one service stack (AppContext's wiring: 4-thread service executor,
 * default policies: bulkhead 8, 30 s call timeout). A bulk pause of every running instance across all hosts, timed
 * until every item on the healthy hosts has finished; once with all hosts healthy, once with host 0 hung
 * ({@code faults().hang()}: every call blocks). The figure is the ratio sick/healthy for the 19 healthy hosts.
 * Each host answers with a small latency ({@code -Dbench.hosts.latencyMs}, default 2 ms) like a LAN host.
 */
final class HungHostBenchmark {
    private HungHostBenchmark() {
    }

    static void run() throws Exception {
        int hosts = Bench.size(20, 4);
        int perHost = Bench.size(500, 20);
        int runs = Bench.runs(5);
        long latencyMs = Long.getLong("bench.hosts.latencyMs", 2);
        List<Double> healthy = new ArrayList<>();
        List<Double> withSick = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        try (ServiceFixture fixture = new ServiceFixture(Scratch.directory("ic-bench-hosts"))) {
            List<SimulatorBackend> backends = new ArrayList<>();
            for (int h = 0; h < hosts; h++) {
                SimulatorBackend backend = new SimulatorBackend("conn-host" + h, "host" + h,
                        SimulatorSettings.inMemory(perHost, Duration.ofMillis(latencyMs)), Clock.systemUTC());
                backends.add(backend);
                fixture.connect("host" + h, backend, ResilienceSettings.defaults(), false);
            }
            String sickId = "conn-host0";
            Set<String> running = fixture.known.all().stream().filter(i -> i.status() == InstanceStatus.RUNNING)
                    .map(i -> i.key().toString()).collect(Collectors.toSet());
            Bench.info("%d hosts × %d instances, %d running, host latency %d ms", hosts, perHost, running.size(), latencyMs);
            timedBulk(fixture, backends.get(0), running, sickId, false); // warm-up
            for (int run = 0; run < runs; run++) {
                double a = timedBulk(fixture, backends.get(0), running, sickId, false);
                double b = timedBulk(fixture, backends.get(0), running, sickId, true);
                healthy.add(a);
                withSick.add(b);
                ratios.add(b / a);
                Bench.info("run %d: healthy hosts done in %.0f ms with all healthy, %.0f ms with host0 hung (%.2f×)",
                        run + 1, a, b, b / a);
            }
        }
        Bench.report("hosts20.bulkPause.allHealthy", "ms", healthy, "");
        Bench.report("hosts20.bulkPause.oneHung.healthyDone", "ms", withSick, "");
        Bench.report("hosts20.bulkPause.oneHung.ratio", "ratio", ratios, "<=1.2");
    }

    /**
     * Pauses every running instance and times the healthy hosts' items; then (not timed) cancels what the sick host
     * has not started, releases it, waits for the rest and resumes everything, so each round starts alike.
     */
    private static double timedBulk(ServiceFixture fixture, SimulatorBackend sickBackend, Set<String> running,
                                    String sickId, boolean sick) throws Exception {
        List<Instance> targets = fixture.known.all().stream().filter(i -> running.contains(i.key().toString())).toList();
        long healthyItems = targets.stream().filter(i -> !i.connectionId().equals(sickId)).count();
        CountDownLatch healthyDone = new CountDownLatch((int) healthyItems);
        if (sick) {
            sickBackend.faults().hang();
        }
        long start = System.nanoTime();
        BulkOperation operation = BulkOperation.start(BulkPlan.of(Action.PAUSE, targets, fixture.lifecycle), fixture.lifecycle, update -> {
            if (!update.key().connectionId().equals(sickId)
                    && (update.state() == ItemState.SUCCEEDED || update.state() == ItemState.FAILED)) {
                healthyDone.countDown();
            }
        });
        Bench.check(healthyDone.await(5, TimeUnit.MINUTES), "healthy hosts did not finish");
        double took = Bench.ms(System.nanoTime() - start);
        if (sick) {
            operation.cancel();
            sickBackend.faults().release();
        }
        operation.completion().get(5, TimeUnit.MINUTES);
        List<Instance> paused = fixture.known.all().stream()
                .filter(i -> running.contains(i.key().toString()) && i.status() == InstanceStatus.PAUSED).toList();
        BulkOperation.start(BulkPlan.of(Action.RESUME, paused, fixture.lifecycle), fixture.lifecycle, u -> { })
                .completion().get(5, TimeUnit.MINUTES);
        return took;
    }
}
