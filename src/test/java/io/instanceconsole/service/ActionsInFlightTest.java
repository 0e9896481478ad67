package io.instanceconsole.service;

import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.InstanceKey;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The claims that keep a second action off an instance with one under way, and the wait for none to be left when
 * the console closes: only the action that claimed an instance releases it; a wait with nothing under way ends at
 * once; an interrupted wait ends at once, saying actions are left, and keeps the interrupt.
 */
class ActionsInFlightTest {
    private final ActionsInFlight inFlight = new ActionsInFlight();
    private final InstanceKey web = new InstanceKey("conn-lab", "web-1");
    private final InstanceKey db = new InstanceKey("conn-lab", "db-1");

    @Test
    void onlyTheActionThatClaimedAnInstanceReleasesIt() {
        assertThat(inFlight.start(web, Action.PAUSE)).isEmpty();
        assertThat(inFlight.start(db, Action.STOP)).isEmpty();

        inFlight.finish(web, Action.STOP);
        assertThat(inFlight.on(web)).contains(Action.PAUSE);

        inFlight.finish(web, Action.PAUSE);
        assertThat(inFlight.on(web)).isEmpty();
        assertThat(inFlight.on(db)).contains(Action.STOP);
        assertThat(inFlight.awaitNone(Duration.ZERO)).as("db is still under way").isFalse();

        inFlight.finish(db, Action.STOP);
        assertThat(inFlight.awaitNone(Duration.ZERO)).isTrue();
    }

    @Test
    void aWaitWithNothingUnderWayEndsAtOnce() {
        assertThat(inFlight.awaitNone(Duration.ZERO)).isTrue();
        assertThat(inFlight.awaitNone(Duration.ofDays(1))).isTrue();
    }

    @Test
    void anInterruptedWaitEndsAtOnceSayingActionsAreLeftAndKeepsTheInterrupt() {
        inFlight.start(web, Action.PAUSE);
        Thread.currentThread().interrupt();
        try {
            assertThat(inFlight.awaitNone(Duration.ofDays(1))).isFalse();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
