package io.instanceconsole.bench;

import io.instanceconsole.domain.AuditEvent;
import io.instanceconsole.domain.OperationState;
import io.instanceconsole.service.AuditTrail;
import io.instanceconsole.store.DataDirectory;
import io.instanceconsole.store.Database;
import io.instanceconsole.store.StoreJournal;
import io.instanceconsole.testing.Scratch;
import io.instanceconsole.ui.activity.ActivityViewModel;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The Activity view with 100,000 audit events: time to load them from the store (background) and the longest single
 * piece of work the UI thread does for it (loading, filtering, a live poll). Medians of several runs.
 *
 * <p>Run: {@code mvn -q test-compile exec:exec -Dexec.classpathScope=test -Dexec.args="-classpath %classpath
 * io.instanceconsole.bench.ActivityScaleBenchmark [events] [runs]"}
 */
public final class ActivityScaleBenchmark {
    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path dir = Scratch.directory("ic-activity");
        try (Database database = Database.open(new DataDirectory(dir).prepare())) {
            database.inTransaction(c -> {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO audit_event(occurred_at, connection_id, connection_name, "
                        + "instance_id, instance_name, action, outcome, message, user_name, operation_id) VALUES (?,?,?,?,?,?,?,?,?,?)")) {
                    Instant start = Instant.now().minusSeconds(events);
                    for (int i = 0; i < events; i++) {
                        s.setObject(1, OffsetDateTime.ofInstant(start.plusSeconds(i), ZoneOffset.UTC));
                        s.setString(2, "c" + (i % 20));
                        s.setString(3, "host-" + (i % 20));
                        s.setString(4, "id-" + i);
                        s.setString(5, "vm-" + (i % 5000));
                        s.setString(6, i % 2 == 0 ? "pause" : "resume");
                        s.setString(7, i % 50 == 0 ? OperationState.FAILED.name() : OperationState.SUCCEEDED.name());
                        s.setString(8, i % 50 == 0 ? "host 'host-3' did not answer within the call timeout" : "");
                        s.setString(9, "alice");
                        s.setString(10, "op-" + i);
                        s.addBatch();
                        if (i % 5_000 == 4_999) {
                            s.executeBatch();
                        }
                    }
                    s.executeBatch();
                }
                return null;
            });
            StoreJournal journal = new StoreJournal(database);
            List<Long> loadMs = new ArrayList<>();
            List<Long> longestUiMs = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                long[] longest = {0};
                Executor timedUiThread = task -> {
                    long t0 = System.nanoTime();
                    task.run();
                    longest[0] = Math.max(longest[0], (System.nanoTime() - t0) / 1_000_000);
                };
                ActivityViewModel viewModel = new ActivityViewModel(new AuditTrail(journal), Runnable::run, timedUiThread,
                        (severity, message) -> { }, Clock.systemUTC());
                long t0 = System.nanoTime();
                viewModel.load().orTimeout(60, TimeUnit.SECONDS).join();
                loadMs.add((System.nanoTime() - t0) / 1_000_000);
                timedUiThread.execute(() -> viewModel.outcomeProperty().set("FAILED"));
                timedUiThread.execute(() -> viewModel.textProperty().set("host-3"));
                journal.appendAudit(new AuditEvent(0, Instant.now(), "c1", "host-1", "id-x", "vm-x",
                        "pause", OperationState.SUCCEEDED, "", "alice", "op-new-" + run));
                viewModel.poll().orTimeout(10, TimeUnit.SECONDS).join();
                if (viewModel.shown().isEmpty()) {
                    throw new IllegalStateException("filter found nothing");
                }
                longestUiMs.add(longest[0]);
            }
            System.out.printf("BENCH activity_load_%d_events_ms median=%d min=%d max=%d runs=%d%n", events,
                    median(loadMs), Collections.min(loadMs), Collections.max(loadMs), runs);
            System.out.printf("BENCH activity_longest_ui_task_ms median=%d min=%d max=%d runs=%d%n",
                    median(longestUiMs), Collections.min(longestUiMs), Collections.max(longestUiMs), runs);
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
