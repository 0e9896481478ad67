package io.instanceconsole.service;

import io.instanceconsole.backend.simulator.SimulatorBackend;
import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.domain.ResilienceSettings;
import io.instanceconsole.testing.ServiceFixture;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bulk confirmation as users read it ("7 will pause · 2 skipped: already paused · 1 skipped: read-only
 * connection"), planned with the lifecycle service's own rules over hosts in every condition a plan groups: one that
 * works, one read-only, one that cannot pause, one unreachable, one whose breaker is open, one no longer open.
 */
class BulkPlanTest {
    @TempDir
    static Path dataDir;

    private static ServiceFixture fixture;
    private static Instance running;
    private static Instance otherRunning;
    private static Instance paused;
    private static Instance otherPaused;
    private static Instance stopped;
    private static Instance onReadOnly;
    private static Instance onUnsupported;
    private static Instance onUnreachable;
    private static Instance onTripped;
    private static Instance onClosed;

    @BeforeAll
    static void hosts() {
        fixture = new ServiceFixture(dataDir);
        fixture.connect("lab", ServiceFixture.simulator("lab", 40), ServiceFixture.testSettings(), false);
        fixture.connect("prod", ServiceFixture.simulator("prod", 5), ServiceFixture.testSettings(), true);
        SimulatorBackend old = ServiceFixture.simulator("old", 5);
        old.disable(Action.PAUSE, "this host cannot pause guests");
        fixture.connect("old", old, ServiceFixture.testSettings(), false);
        ManagedConnection down = fixture.connect("down", ServiceFixture.simulator("down", 5), ServiceFixture.testSettings(), false);
        down.markUnreachable("connection refused");
        SimulatorBackend failing = ServiceFixture.simulator("tripped", 5);
        ManagedConnection tripped = fixture.connect("tripped", failing,
                new ResilienceSettings(Duration.ofSeconds(5), 1, Duration.ofMinutes(5), 4, Duration.ofSeconds(30)), false);
        failing.faults().failNext(1);
        tripped.call(() -> {
            tripped.backend().ping();
            return Boolean.TRUE;
        }).handle((ok, error) -> error).orTimeout(10, TimeUnit.SECONDS).join();
        assertThat(tripped.health().state()).isEqualTo(ConnectionHealth.State.CIRCUIT_OPEN);
        fixture.connect("closed", ServiceFixture.simulator("closed", 5), ServiceFixture.testSettings(), false);
        fixture.reconciler.disconnect("conn-closed");
        fixture.registry.unregister("conn-closed");

        List<Instance> lab = fixture.known.ofConnection("conn-lab");
        List<Instance> labRunning = lab.stream().filter(i -> i.status() == InstanceStatus.RUNNING).toList();
        List<Instance> labPaused = lab.stream().filter(i -> i.status() == InstanceStatus.PAUSED).toList();
        running = labRunning.get(0);
        otherRunning = labRunning.get(1);
        paused = labPaused.get(0);
        otherPaused = labPaused.get(1);
        stopped = fixture.firstWithStatus("conn-lab", InstanceStatus.STOPPED);
        onReadOnly = fixture.firstWithStatus("conn-prod", InstanceStatus.RUNNING);
        onUnsupported = fixture.firstWithStatus("conn-old", InstanceStatus.RUNNING);
        onUnreachable = fixture.firstWithStatus("conn-down", InstanceStatus.RUNNING);
        onTripped = fixture.firstWithStatus("conn-tripped", InstanceStatus.RUNNING);
        onClosed = fixture.firstWithStatus("conn-closed", InstanceStatus.RUNNING);
    }

    @AfterAll
    static void close() {
        fixture.close();
    }

    private static BulkPlan plan(Action action, Instance... selected) {
        return BulkPlan.of(action, List.of(selected), fixture.lifecycle);
    }

    @Test
    void everySkippedGroupIsCountedAndNamedInTheConfirmationInTheOrderItWasFirstSelected() {
        BulkPlan plan = plan(Action.PAUSE, running, paused, stopped, onReadOnly, onUnreachable, onTripped, onClosed,
                onUnsupported, otherPaused, otherRunning);

        assertThat(plan.willRun()).containsExactly(running, otherRunning);
        assertThat(plan.skipped()).containsOnlyKeys("already paused", "stopped", "read-only connection",
                "host unreachable", "not supported");
        assertThat(plan.skipped().get("already paused")).containsExactly(paused, otherPaused);
        assertThat(plan.skipped().get("stopped")).containsExactly(stopped);
        assertThat(plan.skipped().get("read-only connection")).containsExactly(onReadOnly);
        assertThat(plan.skipped().get("host unreachable")).containsExactly(onUnreachable, onTripped, onClosed);
        assertThat(plan.skipped().get("not supported")).containsExactly(onUnsupported);
        assertThat(plan.skippedCount()).isEqualTo(8);
        assertThat(plan.isEmpty()).isFalse();
        assertThat(plan.summary()).isEqualTo("2 will pause · 2 skipped: already paused · 1 skipped: stopped"
                + " · 1 skipped: read-only connection · 3 skipped: host unreachable · 1 skipped: not supported");
    }

    @Test
    void anInstanceItsHostCannotSeeNowIsSkippedWithTheReasonTheHostGave() {
        Instance unseen = new Instance(otherRunning.key(), otherRunning.name(), otherRunning.kind(), otherRunning.image(),
                InstanceStatus.RUNNING, Instance.LAST_KNOWN + "member m3 is offline", otherRunning.created(),
                otherRunning.lastSeen(), "m3");

        BulkPlan plan = BulkPlan.of(Action.PAUSE, List.of(running, unseen), fixture.lifecycle);

        assertThat(plan.willRun()).containsExactly(running);
        assertThat(plan.skipped()).containsOnlyKeys("not seen now");
        assertThat(fixture.lifecycle.whyNot(Action.PAUSE, unseen)).contains("'" + unseen.name()
                + "' shows its last known: member m3 is offline; nothing can act on it until it is seen again");
    }

    @Test
    void eachSkippedInstanceKeepsItsOwnReasonForTheTooltip() {
        assertThat(fixture.lifecycle.whyNot(Action.PAUSE, paused)).contains("'" + paused.name() + "' is already paused");
        assertThat(fixture.lifecycle.whyNot(Action.PAUSE, stopped))
                .contains("'" + stopped.name() + "' is stopped; pause needs running");
        assertThat(fixture.lifecycle.whyNot(Action.START, paused))
                .contains("'" + paused.name() + "' is paused; start needs created or stopped");
        assertThat(fixture.lifecycle.whyNot(Action.DELETE, running))
                .contains("'" + running.name() + "' is running; delete needs created, stopped or in error");
        assertThat(fixture.lifecycle.whyNot(Action.PAUSE, onReadOnly)).contains("connection 'prod' is read-only");
        assertThat(fixture.lifecycle.whyNot(Action.PAUSE, onUnsupported)).contains("this host cannot pause guests");
        assertThat(fixture.lifecycle.whyNot(Action.PAUSE, onUnreachable)).hasValueSatisfying(why -> assertThat(why)
                .startsWith("host 'down' is unreachable since ").endsWith("; '" + onUnreachable.name() + "' shows its last-known state"));
        assertThat(fixture.lifecycle.whyNot(Action.PAUSE, onTripped)).hasValueSatisfying(why -> assertThat(why)
                .startsWith("host 'tripped' is circuit open, retry in ").endsWith("; '" + onTripped.name() + "' shows its last-known state"));
        assertThat(fixture.lifecycle.whyNot(Action.PAUSE, onClosed)).contains("connection of '" + onClosed.name() + "' is not open");
        assertThat(fixture.lifecycle.whyNot(Action.PAUSE, running)).isEmpty();
    }

    @Test
    void aRestartOfAPausedInstanceIsSkippedForItsStatusNotAsAlreadyDone() {
        BulkPlan plan = plan(Action.RESTART, running, paused);

        assertThat(plan.willRun()).containsExactly(running);
        assertThat(plan.summary()).isEqualTo("1 will restart · 1 skipped: paused");
    }

    @Test
    void aSelectionWhereNothingQualifiesSaysWhyForEveryGroup() {
        BulkPlan plan = plan(Action.PAUSE, paused, onReadOnly, otherPaused, onUnreachable);

        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.willRun()).isEmpty();
        assertThat(plan.skippedCount()).isEqualTo(4);
        assertThat(plan.nothingToDo()).isEqualTo("Nothing to pause: 2 already paused, 1 read-only connection, 1 host unreachable");
    }

    @Test
    void anEmptySelectionSaysNothingIsSelected() {
        BulkPlan plan = plan(Action.FORCE_STOP);

        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.skippedCount()).isZero();
        assertThat(plan.summary()).isEqualTo("0 will force stop");
        assertThat(plan.nothingToDo()).isEqualTo("Nothing to force stop: no instance is selected");
    }

    @Test
    void aPlanCannotBeChangedAfterTheConfirmationShowedIt() {
        ArrayList<Instance> selection = new ArrayList<>(List.of(running, paused));
        BulkPlan plan = BulkPlan.of(Action.PAUSE, selection, fixture.lifecycle);
        selection.clear();

        assertThat(plan.willRun()).containsExactly(running);
        assertThat(plan.skipped().get("already paused")).containsExactly(paused);
        Assertions.assertThatThrownBy(() -> plan.skipped().clear())
                .isInstanceOf(UnsupportedOperationException.class);
        Assertions.assertThatThrownBy(() -> plan.willRun().add(paused))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
