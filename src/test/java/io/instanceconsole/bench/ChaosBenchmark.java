package io.instanceconsole.bench;

import io.instanceconsole.backend.simulator.SimulatorBackend;
import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.AuditEvent;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.ResilienceSettings;
import io.instanceconsole.service.ActionResult;
import io.instanceconsole.service.ConnectionHealth;
import io.instanceconsole.service.ManagedConnection;
import io.instanceconsole.service.ServiceListener;
import io.instanceconsole.testing.Scratch;
import io.instanceconsole.testing.ServiceFixture;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Chaos run over simulated hosts: rounds of random faults (I/O errors, hangs past the timeout, disconnects,
 * conflicts) while actions keep coming, then the faults are lifted. Prints, as medians over the rounds: time from
 * the first failure to the breaker opening, time from lifting the fault to the host being connected again (with no
 * user action), bulkhead rejections, and the operations lost (unsettled or without their audit event): must be 0.
 *
 * <p>Run: {@code mvn -q test-compile exec:exec -Dexec.classpathScope=test -Dexec.args="-classpath %classpath
 * io.instanceconsole.bench.ChaosBenchmark [rounds]"}
 */
public final class ChaosBenchmark {
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path dir = Scratch.directory("ic-chaos");
        Random random = new Random(2026);
        List<Long> openMillis = new ArrayList<>();
        List<Long> recoverMillis = new ArrayList<>();
        int bulkheadRejections = 0;
        int faults = 0;
        int actions = 0;
        ResilienceSettings settings = new ResilienceSettings(Duration.ofMillis(300), 3, Duration.ofSeconds(1), 2,
                Duration.ofMillis(200));
        try (ServiceFixture fixture = new ServiceFixture(dir)) {
            List<SimulatorBackend> hosts = new ArrayList<>();
            List<ManagedConnection> connections = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                SimulatorBackend host = ServiceFixture.simulator("chaos" + i, 60);
                hosts.add(host);
                connections.add(fixture.connect("chaos" + i, host, settings, false));
            }
            Map<String, Instant> opened = new ConcurrentHashMap<>();
            Map<String, Instant> connected = new ConcurrentHashMap<>();
            fixture.registry.addListener(new ServiceListener() {
                @Override
                public void healthChanged(String id, ConnectionHealth health) {
                    if (health.state() == ConnectionHealth.State.CIRCUIT_OPEN) {
                        opened.putIfAbsent(id, Instant.now());
                    } else if (health.state() == ConnectionHealth.State.CONNECTED) {
                        connected.put(id, Instant.now());
                    }
                }
            });
            fixture.reconciler.startPeriodicResync(Duration.ofMillis(500));
            for (int round = 0; round < rounds; round++) {
                int victim = random.nextInt(hosts.size());
                SimulatorBackend host = hosts.get(victim);
                String id = connections.get(victim).id();
                opened.remove(id);
                int kind = random.nextInt(3);
                Instant faultAt = Instant.now();
                switch (kind) {
                    case 0 -> host.faults().failNext(1_000);
                    case 1 -> host.faults().hang();
                    default -> host.faults().disconnect();
                }
                faults++;
                List<CompletableFuture<ActionResult>> inFlight = new ArrayList<>();
                for (Instance instance : fixture.known.all()) {
                    Action action = random.nextBoolean() ? Action.PAUSE : Action.RESUME;
                    if (action.isAllowedFrom(instance.status())) {
                        inFlight.add(fixture.lifecycle.perform(action, instance.key()));
                        actions++;
                    }
                }
                for (CompletableFuture<ActionResult> f : inFlight) {
                    ActionResult r = f.orTimeout(60, TimeUnit.SECONDS).join();
                    if (r.message().contains("too many calls waiting")) {
                        bulkheadRejections++;
                    }
                }
                Instant openAt = opened.get(id);
                if (openAt != null) {
                    openMillis.add(Duration.between(faultAt, openAt).toMillis());
                }
                connected.remove(id);
                Instant liftedAt = Instant.now();
                host.faults().clear();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!connected.containsKey(id) && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                if (connected.containsKey(id)) {
                    recoverMillis.add(Duration.between(liftedAt, connected.get(id)).toMillis());
                }
                fixture.reconciler.settleUnsettled().orTimeout(30, TimeUnit.SECONDS).join();
            }
            fixture.reconciler.resyncAll().orTimeout(30, TimeUnit.SECONDS).join();
            int unsettled = fixture.storeJournal.findUnsettled().size();
            // outages and recoveries seen on the hosts are in the trail too, and settle no operation
            List<AuditEvent> audit = fixture.storeJournal.auditSince(Instant.EPOCH, 1_000_000).stream()
                    .filter(e -> e.outcome().settlesAnOperation()).toList();
            long auditedOps = audit.stream().map(AuditEvent::operationId).filter(s -> !s.isEmpty()).distinct().count();
            long mismatched = fixture.known.all().stream().filter(i -> {
                SimulatorBackend host = hosts.get(Integer.parseInt(i.connectionId().replace("conn-chaos", "")));
                return host.statusOnHost(i.id()).orElseThrow() != i.status();
            }).count();
            System.out.printf("CHAOS rounds=%d faults=%d actions=%d%n", rounds, faults, actions);
            System.out.printf("CHAOS breaker_open_ms median=%d min=%d max=%d (n=%d)%n", median(openMillis), min(openMillis), max(openMillis), openMillis.size());
            System.out.printf("CHAOS recovery_ms median=%d min=%d max=%d (n=%d)%n", median(recoverMillis), min(recoverMillis), max(recoverMillis), recoverMillis.size());
            System.out.printf("CHAOS bulkhead_rejections=%d%n", bulkheadRejections);
            System.out.printf("CHAOS lost_operations unsettled=%d store_vs_host_mismatches=%d audited_operations=%d audit_events=%d%n",
                    unsettled, mismatched, auditedOps, audit.size());
            if (unsettled != 0 || mismatched != 0 || auditedOps != audit.size()) {
                throw new IllegalStateException("operations were lost or double-recorded");
            }
        }
    }

    private static long median(List<Long> values) {
        if (values.isEmpty()) return -1;
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static long min(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).min().orElse(-1);
    }

    private static long max(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).max().orElse(-1);
    }
}
