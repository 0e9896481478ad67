package io.instanceconsole.app;

import io.instanceconsole.backend.simulator.SimulatorBackend;
import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.AuditEvent;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.domain.OperationState;
import io.instanceconsole.service.BulkOperation;
import io.instanceconsole.service.BulkPlan;
import io.instanceconsole.service.ManagedConnection;
import io.instanceconsole.store.Journal;
import io.instanceconsole.testing.DelegatingJournal;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing lost: a child JVM runs a bulk pause over a persistent simulated host and is killed with SIGKILL
 * mid-run; the console started again on the same data directory settles everything from what the host shows.
 */
class CrashRecoveryTest {
    private static final int INSTANCES = 300;

    @TempDir
    Path dataDir;

    @ParameterizedTest(name = "kill {0}")
    @ValueSource(strings = {"mid-run", "during-commit"})
    void afterSigkillNoOperationIsPendingStoreEqualsHostAndEveryHostChangeHasOneAuditEvent(String when) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(),
                dataDir.toString(), when).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()));
        String line;
        do {
            line = out.readLine();
        } while (line != null && !line.startsWith("progress"));
        assertThat(line).as("child never made progress").isNotNull();
        child.destroyForcibly(); // SIGKILL on POSIX: no shutdown hooks, no flushing, no goodbye
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();

        try (AppContext restarted = TestContexts.context(dataDir)) {
            restarted.connectAll().orTimeout(180, TimeUnit.SECONDS).join();

            assertThat(restarted.journal().findUnsettled()).as("operations left unsettled").isEmpty();
            ManagedConnection connection = restarted.registry().all().get(0);
            SimulatorBackend host = (SimulatorBackend) connection.backend();
            List<Instance> known = restarted.known().ofConnection(connection.id());
            assertThat(known).hasSize(INSTANCES);
            for (Instance instance : known) {
                assertThat(instance.status()).as(instance.name()).isEqualTo(host.statusOnHost(instance.id()).orElseThrow());
            }

            // The fleet is generated from a fixed seed: every instance running at the start that the host now shows
            // paused was paused by the killed run, and each such change has exactly one successful audit event.
            SimulatorBackend pristine = ServiceFixture.persistentSimulator("lab", INSTANCES, dataDir.resolve("pristine.jsonl"));
            Set<String> initiallyRunning = pristine.list().stream().filter(i -> i.status() == InstanceStatus.RUNNING)
                    .map(Instance::id).collect(Collectors.toSet());
            Set<String> changedOnHost = known.stream().filter(i -> initiallyRunning.contains(i.id()))
                    .filter(i -> i.status() == InstanceStatus.PAUSED).map(Instance::id).collect(Collectors.toSet());
            List<AuditEvent> audit = restarted.journal().auditSince(Instant.EPOCH, 100_000);
            Map<String, Long> successes = audit.stream().filter(e -> e.outcome() == OperationState.SUCCEEDED)
                    .collect(Collectors.groupingBy(AuditEvent::instanceId, Collectors.counting()));
            assertThat(changedOnHost).as("the run was killed mid-way").isNotEmpty().hasSizeLessThan(initiallyRunning.size());
            assertThat(successes.keySet()).isEqualTo(changedOnHost);
            assertThat(successes.values()).allMatch(count -> count == 1);
            assertThat(audit).allMatch(e -> e.outcome() == OperationState.SUCCEEDED || e.outcome() == OperationState.FAILED);
            if (when.equals("during-commit")) {
                assertThat(audit).as("changes made on the host but not recorded before the kill are settled on start-up")
                        .anySatisfy(e -> assertThat(e.message()).startsWith("settled from the host after an interruption"));
            }
        }
    }

    /** The killed console: a bulk pause of every instance; "during-commit" makes each outcome commit slow. */
    public static final class CrashChild {
        public static void main(String[] args) throws Exception {
            Path dir = Path.of(args[0]);
            boolean slowCommit = args[1].equals("during-commit");
            UnaryOperator<Journal> journal = real -> slowCommit ? new SlowCommitJournal(real) : real;
            ServiceFixture fixture = new ServiceFixture(dir, journal);
            SimulatorBackend host = ServiceFixture.persistentSimulator("lab", INSTANCES,
                    dir.resolve("simulator").resolve("conn-lab.jsonl"), Duration.ofMillis(5));
            fixture.connect("lab", host, ServiceFixture.testSettings(), false);
            BulkPlan plan = BulkPlan.of(Action.PAUSE, fixture.known.all(), fixture.lifecycle);
            int[] done = {0};
            BulkOperation.start(plan, fixture.lifecycle, update -> {
                if (update.state() == BulkOperation.ItemState.SUCCEEDED) {
                    synchronized (done) {
                        if (++done[0] == 25) {
                            System.out.println("progress " + done[0]);
                            System.out.flush();
                        }
                    }
                }
            });
            Thread.sleep(120_000);
        }
    }

    /** Holds each outcome commit for a while, so the kill lands between the host's change and its record. */
    private static final class SlowCommitJournal extends DelegatingJournal {
        SlowCommitJournal(Journal real) {
            super(real);
        }

        @Override
        public boolean recordOutcome(Outcome outcome) {
            try {
                Thread.sleep(40);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return super.recordOutcome(outcome);
        }
    }
}
