package io.instanceconsole.service;

import io.instanceconsole.backend.simulator.SimulatorBackend;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.ResilienceSettings;
import io.instanceconsole.domain.UnavailableException;
import io.instanceconsole.service.ConnectionHealth.State;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a failing host's badge comes back: a degraded host is connected again once its failures are out of the
 * breaker's window (not at the first success); an open circuit lets a trial call through after its delay, shown as
 * "trying again", and a trial that succeeds closes it.
 */
class ConnectionRecoveryTest {
    private final ConnectionRegistry registry = new ConnectionRegistry(Clock.systemUTC());
    private List<ConnectionHealth> badges;
    private SimulatorBackend host;
    private ManagedConnection lab;

    private void open(ResilienceSettings settings) {
        badges = ServiceFixture.record(registry).health;
        host = ServiceFixture.simulator("lab", 3);
        lab = registry.register(new Connection("conn-lab", "lab", host.kind(), "sim://lab", "", false, true), host, settings);
    }

    @AfterEach
    void close() {
        registry.close();
    }

    private Throwable ping() {
        return lab.call(() -> {
            lab.backend().ping();
            return null;
        }).handle((ok, error) -> error).orTimeout(10, TimeUnit.SECONDS).join();
    }

    @Test
    void aDegradedHostIsConnectedAgainOnceItsFailuresAreOutOfTheBreakersWindow() {
        open(new ResilienceSettings(Duration.ofSeconds(5), 2, Duration.ofMinutes(5), 4, Duration.ofSeconds(30)));
        ping();
        host.faults().failNext(1);
        ping();
        assertThat(lab.health().state()).isEqualTo(State.DEGRADED);

        assertThat(ping()).isNull();
        assertThat(lab.health().state()).as("one of the last two calls failed").isEqualTo(State.DEGRADED);

        assertThat(ping()).isNull();
        assertThat(lab.health().state()).isEqualTo(State.CONNECTED);
        assertThat(lab.health().detail()).isEmpty();
    }

    @Test
    void whileTheCircuitIsOpenACallFailsAtOnceSayingWhenTheHostIsTriedAgain() {
        open(new ResilienceSettings(Duration.ofSeconds(5), 1, Duration.ofMinutes(5), 4, Duration.ofSeconds(30)));
        ping();
        host.faults().failNext(1);
        ping();
        assertThat(lab.isBreakerOpen()).isTrue();

        Throwable refused = ping();

        assertThat(refused).isInstanceOf(UnavailableException.class);
        assertThat(refused.getMessage()).matches("host 'lab' is failing: circuit open, retry in (2\\d\\d|300) s");
    }

    @Test
    void anOpenCircuitLetsATrialThroughAfterItsDelayAndASuccessfulTrialClosesIt() {
        open(new ResilienceSettings(Duration.ofSeconds(5), 1, Duration.ofMillis(1), 4, Duration.ofSeconds(30)));
        ping();
        host.faults().failNext(1);
        ping();
        assertThat(badges).extracting(ConnectionHealth::state).contains(State.CIRCUIT_OPEN);

        // the delay is a millisecond: the next calls are trials until one gets through
        ServiceFixture.await(Duration.ofSeconds(10), "a trial call succeeds", () -> ping() == null);

        List<State> states = badges.stream().map(ConnectionHealth::state).toList();
        assertThat(states).containsSubsequence(State.CIRCUIT_OPEN, State.DEGRADED, State.CONNECTED);
        assertThat(badges).filteredOn(b -> b.state() == State.DEGRADED)
                .extracting(ConnectionHealth::detail).contains("trying again after the circuit was open");
        assertThat(lab.health().state()).isEqualTo(State.CONNECTED);
        assertThat(lab.isBreakerOpen()).isFalse();
    }
}
