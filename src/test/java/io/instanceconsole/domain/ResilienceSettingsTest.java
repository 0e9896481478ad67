package io.instanceconsole.domain;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class ResilienceSettingsTest {
    @Test
    void anLxdConnectionStartsWith64CallsInFlightAndEveryOtherKindWithTheDefaults() {
        assertThat(ResilienceSettings.defaultsFor(BackendKind.LXD))
                .isEqualTo(ResilienceSettings.defaults().withBulkhead(64, ResilienceSettings.defaults().maxQueueWait()));
        Arrays.stream(BackendKind.values()).filter(k -> k != BackendKind.LXD).forEach(kind ->
                assertThat(ResilienceSettings.defaultsFor(kind)).as(kind.key()).isEqualTo(ResilienceSettings.defaults()));
        assertThat(ConnectionPolicy.defaultsFor(BackendKind.LXD))
                .isEqualTo(new ConnectionPolicy("", ResilienceSettings.defaultsFor(BackendKind.LXD)));
        assertThat(ResilienceSettings.defaults().maxConcurrentCalls()).isEqualTo(8);
    }
}
