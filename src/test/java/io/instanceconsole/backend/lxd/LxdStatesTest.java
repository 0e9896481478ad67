package io.instanceconsole.backend.lxd;

import io.instanceconsole.domain.InstanceStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LxdStatesTest {
    @Test
    void aMemberWithoutHeartbeatSaysSinceWhenInWholeSeconds() {
        assertThat(LxdStates.memberHealth("Offline",
                "No heartbeat for 23.401849622s (2026-12-07 18:27:25.206756097 +0000 UTC)"))
                .isEqualTo("offline: no heartbeat since 18:27:25 UTC");
    }

    @Test
    void otherHealthIsWhatLxdSaysAndAStatusAloneStandsForItself() {
        assertThat(LxdStates.memberHealth("Evacuated", "Unavailable due to maintenance")).isEqualTo("evacuated: Unavailable due to maintenance");
        assertThat(LxdStates.memberHealth("Blocked", "")).isEqualTo("blocked");
        assertThat(LxdStates.memberHealth("", "")).isEqualTo("not online");
    }

    @Test
    void lxdsStatusWordsMapToTheConsolesStatuses() {
        assertThat(LxdStates.of("Frozen")).isEqualTo(InstanceStatus.PAUSED);
        assertThat(LxdStates.of("Running")).isEqualTo(InstanceStatus.RUNNING);
        assertThat(LxdStates.of("Error")).isEqualTo(InstanceStatus.ERROR);
        assertThat(LxdStates.of("Starting")).isEqualTo(InstanceStatus.UNKNOWN);
        assertThat(LxdStates.reason("Starting")).isEqualTo("Starting");
        assertThat(LxdStates.reason("Frozen")).isEmpty();
    }
}
