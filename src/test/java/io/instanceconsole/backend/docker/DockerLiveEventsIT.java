package io.instanceconsole.backend.docker;

import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.domain.ResilienceSettings;
import io.instanceconsole.testing.ProjectScripts;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Changes made outside the console (docker CLI) reach the store and the service listeners through the engine's
 * event stream, within one second, with no resync timer running.
 */
class DockerLiveEventsIT {
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);
    private static DockerCli cli;
    @TempDir
    Path dataDir;
    private ServiceFixture console;
    private ServiceFixture.Published published;
    private EngineUnderTest engine;

    @BeforeAll
    static void startEngine() {
        cli = new DockerCli(ProjectScripts.dockerEngine("a"));
    }

    @BeforeEach
    void openConsole() {
        cli.removeAll();
        // no periodic resync: only events can make the changes below visible
        console = new ServiceFixture(dataDir);
        published = console.record();
        engine = EngineUnderTest.connect(console, cli.host(), ResilienceSettings.defaults(), EngineA.quickStops());
    }

    @AfterEach
    void close() {
        console.close();
        cli.removeAll();
    }

    @Test
    void pauseMadeOutsideTheConsoleReachesStoreAndListenersWithinOneSecond() {
        String id = cli.runDetached("outside-" + UUID.randomUUID().toString().substring(0, 8));
        awaitStored("new container appears running", id, InstanceStatus.RUNNING);

        cli.docker("pause", id);
        Duration took = awaitStored("external pause reaches the store", id, InstanceStatus.PAUSED);

        assertThat(cli.state(id)).isEqualTo("paused");
        // The store is written just before memory and the listeners: wait for them too, do not race them.
        ServiceFixture.await(ONE_SECOND, "listeners told",
                () -> published.upserted(i -> i.id().equals(id) && i.status() == InstanceStatus.PAUSED));
        assertThat(console.known.find(engine.key(id)).orElseThrow().status()).isEqualTo(InstanceStatus.PAUSED);
        assertThat(took).isLessThan(ONE_SECOND);

        cli.docker("unpause", id);
        awaitStored("external unpause reaches the store", id, InstanceStatus.RUNNING);
        assertThat(cli.state(id)).isEqualTo("running");
    }

    @Test
    void quickSuccessionOfPauseUnpauseAndKillEndsInTheEnginesState() {
        String id = cli.runDetached("burst-" + UUID.randomUUID().toString().substring(0, 8));
        awaitStored("appears running", id, InstanceStatus.RUNNING);

        // pause and unpause events carry their state; the kill after them must still be inspected
        cli.docker("pause", id);
        cli.docker("unpause", id);
        cli.docker("kill", id);

        awaitStored("the last state reaches the store", id, InstanceStatus.STOPPED, "exited (137)");
        assertThat(cli.state(id)).isEqualTo("exited");
    }

    @Test
    void externalStopStartAndRemoveReachTheStore() {
        String id = cli.runDetached("cycle-" + UUID.randomUUID().toString().substring(0, 8));
        awaitStored("appears running", id, InstanceStatus.RUNNING);

        cli.docker("kill", id);
        awaitStored("kill reaches the store", id, InstanceStatus.STOPPED, "exited (137)");
        assertThat(cli.state(id)).isEqualTo("exited");

        cli.docker("start", id);
        awaitStored("start reaches the store", id, InstanceStatus.RUNNING);
        assertThat(cli.state(id)).isEqualTo("running");

        cli.docker("rm", "-f", id);
        ServiceFixture.await(ONE_SECOND, "removal reaches the store", () -> console.stored(engine.key(id)).isEmpty());
        assertThat(cli.exists(id)).isFalse();
        ServiceFixture.await(ONE_SECOND, "listeners told of the removal",
                () -> published.changes.stream().anyMatch(c -> c.removed().contains(engine.key(id))));
    }

    @Test
    void pauseThroughTheConsoleIsJournaledAndMatchesTheEngine() {
        String id = cli.runDetached("console-" + UUID.randomUUID().toString().substring(0, 8));
        ServiceFixture.await(ONE_SECOND, "appears running", () -> console.known.find(engine.key(id))
                .map(i -> i.status() == InstanceStatus.RUNNING).orElse(false));

        var result = console.lifecycle.perform(Action.PAUSE, engine.key(id)).join();

        assertThat(result.succeeded()).as(result.message()).isTrue();
        assertThat(cli.state(id)).isEqualTo("paused");
        assertThat(console.stored(engine.key(id)).orElseThrow().status()).isEqualTo(InstanceStatus.PAUSED);
    }

    /** Waits up to a second until the store holds the container in that status; returns how long it took. */
    private Duration awaitStored(String what, String id, InstanceStatus status) {
        return ServiceFixture.await(ONE_SECOND, what,
                () -> console.stored(engine.key(id)).map(i -> i.status() == status).orElse(false));
    }

    /** Waits up to a second until the store holds the container in that status, for that reason. */
    private void awaitStored(String what, String id, InstanceStatus status, String reason) {
        ServiceFixture.await(ONE_SECOND, what, () -> console.stored(engine.key(id))
                .map(i -> i.status() == status && i.statusReason().equals(reason)).orElse(false));
    }
}
