package io.instanceconsole.service;

import io.instanceconsole.backend.simulator.SimulatorBackend;
import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.ConflictException;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.domain.ResilienceSettings;
import io.instanceconsole.domain.UnavailableException;
import io.instanceconsole.service.ConnectionHealth.State;
import io.instanceconsole.testing.DelegatingBackend;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The host badge as the calls through a connection's policies move it: connecting, connected, degraded by an I/O
 * failure (not by a refusal), unreachable, circuit open, and back; each change published once. And how a failing
 * host's badge comes back: a degraded host is connected again once its failures are out of the breaker's window (not
 * at the first success); an open circuit lets a trial call through after its delay, shown as "trying again", and a
 * trial that succeeds closes it.
 */
class ConnectionHealthTest {
    /** Most tests' policies: the circuit opens after 2 failures of the last calls, for 5 minutes. */
    private static final ResilienceSettings TWO_FAILURES =
            new ResilienceSettings(Duration.ofSeconds(5), 2, Duration.ofMinutes(5), 4, Duration.ofSeconds(30));

    private final ConnectionRegistry registry = new ConnectionRegistry(Clock.systemUTC());
    private final List<ConnectionHealth> badges = ServiceFixture.record(registry).health;
    private final AtomicInteger closed = new AtomicInteger();
    private final SimulatorBackend host = ServiceFixture.simulator("lab", 5);
    private ManagedConnection lab;

    /** Registers the host as "lab" under {@code settings}, counting when its client is closed. */
    private void open(ResilienceSettings settings) {
        DelegatingBackend counted = new DelegatingBackend(host) {
            @Override
            public void close() {
                closed.incrementAndGet();
                super.close();
            }
        };
        lab = registry.register(new Connection("conn-lab", "lab", host.kind(), "sim://lab", "", false, true), counted,
                settings);
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

    private Throwable pause(String instanceId) {
        return lab.call(() -> {
            lab.backend().perform(Action.PAUSE, instanceId);
            return null;
        }).handle((ok, error) -> error).orTimeout(10, TimeUnit.SECONDS).join();
    }

    private List<State> states() {
        return badges.stream().map(ConnectionHealth::state).toList();
    }

    @Test
    void aNewConnectionIsConnectingUntilItsFirstCallSucceeds() {
        open(TWO_FAILURES);
        assertThat(states()).containsExactly(State.CONNECTING);
        assertThat(lab.health().isUsable()).isTrue();

        assertThat(ping()).isNull();
        assertThat(ping()).isNull();

        assertThat(states()).as("published once").containsExactly(State.CONNECTING, State.CONNECTED);
        assertThat(lab.health().detail()).isEmpty();
    }

    @Test
    void anIoFailureDegradesTheBadgeWithTheError() {
        open(TWO_FAILURES);
        ping();
        host.faults().failNext(1);

        assertThat(ping()).isNotNull();

        assertThat(lab.health().state()).isEqualTo(State.DEGRADED);
        assertThat(lab.health().detail()).isEqualTo("simulated host 'lab' failed: I/O error (injected)");
        assertThat(lab.health().isUsable()).isTrue();
    }

    @Test
    void aRefusalByTheHostIsNotAFailureOfTheHost() {
        open(TWO_FAILURES);
        ping();
        String running = host.list().stream().filter(i -> i.status() == InstanceStatus.RUNNING)
                .findFirst().orElseThrow().id();
        host.faults().rejectNextWithConflict(5);

        for (int i = 0; i < 3; i++) {
            assertThat(pause(running)).isInstanceOf(ConflictException.class);
        }

        assertThat(lab.health().state()).isEqualTo(State.CONNECTED);
        assertThat(lab.isBreakerOpen()).isFalse();
    }

    @Test
    void repeatedFailuresOpenTheCircuitWithTheLastErrorAndAnUnreachableReportDoesNotHideIt() {
        open(TWO_FAILURES);
        ping();
        host.faults().failNext(2);
        ping();
        ping();

        assertThat(lab.isBreakerOpen()).isTrue();
        assertThat(lab.health().state()).isEqualTo(State.CIRCUIT_OPEN);
        assertThat(lab.health().detail()).isEqualTo("simulated host 'lab' failed: I/O error (injected)");
        assertThat(lab.health().retryAt()).isNotNull();
        assertThat(lab.health().isUsable()).isFalse();

        lab.markUnreachable("event stream lost");
        assertThat(lab.health().state()).isEqualTo(State.CIRCUIT_OPEN);
    }

    @Test
    void anUnreachableHostIsConnectedAgainByItsNextAnswer() {
        open(TWO_FAILURES);
        ping();
        lab.markUnreachable("event stream lost");
        lab.markUnreachable("event stream lost again");

        assertThat(lab.health().state()).isEqualTo(State.UNREACHABLE);
        assertThat(lab.health().detail()).as("the first report stands").isEqualTo("event stream lost");
        assertThat(lab.health().isUsable()).isFalse();
        assertThat(states()).containsExactly(State.CONNECTING, State.CONNECTED, State.UNREACHABLE);

        assertThat(ping()).isNull();
        assertThat(lab.health().state()).isEqualTo(State.CONNECTED);
    }

    @Test
    void unregisteringClosesTheHostsClient() {
        open(TWO_FAILURES);
        registry.unregister(lab.id());

        assertThat(closed.get()).isEqualTo(1);
        assertThat(registry.find(lab.id())).isEmpty();
    }

    @Test
    void closingTheRegistryClosesEveryHostsClient() {
        open(TWO_FAILURES);
        registry.close();

        assertThat(closed.get()).isEqualTo(1);
        assertThat(registry.all()).isEmpty();
    }

    @Test
    void aDegradedHostIsConnectedAgainOnceItsFailuresAreOutOfTheBreakersWindow() {
        open(TWO_FAILURES);
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
