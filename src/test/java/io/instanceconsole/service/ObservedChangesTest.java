package io.instanceconsole.service;

import io.instanceconsole.backend.simulator.SimulatorBackend;
import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.AuditEvent;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.domain.Operation;
import io.instanceconsole.domain.OperationState;
import io.instanceconsole.domain.ResilienceSettings;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the trail records as seen on the hosts: changes made elsewhere, outages and recoveries, each once, and nothing
 * that an action of a console explains. Over the real store; the observer is driven directly, on the calling thread.
 */
class ObservedChangesTest {
    private static final Instant NOW = Instant.parse("2026-12-07T05:00:00Z");

    @TempDir
    Path dir;

    private ServiceFixture fixture;
    private ObservedChanges observed;
    private final Set<InstanceKey> underWay = new HashSet<>();

    @BeforeEach
    void setUp() {
        fixture = new ServiceFixture(dir);
        fixture.registry.register(new Connection("conn-lab", "lab", BackendKind.SIMULATOR, "sim://lab", "", false, true),
                ServiceFixture.simulator("lab", 0), ResilienceSettings.defaults());
        observed = new ObservedChanges(fixture.storeJournal, underWay::contains, fixture.registry, Runnable::run,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private static Instance web(InstanceStatus status) {
        return new Instance(new InstanceKey("conn-lab", "id-web"), "web", BackendKind.DOCKER,
                "nginx", status, "", NOW, NOW);
    }

    private void seen(Instance... instances) {
        observed.instancesChanged(new InstanceChanges(List.of(instances), List.of()));
    }

    private List<AuditEvent> observedEvents() {
        return fixture.storeJournal.recentAudit(100).stream().filter(e -> e.outcome() == OperationState.OBSERVED)
                .toList();
    }

    @Test
    void aChangeMadeElsewhereIsRecordedOnceAsSeenOnTheHost() {
        seen(web(InstanceStatus.RUNNING));
        assertThat(observedEvents()).as("the first state seen is not a change").isEmpty();

        seen(web(InstanceStatus.PAUSED));
        seen(web(InstanceStatus.PAUSED));

        assertThat(observedEvents()).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("pause");
            assertThat(e.instanceName()).isEqualTo("web");
            assertThat(e.message()).isEqualTo("seen on the host: running → paused");
            assertThat(e.user()).isEmpty();
            assertThat(e.time()).isEqualTo(NOW);
        });

        seen(web(InstanceStatus.RUNNING));
        assertThat(observedEvents()).extracting(AuditEvent::action).containsExactly("resume", "pause");
    }

    @Test
    void aChangeWhileThisConsolesActionIsUnderWayIsNotRecorded() {
        seen(web(InstanceStatus.RUNNING));
        underWay.add(web(InstanceStatus.RUNNING).key());

        seen(web(InstanceStatus.PAUSED));

        assertThat(observedEvents()).isEmpty();
    }

    @Test
    void aChangeThatAnUnsettledOperationExplainsIsNotRecorded() {
        seen(web(InstanceStatus.RUNNING));
        // another process (the CLI) recorded its pause before calling the host
        fixture.storeJournal.recordPending(new Operation(UUID.randomUUID().toString(), web(InstanceStatus.RUNNING).key(),
                "web", Action.PAUSE, OperationState.PENDING, NOW, null, "", "someone", "other-process"));

        seen(web(InstanceStatus.PAUSED));

        assertThat(observedEvents()).isEmpty();
    }

