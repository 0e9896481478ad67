package io.instanceconsole.service;

import io.instanceconsole.backend.simulator.SimulatorBackend;
import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Changes made outside the console reach the table and the store through the host's events, until it is disconnected. */
class ReconcilerEventsTest {
    @TempDir
    Path dataDir;

    private ServiceFixture fixture;
    private SimulatorBackend host;
    private ManagedConnection lab;
    private ServiceFixture.Published published;

    @BeforeEach
    void host() {
        fixture = new ServiceFixture(dataDir);
        host = ServiceFixture.simulator("lab", 20);
        lab = fixture.connect("lab", host, ServiceFixture.testSettings(), false);
        published = fixture.record();
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void anExternalChangeReachesTheTableAndTheStoreByItsEvent() {
        Instance running = fixture.firstWithStatus(lab.id(), InstanceStatus.RUNNING);

        host.changeExternally(running.id(), InstanceStatus.STOPPED, "exited");

        ServiceFixture.await(Duration.ofSeconds(10), "the event is applied",
                () -> fixture.known.find(running.key()).map(Instance::status).orElse(null) == InstanceStatus.STOPPED);
        assertThat(published.upserted(i -> i.key().equals(running.key()) && i.status() == InstanceStatus.STOPPED)).isTrue();
        ServiceFixture.await(Duration.ofSeconds(10), "the store has it",
                () -> fixture.storedMatches(running.key(), i -> i.status() == InstanceStatus.STOPPED));
    }

    @Test
    void anExternalDeletionRemovesTheRowByItsEvent() {
        Instance stopped = fixture.firstWithStatus(lab.id(), InstanceStatus.STOPPED);

        host.perform(Action.DELETE, stopped.id());

        ServiceFixture.await(Duration.ofSeconds(10), "the event is applied", () -> fixture.known.find(stopped.key()).isEmpty());
        assertThat(published.changes).anyMatch(c -> c.removed().contains(stopped.key()));
        ServiceFixture.await(Duration.ofSeconds(10), "the store has it", () -> fixture.stored(stopped.key()).isEmpty());
    }

    @Test
    void anEventThatChangesNothingIsNotPublished() {
        Instance running = fixture.firstWithStatus(lab.id(), InstanceStatus.RUNNING);

        host.changeExternally(running.id(), InstanceStatus.RUNNING, running.statusReason());
        Instance other = fixture.firstWithStatus(lab.id(), InstanceStatus.PAUSED);
        host.changeExternally(other.id(), InstanceStatus.RUNNING, "");
        ServiceFixture.await(Duration.ofSeconds(10), "the later event is applied",
                () -> published.upserted(i -> i.key().equals(other.key())));

        assertThat(published.changes).noneMatch(c -> c.upserted().stream().anyMatch(i -> i.key().equals(running.key())));
    }

    @Test
    void afterDisconnectingEventsAreNoLongerAppliedButAResyncOfAllStillRepairs() throws Exception {
        Instance running = fixture.firstWithStatus(lab.id(), InstanceStatus.RUNNING);
        fixture.reconciler.disconnect(lab.id());

        host.changeExternally(running.id(), InstanceStatus.PAUSED, "user");
        assertThat(fixture.known.find(running.key()).map(Instance::status)).contains(InstanceStatus.RUNNING);

        fixture.reconciler.resyncAll().get(10, TimeUnit.SECONDS);
        assertThat(fixture.known.find(running.key()).map(Instance::status)).contains(InstanceStatus.PAUSED);
        assertThat(fixture.storedMatches(running.key(), i -> i.status() == InstanceStatus.PAUSED)).isTrue();
    }
}
