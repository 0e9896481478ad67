package io.instanceconsole.service;

import io.instanceconsole.backend.ComputeBackend;
import io.instanceconsole.backend.simulator.SimulatorBackend;
import io.instanceconsole.backend.simulator.SimulatorSettings;
import io.instanceconsole.domain.AuditEvent;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.ConnectionPolicy;
import io.instanceconsole.domain.NotFoundException;
import io.instanceconsole.domain.OperationState;
import io.instanceconsole.domain.ResilienceSettings;
import io.instanceconsole.domain.UnavailableException;
import io.instanceconsole.domain.UntrustedHostKeyException;
import io.instanceconsole.testing.DelegatingBackend;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The catalogue of connections with its opener, over the real store and a scripted host: what each open attempt of a
 * simulated host does (fail, wait, answer) is up to the test.
 */
class ConnectionManagerTest {
    @TempDir
    Path dir;

    /** What the host does when the console opens it the n-th time (1-based), per connection name. */
    private final Map<String, BiFunction<Connection, Integer, ComputeBackend>> hosts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> opens = new ConcurrentHashMap<>();
    private final Queue<String> closed = new ConcurrentLinkedQueue<>();
    private final CountDownLatch firstAttemptHeld = new CountDownLatch(1);
    private final CountDownLatch firstAttemptReleased = new CountDownLatch(1);
    @AutoClose
    private ServiceFixture fixture;
    private ConnectionManager manager;
    private ServiceFixture.Published published;

    private void start() {
        fixture = ServiceFixture.withOptions(dir, graph -> graph.withBackends(factory -> factory.with(
                BackendKind.SIMULATOR, connection -> hosts.getOrDefault(connection.name(), (c, n) -> host(c))
                        .apply(connection, opens.computeIfAbsent(connection.name(), k -> new AtomicInteger())
                                .incrementAndGet()))));
        manager = fixture.connectionManager();
        published = fixture.record();
    }

    /** A simulated host of three instances that notes when the console closes it. */
    private ComputeBackend host(Connection connection) {
        return new DelegatingBackend(new SimulatorBackend(connection.id(), connection.name(),
                SimulatorSettings.inMemory(3, Duration.ZERO), Clock.systemUTC())) {
            @Override
            public void close() {
                closed.add(connection.name());
                super.close();
            }
        };
    }

    /** The same host, telling which engine it is. */
    private ComputeBackend hostOfEngine(Connection connection, String engine) {
        return new DelegatingBackend(new SimulatorBackend(connection.id(), connection.name(),
                SimulatorSettings.inMemory(3, Duration.ZERO), Clock.systemUTC())) {
            @Override
            public Optional<String> engineIdentity() {
                return Optional.of(engine);
            }
        };
    }

    private Connection add(String name) {
        return manager.add(name, BackendKind.SIMULATOR, "sim://" + name, "", false, ConnectionPolicy.defaults());
    }

    private ConnectionHealth.State state(String connectionId) {
        return fixture.registry.find(connectionId).map(c -> c.health().state()).orElse(null);
    }

    private static UntrustedHostKeyException untrusted() {
        return new UntrustedHostKeyException("[127.0.1.1]:2222", "ED25519", "SHA256:abc", null, null);
    }

    /** A host that refuses the first {@code refusals} attempts to open it, then opens. */
    private void refusing(String name, int refusals) {
        hosts.put(name, (c, n) -> {
            if (n <= refusals) {
                throw new UnavailableException("connection '" + name + "': connection refused");
            }
            return host(c);
        });
    }

    /**
     * Starts with one connection, "edge", whose first open attempt waits at the host until
     * {@link #firstAttemptReleased}, then opens, or fails with an untrusted key when {@code thenFails}; the later
     * attempts open at once.
     */
    private Connection startWithAnEdgeWhoseFirstAttemptIsHeld(boolean thenFails) {
        hosts.put("edge", (c, n) -> {
            if (n == 1) {
                firstAttemptHeld.countDown();
                await(firstAttemptReleased);
                if (thenFails) {
                    throw untrusted();
                }
            }
            return host(c);
        });
        start();
        return add("edge");
    }

