package io.instanceconsole.remote;

import io.instanceconsole.app.AppContext;
import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.AuditEvent;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.ConnectionPolicy;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.domain.OperationState;
import io.instanceconsole.lab.DelayProxy;
import io.instanceconsole.lab.HostLab;
import io.instanceconsole.lab.LabTest;
import io.instanceconsole.service.ActionResult;
import io.instanceconsole.service.BulkOperation;
import io.instanceconsole.service.BulkPlan;
import io.instanceconsole.service.ConnectionHealth;
import io.instanceconsole.service.ManagedConnection;
import io.instanceconsole.service.ServiceListener;
import io.instanceconsole.store.DataDirectory;
import io.instanceconsole.store.Database;
import io.instanceconsole.store.InstanceRepository;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Link faults between the console and Docker hosts it reaches over SSH (issue 19, "Faults"), each against the host
 * lab: the link cut in the middle of a 100-container bulk pause at 50 ms RTT and restored 20 s later; 5 % packet loss
 * during a bulk pause and resume; a host's sshd and its sessions stopped with SIGSTOP while bulk actions run on two
 * hosts.
 *
 * <p>Every test ends with the same invariants ({@link #assertConsistent}), checked against the host's own truth (its
 * docker CLI on its own socket, never through the console or ssh): after a bounded wait for settling ({@link #SETTLE}),
 * no operation is PENDING or UNKNOWN; every pause/unpause the host's own event log shows has exactly one SUCCEEDED
 * audit event, in the same order, and there is no SUCCEEDED audit event (and no action reported SUCCEEDED) for a change
 * the host did not make; each operation has exactly one audit event; the rows the console shows and the rows in its
 * store (read after it closed) have the host's status for every container, and no other rows.
 *
 * <p>The console is the real composition root ({@link AppContext}, as the GUI runs it: {@code connectAll}, heartbeat,
 * periodic resync), the connections are added as a user adds them, with the default resilience policy, and the bulk
 * actions run as the GUI runs them ({@link BulkPlan} then {@link BulkOperation} over the lifecycle service).
 */
@LabTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LinkFaultsLabIT {
    @RegisterExtension
    static final HostLab LAB = HostLab.hosts(2).withDocker();

    private static final String IMAGE = "instanceconsole/busybox:1";
    /** The lab's latency: a delay proxy in front of each host's sshd, 25 ms each way (50 ms RTT). */
    private static final Duration ONE_WAY = Duration.ofMillis(25);
    /** The outage of test 1, a deliberate wait. */
    private static final Duration OUTAGE = Duration.ofSeconds(20);
    /**
     * How long, after a fault is lifted, the console may take to reconnect and settle every outcome from the host: the
     * GUI's periodic resync (30 s, which retries the settling of operations nobody works on) plus a call timeout (30 s)
     * and a margin. The console must get there by itself: nothing here pokes it.
     */
    private static final Duration SETTLE = Duration.ofSeconds(75);
    /** How long a bulk action may take to report every item, faults included (call timeout 30 s, plus waits). */
    private static final Duration BULK_DONE = Duration.ofSeconds(120);

    @TempDir
    Path tmp;

    // ------------------------------------------------------------------------------------------------ 1. cut

    @Test
    @Order(1)
    void linkCutInTheMiddleOfABulkPauseOf100AtFiftyMsRttSettlesFromTheHostWhenItReturns() throws Exception {
        Map<String, String> containers = recreateContainers(1, "cut", 100);
        try (HostEventLog host1 = HostEventLog.follow(1, Instant.now());
             DelayProxy proxy = LAB.delayProxy(1, ONE_WAY);
             Console console = Console.open(tmp, Map.of(1, LAB.dockerSshUri(1, proxy.port())))) {
            String lab1 = console.connectionId(1);
            console.awaitRows(1, containers.size(), Duration.ofSeconds(30));

            Bulk pause = console.bulk(Action.PAUSE, console.rows(lab1));
            assertThat(pause.plan().willRun()).hasSize(100);
            await(Duration.ofSeconds(60), () -> "a quarter of the pauses done: " + pause.counts(),
                    () -> pause.count(BulkOperation.ItemState.SUCCEEDED) >= 25);
            Map<BulkOperation.ItemState, Long> atCut = pause.counts();
            Instant cutAt = Instant.now();
            List<ConnectionHealth> duringOutage;
            LAB.cut(1);
            try {
                Thread.sleep(OUTAGE.toMillis()); // the outage itself, deliberately 20 s
                duringOutage = console.healthSeen(lab1, cutAt);
            } finally {
                LAB.restore(1);
            }
            Instant restoredAt = Instant.now();
            Map<BulkOperation.ItemState, Long> atRestore = pause.counts();

            List<ActionResult> results = pause.await(BULK_DONE);
            Duration bulkAfterRestore = Duration.between(restoredAt, Instant.now());
            Duration reconnect = console.awaitConnected(lab1, SETTLE);
            Duration settled = console.awaitSettled(SETTLE);

            System.out.printf(Locale.ROOT, "LINKFAULTS cut: 100 containers at 50 ms RTT; at the cut %s; at the restore (%d s later) %s;"
                            + " bulk done %d ms after the restore: %s; health during the outage %s; connected %d ms and"
                            + " every operation settled %d ms after the restore%n",
                    atCut, OUTAGE.toSeconds(), atRestore, bulkAfterRestore.toMillis(), outcomes(results),
                    duringOutage.stream().map(h -> h.state().name()).distinct().toList(),
                    reconnect.toMillis(), settled.plus(reconnect).toMillis());
            assertThat(atRestore.getOrDefault(BulkOperation.ItemState.SUCCEEDED, 0L)).as("the cut landed mid-bulk")
                    .isLessThan(100);
            console.assertConsistent(host1, results);
            console.closeAndAssertStore(1);
        }
    }

    // ------------------------------------------------------------------------------------------------ 2. loss

    @Test
    @Order(2)
    void fivePercentPacketLossDuringABulkPauseAndResume() throws Exception {
        Map<String, String> containers = recreateContainers(1, "loss", 50);
        try (HostEventLog host1 = HostEventLog.follow(1, Instant.now());
             DelayProxy proxy = LAB.delayProxy(1, ONE_WAY);
             Console console = Console.open(tmp, Map.of(1, LAB.dockerSshUri(1, proxy.port())))) {
            String lab1 = console.connectionId(1);
            console.awaitRows(1, containers.size(), Duration.ofSeconds(30));
            List<ActionResult> results = new ArrayList<>();
            long pauseMillis;
            long resumeMillis;
            Instant lossFrom = Instant.now();
            LAB.loss(1, 5);
            try {
                long start = System.nanoTime();
                Bulk pause = console.bulk(Action.PAUSE, console.rows(lab1));
                assertThat(pause.plan().willRun()).hasSize(50);
                results.addAll(pause.await(BULK_DONE));
                pauseMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

                start = System.nanoTime();
                Bulk resume = console.bulk(Action.RESUME, console.rows(lab1));
                results.addAll(resume.await(BULK_DONE));
                resumeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                System.out.printf(Locale.ROOT, "LINKFAULTS loss: 50 containers at 50 ms RTT and 5 %% loss: pause %d ms (%s),"
                                + " resume of %d %d ms (%s); health while lossy %s%n",
                        pauseMillis, outcomes(pause.results()), resume.plan().willRun().size(), resumeMillis,
                        outcomes(resume.results()),
                        console.healthSeen(lab1, lossFrom).stream().map(h -> h.state().name()).distinct().toList());
            } finally {
                LAB.loss(1, 0);
            }
            console.awaitConnected(lab1, SETTLE);
            Duration settled = console.awaitSettled(SETTLE);
            System.out.printf(Locale.ROOT, "LINKFAULTS loss: every operation settled %d ms after the loss was removed%n",
                    settled.toMillis());
            console.assertConsistent(host1, results);
            console.closeAndAssertStore(1);
        }
    }

    // ------------------------------------------------------------------------------------------------ 3. SIGSTOP

    @Test
    @Order(3)
    void sshdStoppedOpensThatHostsBreakerAndTheOtherHostKeepsItsSpeed() throws Exception {
        recreateContainers(1, "stop1-", 20);
        recreateContainers(2, "stop2-", 20);
        Instant since = Instant.now();
        try (HostEventLog host1 = HostEventLog.follow(1, since);
             HostEventLog host2 = HostEventLog.follow(2, since);
             DelayProxy proxy1 = LAB.delayProxy(1, ONE_WAY);
             DelayProxy proxy2 = LAB.delayProxy(2, ONE_WAY);
             Console console = Console.open(tmp, Map.of(1, LAB.dockerSshUri(1, proxy1.port()),
                     2, LAB.dockerSshUri(2, proxy2.port())))) {
            String lab1 = console.connectionId(1);
            String lab2 = console.connectionId(2);
            console.awaitRows(1, 20, Duration.ofSeconds(30));
            console.awaitRows(2, 20, Duration.ofSeconds(30));
            List<Bulk> bulks = new ArrayList<>();

            // healthy: a bulk pause then resume of host 2's 20 containers, host 2 alone
            List<Long> healthy = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                healthy.add(pauseAndResumeMillis(console, List.of(lab2), lab2, bulks));
            }

            List<Long> faulted = new ArrayList<>();
            ConnectionHealth open;
            String badge;
            Duration toOpen;
            LAB.stopSshdWithSessions(1);
            Instant stoppedAt = Instant.now();
            try {
                // bulk actions over both hosts: host 1's items hang, then fail; host 2's must not wait for them
                for (int round = 0; round < 3; round++) {
                    faulted.add(pauseAndResumeMillis(console, List.of(lab1, lab2), lab2, bulks));
                }
                console.awaitHealth(lab1, Duration.ofSeconds(60), h ->
                        h.state() == ConnectionHealth.State.CIRCUIT_OPEN || h.state() == ConnectionHealth.State.UNREACHABLE);
                toOpen = Duration.between(stoppedAt, Instant.now());
                open = console.health(lab1).orElseThrow();
                badge = open.badge(Instant.now());
                // and once host 1 is known to be failing, a bulk over both hosts still runs host 2 at full speed
                for (int round = 0; round < 2; round++) {
                    faulted.add(pauseAndResumeMillis(console, List.of(lab1, lab2), lab2, bulks));
                }
                System.out.printf(Locale.ROOT, "LINKFAULTS sigstop: host 1 %s (badge '%s') by %d ms after its sshd was"
                                + " stopped; health seen %s%n", open.state(), badge, toOpen.toMillis(),
                        console.healthSeen(lab1, stoppedAt).stream().map(h -> h.state().name()).distinct().toList());
                // every host-1 action sent while stopped has come back (timed out or refused by the open breaker)
                for (Bulk bulk : bulks) {
                    bulk.await(BULK_DONE);
                }
            } finally {
                LAB.contSshd(1);
            }
            List<ActionResult> results1 = new ArrayList<>();
            List<ActionResult> results2 = new ArrayList<>();
            for (Bulk bulk : bulks) {
                for (ActionResult r : bulk.await(BULK_DONE)) {
                    (r.key().connectionId().equals(lab2) ? results2 : results1).add(r);
                }
            }
            long healthyMedian = median(healthy);
            long faultedMedian = median(faulted);
            System.out.printf(Locale.ROOT, "LINKFAULTS sigstop: host 2 bulk pause+resume of 20 at 50 ms RTT: healthy %s ms"
                            + " (median %d), with host 1's sshd stopped %s ms (median %d, %.2fx); host 1 outcomes %s%n",
                    healthy, healthyMedian, faulted, faultedMedian, (double) faultedMedian / healthyMedian, outcomes(results1));

            assertThat(open.state()).isIn(ConnectionHealth.State.CIRCUIT_OPEN, ConnectionHealth.State.UNREACHABLE);
            if (open.state() == ConnectionHealth.State.CIRCUIT_OPEN) {
                assertThat(badge).matches("circuit open, retry in \\d+ s");
            } else {
                assertThat(badge).matches("unreachable since \\d\\d:\\d\\d");
            }
            assertThat(results1).as("host 1 got actions while its sshd was stopped")
                    .anyMatch(r -> r.outcome() != OperationState.SKIPPED);
            assertThat(faultedMedian).as("host 2's bulk pause+resume (ms) with host 1 hung vs healthy " + healthy)
                    .isLessThanOrEqualTo(Math.round(healthyMedian * 1.2));

            console.awaitConnected(lab1, SETTLE);
            console.awaitSettled(SETTLE);
            console.assertConsistent(host1, results1);
            console.assertConsistent(host2, results2);
            console.closeAndAssertStore(1, 2);
        }
    }

    /**
     * One bulk pause over the rows of {@code connections}, then one bulk resume over them, as a user runs them one
     * after the other; returns how long host {@code timed}'s items took (pause + resume), each from the start of its
     * bulk to the last of that host's items reported. The other hosts' items may still be running; the bulks are added
     * to {@code bulks}.
     */
    private static long pauseAndResumeMillis(Console console, List<String> connections, String timed, List<Bulk> bulks) {
        long total = 0;
        for (Action action : List.of(Action.PAUSE, Action.RESUME)) {
            List<Instance> rows = connections.stream().flatMap(c -> console.rows(c).stream()).toList();
            long start = System.nanoTime();
            Bulk bulk = console.bulk(action, rows);
            bulks.add(bulk);
            long planned = bulk.plan().willRun().stream().filter(i -> i.connectionId().equals(timed)).count();
            assertThat(planned).as(action + " on the timed host").isEqualTo(20);
            total += bulk.awaitHost(timed, BULK_DONE) - start;
        }
        return TimeUnit.NANOSECONDS.toMillis(total);
    }

    // ------------------------------------------------------------------------------------------------ the console

    /** The real console (AppContext) with the lab's hosts as its only connections, added as a user adds them. */
    private static final class Console implements AutoCloseable {
        private final AppContext context;
        private final Path dataDir;
        private final Map<Integer, String> ids = new TreeMap<>();
        private final Map<String, List<Timed<ConnectionHealth>>> healthSeen = new ConcurrentHashMap<>();
        private boolean closed;

        private record Timed<T>(Instant at, T value) {
        }

        private Console(AppContext context, Path dataDir) {
            this.context = context;
            this.dataDir = dataDir;
        }

        static Console open(Path tmp, Map<Integer, String> hosts) throws IOException {
            // host keys pre-trusted: the lab's known_hosts holds every host as [127.0.1.i]:2222 and as 127.0.1.i (port 22)
            Path sshConfig = tmp.resolve("ssh_config");
            Files.writeString(sshConfig, "Host *\n    UserKnownHostsFile " + LAB.knownHosts() + "\n");
            Path dataDir = tmp.resolve("data");
            Map<String, String> env = Map.of("SSH_AUTH_SOCK", LAB.agentSocket().toString(),
                    "INSTANCE_CONSOLE_SSH_CONFIG", sshConfig.toString());
            AppContext context = AppContext.open(new DataDirectory(dataDir), Clock.systemUTC(), env);
            Console console = new Console(context, dataDir);
            try {
                context.registry().addListener(new ServiceListener() {
                    @Override
                    public void healthChanged(String connectionId, ConnectionHealth health) {
                        console.healthSeen.computeIfAbsent(connectionId, id -> new CopyOnWriteArrayList<>())
                                .add(new Timed<>(Instant.now(), health));
                    }
                });
                // only the lab's hosts: whatever a first start detected here is removed before anything is opened
                context.connectionManager().all().forEach(c -> context.connectionManager().remove(c.id()));
                hosts.forEach((i, uri) -> console.ids.put(i, context.connectionManager()
                        .add(HostLab.alias(i), BackendKind.DOCKER, uri, "", false, ConnectionPolicy.defaults()).id()));
                context.connectAll().get(60, TimeUnit.SECONDS);
                for (Map.Entry<Integer, String> host : console.ids.entrySet()) {
                    assertThat(context.openError(host.getValue())).as("connection to host " + host.getKey()).isEmpty();
                }
                return console;
            } catch (Exception | AssertionError e) {
                context.close();
                throw new IllegalStateException("the console did not open its lab hosts: " + e.getMessage(), e);
            }
        }

        String connectionId(int host) {
            return ids.get(host);
        }

        List<Instance> rows(String connectionId) {
            return context.known().ofConnection(connectionId);
        }

        Optional<ConnectionHealth> health(String connectionId) {
            return context.registry().find(connectionId).map(ManagedConnection::health);
        }

        /** Every health this connection reported since {@code from}. */
        List<ConnectionHealth> healthSeen(String connectionId, Instant from) {
            return healthSeen.getOrDefault(connectionId, List.of()).stream().filter(t -> !t.at().isBefore(from))
                    .map(Timed::value).toList();
        }

        void awaitRows(int host, int count, Duration limit) {
            String id = connectionId(host);
            await(limit, () -> "host " + host + "'s " + count + " containers listed running: " + rows(id).size()
                            + " rows, health " + health(id).map(h -> h.state() + " " + h.detail()).orElse("(not open)")
                            + context.openError(id).map(e -> ", " + e).orElse(""),
                    () -> rows(id).size() == count && rows(id).stream().allMatch(i -> i.status() == InstanceStatus.RUNNING));
        }

        Bulk bulk(Action action, List<Instance> instances) {
            BulkPlan plan = BulkPlan.of(action, instances, context.lifecycle());
            Bulk bulk = new Bulk(plan);
            bulk.operation = BulkOperation.start(plan, context.lifecycle(), bulk::update);
            return bulk;
        }

        Duration awaitHealth(String connectionId, Duration limit, Predicate<ConnectionHealth> wanted) {
            return await(limit, () -> "health of " + connectionId + ": " + health(connectionId).orElse(null)
                    + context.openError(connectionId).map(e -> ", open error: " + e).orElse(""),
                    () -> health(connectionId).filter(wanted).isPresent());
        }

        /** Connected again, and a listing through the connection works. */
        Duration awaitConnected(String connectionId, Duration limit) {
            return awaitHealth(connectionId, limit, h -> h.state() == ConnectionHealth.State.CONNECTED);
        }

        /** No operation PENDING or UNKNOWN in the journal. */
        Duration awaitSettled(Duration limit) {
            return await(limit, () -> "every operation settled; unsettled: " + context.journal().findUnsettled().stream()
                            .map(o -> o.instanceName() + " " + o.action().key() + " " + o.state() + " (" + o.message() + ")")
                            .limit(10).toList() + " of " + context.journal().findUnsettled().size(),
                    () -> context.journal().findUnsettled().isEmpty());
        }

        /**
         * The invariants of a fault test, for host {@code host}: see the class comment. {@code reported} are the results
         * the bulk actions reported for that host's items.
         */
        void assertConsistent(HostEventLog log, List<ActionResult> reported) {
            int host = log.host;
            String id = connectionId(host);
            awaitSettled(SETTLE);
            Map<String, List<String>> changes = log.changes();
            // the rows the console shows have the host's state (events and resyncs may still be arriving: bounded)
            await(Duration.ofSeconds(15), () -> "rows of host " + host + " equal the host: " + differences(hostStates(host), rows(id)),
                    () -> differences(hostStates(host), rows(id)).isEmpty());

            List<AuditEvent> trail = context.journal().auditSince(Instant.EPOCH, 1_000_000).stream()
                    .filter(e -> e.connectionId().equals(id)).toList();
            // what the console saw without doing it: here only the host's outages and recoveries, never one of its
            // own actions recorded a second time as a change seen on the host
            assertThat(trail).filteredOn(e -> e.outcome() == OperationState.OBSERVED)
                    .as("host %d: changes seen on the host are outages and recoveries only", host)
                    .allSatisfy(e -> assertThat(e.action()).isIn("outage", "recovery"));
            List<AuditEvent> audit = trail.stream().filter(e -> e.outcome().settlesAnOperation()).toList();
            Map<String, List<String>> succeeded = new TreeMap<>();
            audit.stream().filter(e -> e.outcome() == OperationState.SUCCEEDED).sorted(Comparator.comparingLong(AuditEvent::seq))
                    .forEach(e -> succeeded.computeIfAbsent(e.instanceId(), k -> new ArrayList<>()).add(e.action()));
            assertThat(succeeded).as("host %d: every change on the host (its own event log, in order) has exactly one"
                    + " SUCCEEDED audit event, and no SUCCEEDED audit event is for a change that did not happen", host)
                    .isEqualTo(changes);
            assertThat(audit).as("host %d: every audit event settles one operation", host)
                    .allSatisfy(e -> assertThat(e.operationId()).isNotEmpty());
            Map<String, Long> perOperation = audit.stream().collect(Collectors.groupingBy(AuditEvent::operationId, Collectors.counting()));
            assertThat(perOperation.values()).as("host %d: audit events per operation", host).allMatch(n -> n == 1);

            // no action reported SUCCEEDED that did not happen
            Map<String, Map<String, Long>> reportedDone = reported.stream().filter(r -> r.outcome() == OperationState.SUCCEEDED)
                    .collect(Collectors.groupingBy(r -> r.key().instanceId(), Collectors.groupingBy(r -> r.action().key(), Collectors.counting())));
            reportedDone.forEach((container, actions) -> actions.forEach((action, n) -> assertThat(
                    changes.getOrDefault(container, List.of()).stream().filter(action::equals).count())
                    .as("host %d: %s reported SUCCEEDED %d times for %s; the host did it", host, action, n, container)
                    .isGreaterThanOrEqualTo(n)));
            System.out.printf(Locale.ROOT, "LINKFAULTS host %d: %d changes on the host, %d audit events (%s), rows equal the host%n",
                    host, changes.values().stream().mapToInt(List::size).sum(), audit.size(),
                    audit.stream().collect(Collectors.groupingBy(e -> e.action() + " " + e.outcome(), TreeMap::new, Collectors.counting())));
        }

        /** Closes the console, then reads its store: rows equal each host, every operation settled with one audit event. */
        void closeAndAssertStore(int... hosts) {
            close();
            try (Database database = Database.open(new DataDirectory(dataDir).prepare())) {
                InstanceRepository instances = new InstanceRepository(database);
                for (int host : hosts) {
                    assertThat(differences(hostStates(host), instances.findByConnection(connectionId(host))))
                            .as("host %d: the store after closing equals the host", host).isEmpty();
                }
                Map<String, String> operations = database.inTransaction(c -> {
                    Map<String, String> states = new HashMap<>();
                    try (PreparedStatement s = c.prepareStatement("SELECT id, state FROM operation");
                         ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            states.put(rs.getString(1), rs.getString(2));
                        }
                    }
                    return states;
                });
                Map<String, Long> audited = database.inTransaction(c -> {
                    Map<String, Long> counts = new HashMap<>();
                    try (PreparedStatement s = c.prepareStatement("SELECT operation_id, COUNT(*) FROM audit_event"
                            + " WHERE outcome NOT IN ('OBSERVED', 'CONFIGURED') GROUP BY operation_id");
                         ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            counts.put(rs.getString(1), rs.getLong(2));
                        }
                    }
                    return counts;
                });
                assertThat(operations.values()).as("no operation PENDING or UNKNOWN in the store")
                        .noneMatch(s -> s.equals("PENDING") || s.equals("UNKNOWN"));
                Map<String, Long> expected = operations.keySet().stream().collect(Collectors.toMap(k -> k, k -> 1L));
                assertThat(audited).as("each operation in the store has exactly one audit event, and every audit event"
                        + " but those of changes seen on the hosts one operation")
                        .isEqualTo(expected);
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                context.close();
            }
        }
    }

    /** A bulk action as the GUI starts it, with each item's reported progress. */
    private static final class Bulk {
        private final BulkPlan plan;
        private final Map<InstanceKey, BulkOperation.ItemState> states = new ConcurrentHashMap<>();
        private final Map<InstanceKey, Long> finishedAt = new ConcurrentHashMap<>();
        private volatile BulkOperation operation;

        Bulk(BulkPlan plan) {
            this.plan = plan;
        }

        void update(BulkOperation.ItemUpdate update) {
            states.put(update.key(), update.state());
            if (update.state() != BulkOperation.ItemState.QUEUED && update.state() != BulkOperation.ItemState.RUNNING) {
                finishedAt.put(update.key(), System.nanoTime());
            }
        }

        BulkPlan plan() {
            return plan;
        }

        long count(BulkOperation.ItemState state) {
            return states.values().stream().filter(s -> s == state).count();
        }

        Map<BulkOperation.ItemState, Long> counts() {
            return new TreeMap<>(states.values().stream().collect(Collectors.groupingBy(s -> s, Collectors.counting())));
        }

        CompletableFuture<List<ActionResult>> completion() {
            return operation.completion();
        }

        List<ActionResult> await(Duration limit) throws Exception {
            try {
                return operation.completion().get(limit.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("bulk " + plan.action() + " did not report every item within " + limit + ": " + counts(), e);
            }
        }

        List<ActionResult> results() {
            return operation.completion().getNow(List.of());
        }

        /** Waits until every planned item of the host was reported; returns System.nanoTime() of the last one. */
        long awaitHost(String connectionId, Duration limit) {
            List<InstanceKey> keys = plan.willRun().stream().filter(i -> i.connectionId().equals(connectionId))
                    .map(Instance::key).toList();
            LinkFaultsLabIT.await(limit, () -> "every " + plan.action() + " on " + connectionId + " reported: " + counts(),
                    () -> keys.stream().allMatch(finishedAt::containsKey));
            return keys.stream().mapToLong(finishedAt::get).max().orElseThrow();
        }
    }

    // ------------------------------------------------------------------------------------------------ the host's truth

    /** Removes every container of host {@code host}, then runs {@code count} busybox containers; returns id → name. */
    private static Map<String, String> recreateContainers(int host, String prefix, int count) throws Exception {
        String all = LAB.docker(host, "ps", "-aq");
        if (!all.isBlank()) {
            List<String> rm = new ArrayList<>(List.of("rm", "-f"));
            rm.addAll(List.of(all.split("\\s+")));
            LAB.docker(host, rm.toArray(String[]::new));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> runs = IntStream.range(0, count).mapToObj(n -> String.format(Locale.ROOT, "%s%03d", prefix, n))
                    .map(name -> pool.submit(() -> LAB.docker(host, "run", "-d", "--network", "none", "--name", name, IMAGE)))
                    .toList();
            Map<String, String> ids = new LinkedHashMap<>();
            for (int n = 0; n < runs.size(); n++) {
                ids.put(runs.get(n).get(2, TimeUnit.MINUTES), String.format(Locale.ROOT, "%s%03d", prefix, n));
            }
            assertThat(hostStates(host).values()).hasSize(count).containsOnly("running");
            return ids;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Container id → state ({@code running}, {@code paused}, ...) as host {@code host}'s own engine says. */
    private static Map<String, String> hostStates(int host) {
        Map<String, String> states = new TreeMap<>();
        String out = LAB.docker(host, "ps", "-a", "--no-trunc", "--format", "{{.ID}} {{.State}}");
        for (String line : out.lines().filter(l -> !l.isBlank()).toList()) {
            String[] parts = line.trim().split(" ");
            states.put(parts[0], parts[1]);
        }
        return states;
    }

    /**
     * Host {@code host}'s own record of every pause and unpause, read from its engine's event stream (its own docker CLI
     * on its own socket) while a test runs: {@code docker events --since} alone would not do, as an engine keeps only
     * its last 256 events for it.
     */
    private static final class HostEventLog implements AutoCloseable {
        private static final String DOCKER = Files.isExecutable(Path.of("/usr/bin/docker")) ? "/usr/bin/docker" : "docker";
        private final int host;
        private final Process process;
        private final List<String[]> events = new CopyOnWriteArrayList<>();

        private HostEventLog(int host, Process process) {
            this.host = host;
            this.process = process;
            Thread.ofVirtual().start(() -> {
                try (BufferedReader lines = process.inputReader()) {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        if (!line.isBlank()) {
                            events.add(line.trim().split(" "));
                        }
                    }
                } catch (IOException ignored) {
                    // closed
                }
            });
        }

        /** Follows the host's events from {@code since} on (the engine replays the ones already made). */
        static HostEventLog follow(int host, Instant since) throws IOException {
            ProcessBuilder builder = new ProcessBuilder(DOCKER, "-H", "unix://" + LAB.dockerSocket(host), "events",
                    "--since", unix(since), "--filter", "type=container", "--filter", "event=pause",
                    "--filter", "event=unpause", "--filter", "event=create",
                    "--format", "{{.TimeNano}} {{.Actor.ID}} {{.Action}}")
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("DOCKER_API_VERSION", "1.41");
            builder.environment().put("DOCKER_CONFIG", LAB.dir().resolve("docker-cli").toString());
            return new HostEventLog(host, builder.start());
        }

        /**
         * Every pause and unpause so far, per container in order, as the console's action keys ({@code pause},
         * {@code resume}). Exact: a marker container is created and removed, and its creation must have come through.
         */
        Map<String, List<String>> changes() {
            String marker = LAB.docker(host, "create", "--network", "none", "--name",
                    "marker-" + UUID.randomUUID().toString().substring(0, 8), IMAGE);
            try {
                await(Duration.ofSeconds(10), () -> "host " + host + "'s event stream shows the marker " + marker,
                        () -> events.stream().anyMatch(e -> e[1].equals(marker) && e[2].equals("create")));
            } finally {
                LAB.docker(host, "rm", marker);
            }
            Map<String, List<String>> changes = new TreeMap<>();
            events.stream().filter(e -> !e[2].equals("create"))
                    .sorted(Comparator.comparingLong(e -> Long.parseLong(e[0])))
                    .forEach(e -> changes.computeIfAbsent(e[1], k -> new ArrayList<>()).add(e[2].equals("unpause") ? "resume" : e[2]));
            return changes;
        }

        @Override
        public void close() {
            process.destroy();
        }
    }

    private static String unix(Instant instant) {
        return String.format(Locale.ROOT, "%d.%09d", instant.getEpochSecond(), instant.getNano());
    }

    /** What differs between the host's containers and the rows: missing, extra, or another status. Empty if equal. */
    private static List<String> differences(Map<String, String> host, List<Instance> rows) {
        List<String> differences = new ArrayList<>();
        Map<String, Instance> byId = rows.stream().collect(Collectors.toMap(Instance::id, i -> i, (a, b) -> a));
        host.forEach((id, state) -> {
            Instance row = byId.remove(id);
            InstanceStatus expected = switch (state) {
                case "running" -> InstanceStatus.RUNNING;
                case "paused" -> InstanceStatus.PAUSED;
                default -> throw new AssertionError("container " + id + " is " + state + " on the host; these tests only pause and resume");
            };
            if (row == null) {
                differences.add(id.substring(0, 12) + " missing (host: " + state + ")");
            } else if (row.status() != expected) {
                differences.add(row.name() + " " + row.status() + " (host: " + state + ")");
            }
        });
        byId.values().forEach(i -> differences.add(i.name() + " not on the host"));
        Collections.sort(differences);
        return differences;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static String outcomes(List<ActionResult> results) {
        return new TreeMap<>(results.stream().collect(Collectors.groupingBy(r -> r.action().key() + " " + r.outcome(),
                Collectors.counting()))).toString();
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** {@link ServiceFixture#await}, the one wait of the tests, saying {@code what} as it is at the deadline. */
    private static Duration await(Duration limit, Supplier<String> what, BooleanSupplier condition) {
        return ServiceFixture.await(limit, what, condition);
    }
}