    @Test
    void aChangeThatAnActionSettledMomentsAgoExplainsIsNotRecordedButAnOlderOneDoesNotExplainIt() {
        seen(web(InstanceStatus.RUNNING));
        fixture.storeJournal.appendAudit(new AuditEvent(0, NOW.minusSeconds(5), "conn-lab", "lab", "id-web", "web",
                "pause", OperationState.SUCCEEDED, "", "someone", "op-1"));

        seen(web(InstanceStatus.PAUSED));
        assertThat(observedEvents()).as("the pause recorded 5 s ago explains it").isEmpty();

        fixture.storeJournal.appendAudit(new AuditEvent(0, NOW.minus(ObservedChanges.EXPLAINED_FOR).minusSeconds(1),
                "conn-lab", "lab", "id-web", "web", "resume", OperationState.SUCCEEDED, "", "someone", "op-2"));
        seen(web(InstanceStatus.RUNNING));
        assertThat(observedEvents()).as("a resume recorded long ago does not").extracting(AuditEvent::action)
                .containsExactly("resume");
    }

    @Test
    void rowsLeavingWithTheirConnectionWereNotSeenGoneOnTheHost() {
        seen(web(InstanceStatus.RUNNING));
        fixture.registry.unregister("conn-lab");

        observed.instancesChanged(new InstanceChanges(List.of(), List.of(web(InstanceStatus.RUNNING).key())));

        assertThat(observedEvents()).isEmpty();
    }

    @Test
    void anInstanceGoneFromItsHostIsRecordedUnlessADeleteExplainsIt() {
        seen(web(InstanceStatus.STOPPED));

        observed.instancesChanged(new InstanceChanges(List.of(), List.of(web(InstanceStatus.STOPPED).key())));

        assertThat(observedEvents()).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("removed");
            assertThat(e.message()).contains("web no longer exists");
        });
    }

    @Test
    void anOutageAndARecoveryAreRecordedForAHostSeenAnswering() {
        ConnectionHealth connected = new ConnectionHealth(ConnectionHealth.State.CONNECTED, NOW, null, "");
        ConnectionHealth unreachable = new ConnectionHealth(ConnectionHealth.State.UNREACHABLE, NOW, null,
                "connection refused");

        observed.healthChanged("conn-new", unreachable);
        assertThat(observedEvents()).as("a host never seen answering has no outage").isEmpty();

        observed.healthChanged("conn-lab", connected);
        observed.healthChanged("conn-lab", unreachable);
        observed.healthChanged("conn-lab", new ConnectionHealth(ConnectionHealth.State.CIRCUIT_OPEN, NOW,
                NOW.plusSeconds(30), "connection refused"));
        observed.healthChanged("conn-lab", connected);

        assertThat(observedEvents()).extracting(AuditEvent::action).containsExactly("recovery", "outage");
        assertThat(observedEvents().get(1).message()).contains("stopped answering").contains("connection refused");
        assertThat(observedEvents().get(1).instanceId()).isEmpty();
    }

    @Test
    void theServiceGraphRecordsAPauseMadeOnTheHostButNotOneMadeThroughTheConsole() {
        SimulatorBackend host = ServiceFixture.simulator("lab", 6);
        fixture.connect("lab", host, ServiceFixture.testSettings(), false);
        List<Instance> running = fixture.known.ofConnection("conn-lab").stream()
                .filter(i -> i.status() == InstanceStatus.RUNNING).limit(2).toList();
        assertThat(running).hasSize(2);

        fixture.perform(Action.PAUSE, running.get(0).key());
        host.perform(Action.PAUSE, running.get(1).key().instanceId()); // on the host, not through the console

        ServiceFixture.await(Duration.ofSeconds(10), () -> "the host's pause in the trail: " + observedEvents(),
                () -> !observedEvents().isEmpty());
        assertThat(observedEvents()).singleElement().satisfies(e -> {
            assertThat(e.instanceId()).isEqualTo(running.get(1).key().instanceId());
            assertThat(e.action()).isEqualTo("pause");
        });
        assertThat(fixture.storeJournal.recentAudit(100)).filteredOn(e -> e.outcome() == OperationState.SUCCEEDED)
                .singleElement().satisfies(e -> assertThat(e.instanceId()).isEqualTo(running.get(0).key().instanceId()));
    }
}
