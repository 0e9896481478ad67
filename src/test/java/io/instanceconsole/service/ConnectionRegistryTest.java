package io.instanceconsole.service;

import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionRegistryTest {
    private Instant now = Instant.parse("2026-11-29T07:11:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
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
}
