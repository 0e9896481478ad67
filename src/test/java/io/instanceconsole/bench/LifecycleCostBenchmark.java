package io.instanceconsole.bench;

import io.instanceconsole.backend.simulator.SimulatorBackend;
import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.domain.OperationState;
import io.instanceconsole.service.ActionResult;
import io.instanceconsole.domain.ResilienceSettings;
import io.instanceconsole.testing.Scratch;
import io.instanceconsole.testing.ServiceFixture;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The lifecycle stack's own cost per action: {@code LifecycleService.perform} over a zero-latency simulator, so all
 * that is measured is the console's path (transition check, journal row committed in H2, Failsafe bulkhead →
 * breaker → timeout, the hop to the service executor and the host pool, the result transaction with the audit
 * event). One action at a time, so the figure is latency, not throughput. Each run: a warm-up, then N actions
 * (alternating pause and resume of running instances); reported: the medians over runs of each run's median and p99.
 *
 * <p>A plain harness rather than JMH: the quantity is an asynchronous round trip whose distribution (p99) matters,
 * and the per-action sample is exactly what we time here, with the real store on disk.
 */
final class LifecycleCostBenchmark {
    private LifecycleCostBenchmark() {
    }

    static void run() throws Exception {
        int actions = Bench.size(2000, 100);
        int warmup = Bench.size(1000, 20);
        int runs = Bench.runs(5);
        List<Double> medians = new ArrayList<>();
        List<Double> p99s = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            try (ServiceFixture fixture = new ServiceFixture(Scratch.directory("ic-bench-lifecycle"))) {
                SimulatorBackend backend = ServiceFixture.simulator("zero", 1000);
                fixture.connect("zero", backend, ResilienceSettings.defaults(), false);
                List<Instance> running = fixture.known.all().stream()
                        .filter(i -> i.status() == InstanceStatus.RUNNING).toList();
                Bench.check(!running.isEmpty(), "no running instance");
                List<Double> samples = new ArrayList<>();
                for (int i = 0; i < warmup + actions; i++) {
                    Instance target = running.get((i / 2) % running.size());
                    Action action = i % 2 == 0 ? Action.PAUSE : Action.RESUME;
                    long start = System.nanoTime();
                    ActionResult result = fixture.lifecycle.perform(action, target.key()).get(30, TimeUnit.SECONDS);
                    long took = System.nanoTime() - start;
                    Bench.check(result.outcome() == OperationState.SUCCEEDED, "action failed: " + result.message());
                    if (i >= warmup) {
                        samples.add(Bench.ms(took));
                    }
                }
                medians.add(Bench.median(samples));
                p99s.add(Bench.percentile(samples, 99));
                Bench.info("run %d: %d actions, median %.3f ms, p99 %.3f ms, max %.3f ms", run + 1, samples.size(),
                        Bench.median(samples), Bench.percentile(samples, 99), Bench.percentile(samples, 100));
            }
        }
        Bench.report("lifecycle.perAction.median", "ms", medians, "<=1");
        Bench.report("lifecycle.perAction.p99", "ms", p99s, "<=5");
    }
}
