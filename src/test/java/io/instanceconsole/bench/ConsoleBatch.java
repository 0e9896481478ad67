package io.instanceconsole.bench;

import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.service.ActionResult;
import io.instanceconsole.testing.ServiceFixture;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A bulk action as the console runs it, for the bulk benchmarks: {@code perform} for every key at once through the real
 * lifecycle service, then the batch's wall time and when each result came.
 */
final class ConsoleBatch {
    private final long start;
    private final long[] finished;
    private final List<CompletableFuture<ActionResult>> results;
    /** From the first {@code perform} to the last result, in ms. */
    final double ms;

    private ConsoleBatch(long start, long[] finished, List<CompletableFuture<ActionResult>> results, double ms) {
        this.start = start;
        this.finished = finished;
        this.results = results;
        this.ms = ms;
    }

    /** Sends {@code action} for every key at once and waits for every result. */
    static ConsoleBatch run(ServiceFixture console, List<InstanceKey> keys, Action action) {
        long start = System.nanoTime();
        long[] finished = new long[keys.size()];
        List<CompletableFuture<ActionResult>> all = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            int slot = i;
            all.add(console.lifecycle.perform(action, keys.get(i))
                    .whenComplete((r, e) -> finished[slot] = System.nanoTime()));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        return new ConsoleBatch(start, finished, all, (System.nanoTime() - start) / 1e6);
    }

    /** When the results came, in ms after the batch started: the first, the 10th, 50th, 90th percentile, the last. */
    String spread() {
        return spread(start, finished);
    }

    /** As {@link #spread()}, for results sent some other way. */
    static String spread(long start, long[] finished) {
        long[] sorted = finished.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return String.format("first %.0f, p10 %.0f, p50 %.0f, p90 %.0f, last %.0f ms", (sorted[0] - start) / 1e6,
                (sorted[n / 10] - start) / 1e6, (sorted[n / 2] - start) / 1e6, (sorted[n * 9 / 10] - start) / 1e6,
                (sorted[n - 1] - start) / 1e6);
    }

    /** Stops the benchmark unless every action of the batch succeeded. */
    void checkEverySucceeded() {
        for (CompletableFuture<ActionResult> f : results) {
            ActionResult r = f.join();
            Bench.check(r.succeeded(),
                    r.action().key() + " of " + r.instanceName() + ": " + r.outcome() + " " + r.message());
        }
    }

    /** Waits, untimed, until the console shows every key with {@code status}. */
    static void awaitAll(ServiceFixture console, List<InstanceKey> keys, InstanceStatus status, Duration limit) {
        ServiceFixture.await(limit, "all " + status, () -> keys.stream()
                .allMatch(k -> console.known.find(k).map(i -> i.status() == status).orElse(false)));
    }
}
