package io.instanceconsole.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static io.instanceconsole.domain.InstanceStatus.CREATED;
import static io.instanceconsole.domain.InstanceStatus.ERROR;
import static io.instanceconsole.domain.InstanceStatus.PAUSED;
import static io.instanceconsole.domain.InstanceStatus.RUNNING;
import static io.instanceconsole.domain.InstanceStatus.STOPPED;
import static org.assertj.core.api.Assertions.assertThat;

/** Every action × every status against the table in ARCHITECTURE.md, written out here independently of the code. */
class ActionTest {
    private static final Map<Action, Set<InstanceStatus>> ARCHITECTURE_TABLE = Map.of(
            Action.PAUSE, Set.of(RUNNING),
            Action.RESUME, Set.of(PAUSED),
            Action.START, Set.of(CREATED, STOPPED),
            Action.STOP, Set.of(RUNNING, PAUSED),
            Action.FORCE_STOP, Set.of(RUNNING, PAUSED),
            Action.RESTART, Set.of(RUNNING),
            Action.DELETE, Set.of(CREATED, STOPPED, ERROR));

    static Stream<Arguments> everyActionAndStatus() {
        List<Arguments> all = new ArrayList<>();
        for (Action action : Action.values()) {
            for (InstanceStatus status : InstanceStatus.values()) {
                all.add(Arguments.of(action, status, ARCHITECTURE_TABLE.get(action).contains(status)));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} from {1} allowed: {2}")
    @MethodSource("everyActionAndStatus")
    void actionIsAllowedExactlyFromTheStatusesOfTheArchitectureTable(Action action, InstanceStatus status, boolean allowed) {
        assertThat(action.isAllowedFrom(status)).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("actions")
    void everyActionHasAKeyThatParsesBack(Action action) {
        assertThat(Action.fromKey(action.key())).isEqualTo(action);
    }

    static Stream<Action> actions() {
        return Stream.of(Action.values());
    }

    @Test
    void pauseAndResumeUndoEachOtherAndDeleteCannotBeUndone() {
        assertThat(Action.PAUSE.inverse()).contains(Action.RESUME);
        assertThat(Action.RESUME.inverse()).contains(Action.PAUSE);
        assertThat(Action.DELETE.inverse()).isEmpty();
        assertThat(Action.DELETE.resultingStatus()).isEmpty();
    }

    @Test
    void pausingAPausedInstanceCountsAsAlreadyDoneButRestartingARunningOneDoesNot() {
        assertThat(Action.PAUSE.isAlreadyDone(PAUSED)).isTrue();
        assertThat(Action.RESUME.isAlreadyDone(RUNNING)).isTrue();
        assertThat(Action.RESTART.isAlreadyDone(RUNNING)).isFalse();
        assertThat(Action.PAUSE.isAlreadyDone(STOPPED)).isFalse();
    }

    @Test
    void progressLabelIsSeparateFromStatus() {
        assertThat(Action.PAUSE.progressLabel()).isEqualTo("Pausing…");
        assertThat(Action.FORCE_STOP.key()).isEqualTo("kill");
    }
}
