package io.instanceconsole.service;

import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.InstanceStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ActionRefusalsTest {
    private static Instance web(InstanceStatus status) {
        return new Instance(new InstanceKey("conn-lab", "web-1"), "web", BackendKind.SIMULATOR, "", status, "", null,
                Instant.EPOCH);
    }

    @Test
    void aStatusThatAllowsTheActionIsNoRefusal() {
        assertThat(ActionRefusals.byStatus(Action.PAUSE, web(InstanceStatus.RUNNING))).isEmpty();
    }

    @Test
    void anActionAlreadyDoneSaysSo() {
        assertThat(ActionRefusals.byStatus(Action.PAUSE, web(InstanceStatus.PAUSED))).contains("'web' is already paused");
    }

    @Test
    void anActionFromTheWrongStatusNamesTheStatusesItNeeds() {
        assertThat(ActionRefusals.byStatus(Action.DELETE, web(InstanceStatus.RUNNING)))
                .contains("'web' is running; delete needs created, stopped or in error");
        assertThat(ActionRefusals.byStatus(Action.RESUME, web(InstanceStatus.ERROR)))
                .contains("'web' is in error; resume needs paused");
    }

    @Test
    void theLastActionToFinishWakesWhoeverWaitsForThemAll() throws Exception {
        ActionsInFlight inFlight = new ActionsInFlight();
        InstanceKey key = new InstanceKey("conn-lab", "web-1");
        assertThat(inFlight.start(key, Action.PAUSE)).isEmpty();
        assertThat(inFlight.start(key, Action.STOP)).contains(Action.PAUSE);
        assertThat(inFlight.awaitNone(Duration.ZERO)).isFalse();

        CountDownLatch woken = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            if (inFlight.awaitNone(Duration.ofSeconds(30))) {
                woken.countDown();
            }
        });
        waiter.start();
        inFlight.finish(key, Action.PAUSE);

        assertThat(woken.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(inFlight.on(key)).isEmpty();
    }
}
