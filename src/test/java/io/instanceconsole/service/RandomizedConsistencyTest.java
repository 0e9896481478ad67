package io.instanceconsole.service;

import io.instanceconsole.backend.simulator.SimulatorBackend;
import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.AuditEvent;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.domain.OperationState;
import io.instanceconsole.domain.ResilienceSettings;
import io.instanceconsole.testing.FullDisk;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-style: random sequences of actions, external changes and injected faults (I/O errors, conflicts, hangs
 * past the timeout, failed commits), each seed repeatable. After reconciliation the store's statuses equal the
 * host's, nothing is left unsettled, and every change the console made on the host is in the audit trail exactly
 * once (a compensated change counts twice on the host: the action and its undo).
 */
class RandomizedConsistencyTest {
    private static final int STEPS = 40;
    private static final InstanceStatus[] EXTERNAL = {InstanceStatus.RUNNING, InstanceStatus.PAUSED, InstanceStatus.STOPPED};
    private static final Action[] ACTIONS = {Action.PAUSE, Action.RESUME, Action.START, Action.STOP, Action.RESTART};

    @TempDir
    Path dir;

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 12);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void afterReconciliationStoreEqualsHostAndEveryConsoleChangeIsAuditedOnce(long seed) {
        Random random = new Random(seed);
        FullDisk disk = new FullDisk(); // full for a moment: the next successful outcome fails to commit when asked
        try (ServiceFixture fixture = new ServiceFixture(dir.resolve("s" + seed), disk::under)) {
            SimulatorBackend simulator = ServiceFixture.simulator("lab", 25);
            LifecycleServiceTest.CountingBackend host = new LifecycleServiceTest.CountingBackend(simulator, Duration.ZERO);
            ResilienceSettings settings = new ResilienceSettings(Duration.ofMillis(150), 1_000, Duration.ofSeconds(1), 4, Duration.ofSeconds(30));
            fixture.connect("lab", host, settings, false);
            // a first listing that misses the 150 ms call timeout on a busy machine is retried by the reconciler
            ServiceFixture.await(Duration.ofSeconds(30), "the first listing", () -> fixture.known.ofConnection("conn-lab").size() == 25);

            int externalChanges = 0;
            for (int step = 0; step < STEPS; step++) {
                List<Instance> all = fixture.known.ofConnection("conn-lab");
                Instance target = all.get(random.nextInt(all.size()));
                int roll = random.nextInt(100);
                if (roll < 25) {
                    InstanceStatus external = EXTERNAL[random.nextInt(EXTERNAL.length)];
                    if (simulator.statusOnHost(target.id()).orElseThrow() != external) {
                        externalChanges++;
                    }
                    simulator.changeExternally(target.id(), external, "external");
                    continue;
                }
                switch (random.nextInt(6)) {
                    case 0 -> simulator.faults().failNext(1);
                    case 1 -> simulator.faults().rejectNextWithConflict(1);
                    case 2 -> simulator.faults().hang();
                    case 3 -> disk.refuseNextSuccess();
                    default -> { }
                }
                fixture.lifecycle.perform(ACTIONS[random.nextInt(ACTIONS.length)], target.key()).orTimeout(20, TimeUnit.SECONDS).join();
                simulator.faults().clear();
                disk.takesWritesAgain();
                fixture.reconciler.settleUnsettled().orTimeout(20, TimeUnit.SECONDS).join();
            }
            fixture.reconciler.resyncAll().orTimeout(20, TimeUnit.SECONDS).join();

            assertThat(fixture.storeJournal.findUnsettled()).isEmpty();
            for (Instance instance : fixture.instances.findByConnection("conn-lab")) {
                assertThat(instance.status()).as(instance.name()).isEqualTo(simulator.statusOnHost(instance.id()).orElseThrow());
            }
            List<AuditEvent> audit = fixture.storeJournal.auditSince(Instant.EPOCH, 10_000);
            long succeeded = audit.stream().filter(e -> e.outcome() == OperationState.SUCCEEDED).count();
            long compensated = audit.stream().filter(e -> e.outcome() == OperationState.COMPENSATED).count();
            assertThat(succeeded + 2 * compensated).as("changes the console made on the host").isEqualTo(host.succeededOnHost.get());
            List<AuditEvent> ofOperations = audit.stream().filter(e -> e.outcome().settlesAnOperation()).toList();
            assertThat(ofOperations.stream().filter(e -> !e.operationId().isEmpty()).map(AuditEvent::operationId)
                    .distinct().count()).as("one audit event per operation").isEqualTo(ofOperations.size());
            // seen on the host: only the changes made there, never one the console made (at most one per change:
            // a change overtaken by the next one before the console saw it is not seen)
            assertThat((long) (audit.size() - ofOperations.size())).as("changes seen on the host, of %d made there", externalChanges)
                    .isBetween(0L, (long) externalChanges);
        }
    }
}
