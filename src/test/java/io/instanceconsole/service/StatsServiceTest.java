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
    void samplesEveryVisibleRunningRowAtMostTwoAtATimePerHost() throws Exception {
        try (ServiceFixture fixture = new ServiceFixture(dir)) {
            SimulatorBackend slow = new SimulatorBackend("conn-lab", "lab", SimulatorSettings.inMemory(60, Duration.ofMillis(300)), Clock.systemUTC());
            fixture.connect("lab", slow, ServiceFixture.testSettings(), false);
            StatsService stats = new StatsService(fixture.registry);
            Map<InstanceKey, InstanceStats> samples = new ConcurrentHashMap<>();
            List<io.instanceconsole.domain.Instance> visible = fixture.known.all().subList(0, 12);
            long running = visible.stream().filter(i -> i.status() == InstanceStatus.RUNNING).count();

            stats.sample(visible, samples::put);
            Thread.sleep(450);
            assertThat(samples.size()).as("after one round of 300 ms calls").isLessThanOrEqualTo(StatsService.PER_HOST);
            stats.sample(visible, samples::put); // the next tick replaces the queue; nothing runs twice at once
            ServiceFixture.await(Duration.ofSeconds(10), "a sample of every running row", () -> samples.size() >= running);
            assertThat(samples).hasSize((int) running);
            assertThat(samples.keySet()).allMatch(k -> visible.stream().anyMatch(v -> v.key().equals(k)));
            assertThat(samples.keySet()).allMatch(k -> fixture.known.find(k).orElseThrow().status() == InstanceStatus.RUNNING);
            assertThat(samples.values()).allMatch(s -> s.memoryBytes() > 0 && s.memoryLimit() >= s.memoryBytes());
        }
    }
}
