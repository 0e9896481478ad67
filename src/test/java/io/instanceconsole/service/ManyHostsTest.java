package io.instanceconsole.service;

import io.instanceconsole.domain.ResilienceSettings;
import io.instanceconsole.backend.simulator.SimulatorBackend;
import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Twenty simulated hosts of 500 instances in one table; one of them hangs. */
class ManyHostsTest {
    private static final int HOSTS = 20;
    private static final int PER_HOST = 500;

    @TempDir
    Path dataDir;

    @AutoClose
    private ServiceFixture fixture;

    /**
     * 2 s call timeout, breaker open after 3 failures for 10 s: long enough to still be open when the healthy hosts
     * are done on a busy machine (with 2 s it was sometimes half-open again by then), short enough to recover in time.
     */
    private ResilienceSettings settings() {
        return new ResilienceSettings(Duration.ofSeconds(2), 3, Duration.ofSeconds(10), 8, Duration.ofMinutes(5));
    }

    private long bulkPauseOfHealthyHostsMillis(List<SimulatorBackend> hosts, String sickId) {
        BulkPlan plan = BulkPlan.of(Action.PAUSE, fixture.known.all(), fixture.lifecycle);
        long healthy = plan.willRun().stream().filter(i -> !i.connectionId().equals(sickId)).count();
        Map<String, Integer> done = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        BulkOperation operation = BulkOperation.start(plan, fixture.lifecycle, u -> {
            if (u.state() == BulkOperation.ItemState.SUCCEEDED && !u.key().connectionId().equals(sickId)) {
                done.merge("n", 1, Integer::sum);
            }
        });
        ServiceFixture.await(Duration.ofSeconds(120), "the healthy hosts' items", () -> done.getOrDefault("n", 0) >= healthy);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(done.getOrDefault("n", 0)).isEqualTo((int) healthy);
        operation.completion().orTimeout(120, TimeUnit.SECONDS).join();
        return millis;
    }

    @Test
    void oneHungHostDoesNotSlowTheOthersItsBreakerOpensAndItRecoversByItself() throws Exception {
        fixture = new ServiceFixture(dataDir);
        List<SimulatorBackend> hosts = new ArrayList<>();
        List<ManagedConnection> connections = new ArrayList<>();
        for (int i = 0; i < HOSTS; i++) {
            SimulatorBackend host = ServiceFixture.simulator("host" + i, PER_HOST);
            connections.add(fixture.connect("host" + i, host, settings(), false));
            hosts.add(host);
        }
        assertThat(fixture.known.all()).hasSize(HOSTS * PER_HOST);
        Map<String, ConnectionHealth> badges = new ConcurrentHashMap<>();
        fixture.registry.addListener(new ServiceListener() {
            @Override
            public void healthChanged(String connectionId, ConnectionHealth health) {
                badges.put(connectionId, health);
            }
        });

        long withoutSick = bulkPauseOfHealthyHostsMillis(hosts, "none");
        // Resume everything for a second run with the same amount of work.
        BulkOperation.start(BulkPlan.of(Action.RESUME, fixture.known.all(), fixture.lifecycle), fixture.lifecycle, u -> { })
                .completion().orTimeout(120, TimeUnit.SECONDS).join();

        SimulatorBackend sick = hosts.get(7);
        ManagedConnection sickConnection = connections.get(7);
        sick.faults().hang();
        long withSick = bulkPauseOfHealthyHostsMillis(hosts, sickConnection.id());

        assertThat(withSick).as("healthy hosts with a hung neighbour (%d ms) vs without (%d ms)", withSick, withoutSick)
                .isLessThan(Math.max(3 * withoutSick, withoutSick + 5_000));
        assertThat(sickConnection.isBreakerOpen()).isTrue();
        assertThat(badges.get(sickConnection.id()).state()).isEqualTo(ConnectionHealth.State.CIRCUIT_OPEN);
        assertThat(badges.get(sickConnection.id()).badge(Instant.now())).startsWith("circuit open, retry in");
        Instance sickRow = fixture.known.ofConnection(sickConnection.id()).stream()
                .filter(i -> i.status() == InstanceStatus.RUNNING).findFirst().orElseThrow();
        assertThat(fixture.lifecycle.whyNot(Action.PAUSE, sickRow)).get().asString().contains("circuit open");

        // Nobody touches the console from here on: its own slow resync (1 s here, 30 s in the app) finds the host back.
        fixture.reconciler.startPeriodicResync(Duration.ofSeconds(1));
        sick.faults().release();
        ServiceFixture.await(Duration.ofSeconds(30), "the released host is connected again",
                () -> sickConnection.health().state() == ConnectionHealth.State.CONNECTED);
        assertThat(fixture.lifecycle.whyNot(Action.PAUSE, fixture.known.find(sickRow.key()).orElseThrow())).isEmpty();
    }
}
