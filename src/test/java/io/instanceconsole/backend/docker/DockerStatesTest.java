package io.instanceconsole.backend.docker;

import io.instanceconsole.domain.InstanceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DockerStatesTest {

    @ParameterizedTest
    @CsvSource({
            "created,    CREATED,    ''",
            "running,    RUNNING,    ''",
            "paused,     PAUSED,     user",
            "restarting, RESTARTING, ''",
            "removing,   STOPPED,    removing",
            "exited,     STOPPED,    exited (0)",
            "dead,       ERROR,      dead",
    })
    void everyDockerStateMapsToOneConsoleStatus(String dockerState, InstanceStatus status, String reason) {
        DockerStates.Observed observed = DockerStates.fromInspect(dockerState, 0L, false, "");

        assertThat(observed.status()).isEqualTo(status);
        assertThat(observed.reason()).isEqualTo(reason);
    }

    @Test
    void exitedSaysTheExitCodeFromInspect() {
        assertThat(DockerStates.fromInspect("exited", 137L, false, null).reason()).isEqualTo("exited (137)");
        assertThat(DockerStates.fromInspect("exited", 137L, true, null).reason()).isEqualTo("exited (137, out of memory)");
    }

    @Test
    void exitedReadsTheExitCodeFromTheListingsStatusText() {
        DockerStates.Observed observed = DockerStates.fromListing("exited", "Exited (137) 5 minutes ago");

        assertThat(observed.status()).isEqualTo(InstanceStatus.STOPPED);
        assertThat(observed.reason()).isEqualTo("exited (137)");
    }

    @Test
    void listingAndInspectOfTheSameExitedContainerAgree() {
        assertThat(DockerStates.fromListing("exited", "Exited (2) About a minute ago"))
                .isEqualTo(DockerStates.fromInspect("exited", 2L, false, ""));
    }

    @Test
    void deadSaysDockersErrorWhenThereIsOne() {
        assertThat(DockerStates.fromInspect("dead", 0L, false, "driver failed to remove root filesystem").reason())
                .isEqualTo("dead: driver failed to remove root filesystem");
    }

    @Test
    void anUnknownStateIsUnknownNotGuessed() {
        DockerStates.Observed observed = DockerStates.fromListing("hibernating", "whatever");

        assertThat(observed.status()).isEqualTo(InstanceStatus.UNKNOWN);
        assertThat(observed.reason()).contains("hibernating");
        assertThat(DockerStates.fromListing(null, null).status()).isEqualTo(InstanceStatus.UNKNOWN);
    }

    @Test
    void stateWordsAreCaseInsensitive() {
        assertThat(DockerStates.fromListing("Paused", "Up 3 seconds (Paused)").status()).isEqualTo(InstanceStatus.PAUSED);
    }

    @Test
    void onlyPauseAndUnpauseSayTheNewStateThemselves() {
        assertThat(DockerStates.fromStateEvent("pause")).contains(new DockerStates.Observed(InstanceStatus.PAUSED, "user"));
        assertThat(DockerStates.fromStateEvent("unpause")).contains(new DockerStates.Observed(InstanceStatus.RUNNING, ""));
        for (String needsInspect : List.of("create", "start", "restart", "die", "stop", "kill", "oom",
                "rename", "update", "destroy")) {
            assertThat(DockerStates.fromStateEvent(needsInspect)).as(needsInspect).isEmpty();
        }
    }

    @Test
    void eventsOfOneContainerMergeInArrivalOrderAndAnyOtherEventForcesAnInspect() {
        var pause = DockerEventStream.Pending.of("pause");
        var unpause = DockerEventStream.Pending.of("unpause");
        var die = DockerEventStream.Pending.of("die");

        assertThat(pause.then(unpause).stateWord()).isEqualTo("unpause");
        assertThat(unpause.then(pause).stateWord()).isEqualTo("pause");
        assertThat(pause.then(die).stateWord()).isNull();
        assertThat(die.then(pause).stateWord()).as("a start may have failed before the pause: inspect").isNull();
        assertThat(pause.then(DockerEventStream.Pending.of("destroy")).destroyed()).isTrue();
        assertThat(pause.then(unpause).destroyed()).isFalse();
    }
}
