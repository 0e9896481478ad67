package io.instanceconsole.service;

import io.instanceconsole.backend.simulator.SimulatorBackend;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.NotFoundException;
import io.instanceconsole.testing.DelegatingBackend;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionRegistryTest {
    private Instant now = Instant.parse("2026-11-29T07:11:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void aHostThatStillCannotBeOpenedStaysUnreachableSinceTheFirstFailureNotTheLastRetry() {
        ConnectionRegistry registry = new ConnectionRegistry(clock);
        List<ConnectionHealth> told = new ArrayList<>();
        registry.addListener(new ServiceListener() {
            @Override
            public void healthChanged(String connectionId, ConnectionHealth health) {
                told.add(health);
            }
        });
        Connection bad = new Connection("c1", "bad5", BackendKind.LIBVIRT, "qemu:///system", "", false, true);

        registry.reportUnopened(bad, "libvirtd is not running");
        now = now.plusSeconds(240);
        registry.reportUnopened(bad, "libvirtd is not running");

        assertThat(told).hasSize(2);
        assertThat(told.get(1).since()).isEqualTo(Instant.parse("2026-11-29T07:11:00Z"));

        registry.unregister(bad.id()); // removed or reopened with new settings: a new failure starts a new period
        registry.reportUnopened(bad, "libvirtd is not running");

        assertThat(told.get(2).since()).isEqualTo(now);
    }

    /** Every report a listener received, in order. */
    private static final class Told implements ServiceListener {
        final List<ConnectionHealth> health = new ArrayList<>();
        final List<Set<String>> connections = new ArrayList<>();
        final List<InstanceChanges> changes = new ArrayList<>();

        @Override
        public void healthChanged(String connectionId, ConnectionHealth h) {
            health.add(h);
        }

        @Override
        public void connectionsChanged(Set<String> connectionIds) {
            connections.add(connectionIds);
        }

        @Override
        public void instancesChanged(InstanceChanges c) {
            changes.add(c);
        }
    }

    @Test
    void aDisabledConnectionsBadgeSaysSoAndAChangedListOfConnectionsIsToldToEveryListener() {
        ConnectionRegistry registry = new ConnectionRegistry(clock);
        Told first = new Told();
        Told removed = new Told();
        registry.addListener(first);
        registry.addListener(removed);
        registry.removeListener(removed);
        Connection off = new Connection("c2", "off", BackendKind.LIBVIRT, "qemu:///system", "", false, false);

        registry.reportDisabled(off);
        registry.publishConnectionsChanged(Set.of("c2"));
        registry.publishChanges(new InstanceChanges(List.of(), List.of()));

        assertThat(first.health).singleElement().satisfies(h -> {
            assertThat(h.state()).isEqualTo(ConnectionHealth.State.DISABLED);
            assertThat(h.since()).isEqualTo(now);
            assertThat(h.badge(now)).isEqualTo("disabled");
        });
        assertThat(first.connections).containsExactly(Set.of("c2"));
        assertThat(first.changes).as("an empty change is not news").isEmpty();
        assertThat(removed.health).isEmpty();
        assertThat(removed.connections).isEmpty();
    }

    @Test
    void registeringAConnectionAgainClosesThePreviousClientAndAnUnknownOneIsNotFound() {
        ConnectionRegistry registry = new ConnectionRegistry(clock);
        Connection lab = new Connection("c3", "lab", BackendKind.SIMULATOR, "sim://lab", "", false, true);
        AtomicInteger closed = new AtomicInteger();
        SimulatorBackend host = ServiceFixture.simulator("lab", 1);
        try {
            ManagedConnection first = registry.register(lab, new DelegatingBackend(host) {
                @Override
                public void close() {
                    closed.incrementAndGet();
                }
            }, ServiceFixture.testSettings());
            ManagedConnection second = registry.register(lab, new DelegatingBackend(host) {
                @Override
                public void close() {
                }
            }, ServiceFixture.testSettings());

            assertThat(closed.get()).isEqualTo(1);
            assertThat(registry.require("c3")).isSameAs(second).isNotSameAs(first);
            assertThat(registry.all()).containsExactly(second);
            assertThatThrownBy(() -> registry.require("c9"))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessage("no connection with id 'c9'");
        } finally {
            registry.close();
            host.close();
        }
    }
}