    /** Opens {@code edge}, and once its first attempt is held at the host, reopens it; returns the first attempt. */
    private CompletableFuture<Void> openThenReopenWhileTheFirstAttemptIsHeld(Connection edge) throws Exception {
        CompletableFuture<Void> first = manager.open(edge);
        await(firstAttemptHeld); // the first attempt is the one held: the reopen's must not overtake it on the pool
        manager.reopen(edge.id()).get(10, TimeUnit.SECONDS);
        return first;
    }

    @Test
    void anOlderAttemptThatFailsLateDoesNotOverwriteTheConnectionANewerAttemptOpened() throws Exception {
        Connection edge = startWithAnEdgeWhoseFirstAttemptIsHeld(true);

        CompletableFuture<Void> first = openThenReopenWhileTheFirstAttemptIsHeld(edge);
        assertThat(state(edge.id())).isEqualTo(ConnectionHealth.State.CONNECTED);
        firstAttemptReleased.countDown();
        first.get(10, TimeUnit.SECONDS);

        assertThat(state(edge.id())).isEqualTo(ConnectionHealth.State.CONNECTED);
        assertThat(published.health.get(published.health.size() - 1).state()).isEqualTo(ConnectionHealth.State.CONNECTED);
        assertThat(manager.openError(edge.id())).isEmpty();
        assertThat(manager.untrustedKey(edge.id())).isEmpty();
        assertThat(fixture.known.ofConnection(edge.id())).hasSize(3);
    }

    @Test
    void anOlderAttemptThatOpensLateIsClosedAndTheNewerSessionStays() throws Exception {
        Connection edge = startWithAnEdgeWhoseFirstAttemptIsHeld(false);

        CompletableFuture<Void> first = openThenReopenWhileTheFirstAttemptIsHeld(edge);
        ComputeBackend newer = fixture.registry.require(edge.id()).backend();
        firstAttemptReleased.countDown();
        first.get(10, TimeUnit.SECONDS);

        assertThat(fixture.registry.require(edge.id()).backend()).isSameAs(newer);
        assertThat(closed).containsExactly("edge");
        assertThat(state(edge.id())).isEqualTo(ConnectionHealth.State.CONNECTED);
    }

    @Test
    void aHostWhoseKeyIsNotTrustedIsReportedWithTheKeyAndOpensOnceReopened() throws Exception {
        hosts.put("edge", (c, n) -> {
            if (n == 1) {
                throw untrusted();
            }
            return host(c);
        });
        start();
        Connection edge = add("edge");

        manager.open(edge).get(10, TimeUnit.SECONDS);

        assertThat(fixture.registry.find(edge.id())).isEmpty();
        assertThat(manager.untrustedKey(edge.id())).map(UntrustedHostKeyException::host).contains("[127.0.1.1]:2222");
        assertThat(manager.openError(edge.id())).hasValueSatisfying(m -> assertThat(m).contains("SHA256:abc"));
        ConnectionHealth reported = published.health.get(published.health.size() - 1);
        assertThat(reported.state()).isEqualTo(ConnectionHealth.State.UNREACHABLE);
        assertThat(reported.badge(reported.since())).isEqualTo("host key not trusted");

        manager.reopen(edge.id()).get(10, TimeUnit.SECONDS);

        assertThat(state(edge.id())).isEqualTo(ConnectionHealth.State.CONNECTED);
        assertThat(manager.openError(edge.id())).isEmpty();
        assertThat(manager.untrustedKey(edge.id())).isEmpty();
    }

    @Test
    void aFailureOtherThanTheHostKeyIsAnOpenErrorWithoutAKey() throws Exception {
        refusing("down", Integer.MAX_VALUE);
        start();
        Connection down = add("down");

        manager.open(down).get(10, TimeUnit.SECONDS);

        assertThat(manager.openError(down.id())).contains("connection 'down': connection refused");
        assertThat(manager.untrustedKey(down.id())).isEmpty();
        assertThat(opens.get("down")).hasValue(1);
    }

