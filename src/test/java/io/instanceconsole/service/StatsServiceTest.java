package io.instanceconsole.service;

import io.instanceconsole.backend.simulator.SimulatorBackend;
import io.instanceconsole.backend.simulator.SimulatorSettings;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.InstanceStats;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

class StatsServiceTest {
    @TempDir
    Path dir;

    @Test
    void samplesOnlyRunningRowsAndAtMostTwoAtATimePerHostSkippingTheRest() throws Exception {
        try (ServiceFixture fixture = new ServiceFixture(dir)) {
            SimulatorBackend slow = new SimulatorBackend("conn-lab", "lab", SimulatorSettings.inMemory(60, Duration.ofMillis(300)), Clock.systemUTC());
            fixture.connect("lab", slow, ServiceFixture.testSettings(), false);
            StatsService stats = new StatsService(fixture.registry);
            Map<InstanceKey, InstanceStats> samples = new ConcurrentHashMap<>();
            List<io.instanceconsole.domain.Instance> visible = fixture.known.all();

            stats.sample(visible, samples::put);
            stats.sample(visible, samples::put); // a second tick while the first samples are in flight adds nothing
            Thread.sleep(1_500);

            assertThat(samples).hasSize(StatsService.PER_HOST);
            assertThat(samples.keySet()).allMatch(k -> fixture.known.find(k).orElseThrow().status() == InstanceStatus.RUNNING);
            assertThat(samples.values()).allMatch(s -> s.memoryBytes() > 0 && s.memoryLimit() >= s.memoryBytes());
        }
    }
}