    @Test
    void theGuiKeepsTryingAHostThatIsDownUntilItAnswers() {
        refusing("flaky", 2);
        start();
        Connection flaky = add("flaky");

        manager.connectAll();

        ServiceFixture.await(Duration.ofSeconds(15), () -> "listed after retries; opened " + opens.get("flaky")
                + " times, state " + state(flaky.id()), () -> fixture.known.ofConnection(flaky.id()).size() == 3);
        assertThat(state(flaky.id())).isEqualTo(ConnectionHealth.State.CONNECTED);
        assertThat(opens.get("flaky")).hasValue(3);
        assertThat(manager.openError(flaky.id())).isEmpty();
    }

    @Test
    void theCliDoesNotRetryAHostThatIsDown() throws Exception {
        refusing("down", Integer.MAX_VALUE);
        start();
        add("down");

        manager.connect(Connection::enabled).get(10, TimeUnit.SECONDS);

        // a retry is scheduled before the failed open completes, so none is on the timer now means none will come
        assertThat(((ScheduledThreadPoolExecutor) fixture.timer).getQueue()).isEmpty();
        assertThat(opens.get("down")).hasValue(1);
    }

    @Test
    void connectOpensOnlyTheChosenConnections() throws Exception {
        start();
        Connection a = add("a");
        Connection b = add("b");
        manager.setEnabled(b.id(), false).get(10, TimeUnit.SECONDS);

        manager.connect(Connection::enabled).get(10, TimeUnit.SECONDS);

        assertThat(state(a.id())).isEqualTo(ConnectionHealth.State.CONNECTED);
        assertThat(fixture.registry.find(b.id())).isEmpty();
        assertThat(opens).containsOnlyKeys("a");
    }

    @Test
    void aDisabledConnectionIsClosedAndReportedDisabledAndItsRowsStay() throws Exception {
        start();
        Connection a = add("a");
        manager.open(a).get(10, TimeUnit.SECONDS);

        manager.setEnabled(a.id(), false).get(10, TimeUnit.SECONDS);

        assertThat(fixture.registry.find(a.id())).isEmpty();
        assertThat(closed).containsExactly("a");
        assertThat(published.health.get(published.health.size() - 1).state()).isEqualTo(ConnectionHealth.State.DISABLED);
        assertThat(fixture.known.ofConnection(a.id())).hasSize(3);
        assertThat(manager.all()).singleElement().satisfies(c -> assertThat(c.enabled()).isFalse());

        manager.setEnabled(a.id(), true).get(10, TimeUnit.SECONDS);

        assertThat(state(a.id())).isEqualTo(ConnectionHealth.State.CONNECTED);
    }

    @Test
    void aRemovedConnectionIsClosedAndItsRowsGo() throws Exception {
        start();
        Connection a = add("a");
        manager.open(a).get(10, TimeUnit.SECONDS);
        assertThat(fixture.known.ofConnection(a.id())).hasSize(3);

        manager.remove(a.id());

        assertThat(manager.all()).isEmpty();
        assertThat(fixture.registry.find(a.id())).isEmpty();
        assertThat(fixture.known.ofConnection(a.id())).isEmpty();
        assertThat(closed).containsExactly("a");
        assertThat(published.changes.get(published.changes.size() - 1).removed()).hasSize(3);
        assertThatThrownBy(() -> manager.reopen(a.id())).isInstanceOf(NotFoundException.class)
                .hasMessageContaining(a.id());
    }

    @Test
    void anEditReopensWithTheNewSettingsAndKeepsTheNameAndColour() throws Exception {
        start();
        Connection a = add("a");
        manager.open(a).get(10, TimeUnit.SECONDS);
        Connection edited = new Connection(a.id(), "a", a.kind(), "sim://a?count=5", "", true, true);

        manager.update(edited, new ConnectionPolicy("#112233", ResilienceSettings.defaults())).get(10, TimeUnit.SECONDS);

        assertThat(manager.all()).containsExactly(edited);
        assertThat(manager.colour(a.id())).isEqualTo("#112233");
        assertThat(manager.policy(a).colour()).isEqualTo("#112233");
        assertThat(fixture.registry.require(a.id()).connection()).isEqualTo(edited);
        assertThat(opens.get("a")).hasValue(2);
    }

    @Test
    void refusedSettingsSaveNothing() {
        start();
        ResilienceSettings noTimeout = new ResilienceSettings(Duration.ZERO, 3, Duration.ofSeconds(30), 4,
                Duration.ofSeconds(30));
        ResilienceSettings noThreshold = new ResilienceSettings(Duration.ofSeconds(5), 0, Duration.ofSeconds(30), 4,
                Duration.ofSeconds(30));
        ResilienceSettings tooManyCalls = new ResilienceSettings(Duration.ofSeconds(5), 3, Duration.ofSeconds(30), 257,
                Duration.ofSeconds(30));

        for (ResilienceSettings refused : List.of(noTimeout, noThreshold, tooManyCalls)) {
            assertThatThrownBy(() -> manager.add("a", BackendKind.SIMULATOR, "sim://a", "", false,
                    new ConnectionPolicy("", refused))).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(manager.all()).isEmpty();

        ResilienceSettings edges = new ResilienceSettings(Duration.ofMillis(1), 1, Duration.ofSeconds(30), 256,
                Duration.ofSeconds(30));
        assertThat(manager.add("a", BackendKind.SIMULATOR, "sim://a", "", false, new ConnectionPolicy("", edges)))
                .isNotNull();
        assertThatThrownBy(() -> add("a")).hasMessageContaining("a");
        assertThat(manager.all()).hasSize(1);
    }

    @Test
    void twoConnectionsToOneEngineAreEachWarnedAboutNamingTheOther() throws Exception {
        hosts.put("first", (c, n) -> hostOfEngine(c, "engine-1"));
        hosts.put("second", (c, n) -> hostOfEngine(c, "engine-1"));
        hosts.put("other", (c, n) -> hostOfEngine(c, "engine-2"));
        start();
        Connection first = add("first");
        Connection second = add("second");
        Connection other = add("other");

        manager.connect(Connection::enabled).get(10, TimeUnit.SECONDS);

        assertThat(manager.duplicateWarning(first.id())).hasValueSatisfying(w -> assertThat(w)
                .startsWith("connection 'first' reaches the same engine as connection 'second' (engine-1)"));
        assertThat(manager.duplicateWarning(second.id())).hasValueSatisfying(w -> assertThat(w)
                .startsWith("connection 'second' reaches the same engine as connection 'first' (engine-1)"));
        assertThat(manager.duplicateWarning(other.id())).isEmpty();
        assertThat(manager.test("third", BackendKind.SIMULATOR, "sim://first", "").get(10, TimeUnit.SECONDS))
                .isEqualTo("reachable: 3 instances on sim://first");

        manager.remove(second.id());

        assertThat(manager.duplicateWarning(first.id())).isEmpty();
    }

    @Test
    void aTestOpensNothingForGoodAndWarnsWhenTheEngineIsAlreadyConnected() throws Exception {
        hosts.put("first", (c, n) -> hostOfEngine(c, "engine-1"));
        hosts.put("candidate", (c, n) -> hostOfEngine(c, "engine-1"));
        start();
        manager.open(add("first")).get(10, TimeUnit.SECONDS);

        String line = manager.test("candidate", BackendKind.SIMULATOR, "sim://candidate", "").get(10, TimeUnit.SECONDS);

        assertThat(line).startsWith("reachable: 3 instances on sim://candidate; warning: connection 'candidate'"
                + " reaches the same engine as connection 'first' (engine-1)");
        assertThat(manager.all()).extracting(Connection::name).containsExactly("first");
        assertThat(fixture.registry.all()).hasSize(1);
    }

    @Test
    void everyChangeAPersonMakesToTheConnectionsIsInTheTrailOnceWithWhoAndWhat() throws Exception {
        start();
        Connection lab = manager.add("lab", BackendKind.SIMULATOR, "sim://lab", "", false, ConnectionPolicy.defaults());
        manager.update(new Connection(lab.id(), "lab-2", lab.kind(), "sim://lab?count=2", "", true, true),
                new ConnectionPolicy("#ff0000", ResilienceSettings.defaults())).get(10, TimeUnit.SECONDS);
        manager.setEnabled(lab.id(), false).get(10, TimeUnit.SECONDS);
        manager.setEnabled(lab.id(), false).get(10, TimeUnit.SECONDS); // no change: nothing to record
        manager.setEnabled(lab.id(), true).get(10, TimeUnit.SECONDS);
        manager.remove(lab.id());
        manager.remove(lab.id()); // gone already: nothing to record

        List<AuditEvent> trail = fixture.storeJournal.recentAudit(100).reversed();
        assertThat(trail).extracting(AuditEvent::action).containsExactly(ConnectionChanges.ADDED,
                ConnectionChanges.EDITED, ConnectionChanges.DISABLED, ConnectionChanges.ENABLED, ConnectionChanges.REMOVED);
        assertThat(trail).allSatisfy(e -> {
            assertThat(e.outcome()).isEqualTo(OperationState.CONFIGURED);
            assertThat(e.connectionId()).isEqualTo(lab.id());
            assertThat(e.user()).isEqualTo("tester");
            assertThat(e.instanceId()).isEmpty();
            assertThat(e.operationId()).isEmpty();
        });
        assertThat(trail.get(0).connectionName()).isEqualTo("lab");
        assertThat(trail.get(0).message()).isEqualTo("simulator sim://lab");
        assertThat(trail.get(1).connectionName()).isEqualTo("lab-2");
        assertThat(trail.get(1).message()).isEqualTo("name: lab → lab-2; URI: sim://lab → sim://lab?count=2;"
                + " read-only: no → yes; colour: (none) → #ff0000");
    }

    @Test
    void aRefusedChangeLeavesNothingInTheTrail() {
        start();
        add("lab");
        int before = fixture.storeJournal.recentAudit(100).size();

        assertThatThrownBy(() -> add("lab")).hasMessageContaining("'lab' already exists");
        assertThatThrownBy(() -> manager.add("bad", BackendKind.SIMULATOR, "", "", false, ConnectionPolicy.defaults()))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(fixture.storeJournal.recentAudit(100)).hasSize(before);
    }

    @Test
    void connectionsAnotherProcessAddedChangedOrRemovedAreFollowed() throws Exception {
        start();
        Connection kept = add("kept");
        Connection gone = add("gone");
        manager.connect(Connection::enabled).get(10, TimeUnit.SECONDS);
        Connection added = new Connection("conn-added", "added", BackendKind.SIMULATOR, "sim://added", "", false, true);
        Connection keptChanged = new Connection(kept.id(), "kept", kept.kind(), "sim://kept?count=2", "", false, true);

        fixture.connections.add(added);
        fixture.connections.update(keptChanged);
        fixture.connections.remove(gone.id());
        manager.applyStoreChanges();

        ServiceFixture.await(Duration.ofSeconds(10), "the added connection is open",
                () -> state(added.id()) == ConnectionHealth.State.CONNECTED);
        ServiceFixture.await(Duration.ofSeconds(10), "the changed connection is open again",
                () -> fixture.registry.find(kept.id()).map(c -> c.connection().equals(keptChanged)).orElse(false));
        assertThat(fixture.registry.find(gone.id())).isEmpty();
        assertThat(fixture.known.ofConnection(gone.id())).isEmpty();
        assertThat(manager.name(added.id())).isEqualTo("added");
        assertThat(opens.get("kept")).hasValue(2);

        manager.applyStoreChanges();

        assertThat(opens.get("kept")).hasValue(2);
        assertThat(opens.get("added")).hasValue(1);
    }

    @Test
    void aRemovedConnectionKeepsItsNameForTheTrailAndAnUnknownIdIsItsOwnName() throws Exception {
        start();
        Connection a = add("a");
        manager.remove(a.id());

        assertThat(manager.name(a.id())).isEqualTo("a");
        assertThat(manager.name("conn-never")).isEqualTo("conn-never");
        assertThat(manager.colour("conn-never")).isEmpty();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the host");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
