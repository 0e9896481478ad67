package io.instanceconsole.ui.instances;

import io.instanceconsole.backend.simulator.SimulatorBackend;
import io.instanceconsole.backend.simulator.SimulatorSettings;
import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.InstanceStats;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.domain.OperationState;
import io.instanceconsole.service.ActionResult;
import io.instanceconsole.service.ConnectionHealth;
import io.instanceconsole.service.InstanceActions;
import io.instanceconsole.service.InstanceChanges;
import io.instanceconsole.service.StatsService;
import io.instanceconsole.testing.ServiceFixture;
import io.instanceconsole.ui.common.Notifier;
import io.instanceconsole.ui.common.UiServiceEvents;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** The table's view model without the JavaFX toolkit: a current-thread UI executor and a fake service. */
class InstanceTableViewModelTest {
    private final FakeActions actions = new FakeActions();
    private final List<String> notifications = new ArrayList<>();
    private InstanceTableViewModel viewModel;

    private static final Instance RUNNING = instance("web", InstanceStatus.RUNNING);
    private static final Instance PAUSED = instance("db", InstanceStatus.PAUSED);
    private static final Instance STOPPED = instance("cache", InstanceStatus.STOPPED);

    private final List<String> withdrawn = new ArrayList<>();

    @BeforeEach
    void setUp() {
        viewModel = new InstanceTableViewModel(actions, Runnable::run, new Notifier() {
            @Override
            public void notify(Severity severity, String message) {
                notifications.add(severity + ": " + message);
            }

            @Override
            public void withdraw(String message) {
                withdrawn.add(message);
            }
        }, id -> "Lab");
        viewModel.setClock(Clock.fixed(Instant.parse("2026-12-07T08:00:05Z"), ZoneOffset.UTC));
        viewModel.load(List.of(RUNNING, PAUSED, STOPPED));
    }

    @Test
    void anEmptyTableSaysWhetherNothingIsKnownYetOrNothingMatchesTheFilter() {
        viewModel.filterTextProperty().set("zzzz");

        assertThat(viewModel.sortedRows()).isEmpty();
        assertThat(viewModel.emptyTextProperty().get()).contains("No instance matches 'zzzz'").contains("3 instances in all");

        viewModel.filterTextProperty().set("");
        viewModel.load(List.of());

        assertThat(viewModel.emptyTextProperty().get()).isEqualTo(InstanceTableViewModel.NO_INSTANCES_YET);
    }

    @Test
    void anEmptyTableSaysWhetherThereAreNoConnectionsOrHostsStillToAnswerOrNothingOnThem() {
        viewModel.load(List.of());
        viewModel.hostNews(List.of(new UiServiceEvents.HostNews.Existing(Set.of("a", "b"))));
        assertThat(viewModel.emptyTextProperty().get()).isEqualTo(InstanceTableViewModel.NO_INSTANCES_YET);

        viewModel.hostNews(List.of(health("a", ConnectionHealth.State.CONNECTED)));
        assertThat(viewModel.emptyTextProperty().get()).as("b has not answered yet")
                .isEqualTo(InstanceTableViewModel.NO_INSTANCES_YET);

        viewModel.hostNews(List.of(health("b", ConnectionHealth.State.UNREACHABLE)));
        assertThat(viewModel.emptyTextProperty().get())
                .isEqualTo("No instances known (1 of 2 hosts not answering or disabled)");

        viewModel.hostNews(List.of(new UiServiceEvents.HostNews.Existing(Set.of("a"))));
        assertThat(viewModel.emptyTextProperty().get()).isEqualTo(InstanceTableViewModel.NO_INSTANCES);

        viewModel.hostNews(List.of(new UiServiceEvents.HostNews.Existing(Set.of())));
        assertThat(viewModel.emptyTextProperty().get()).isEqualTo(InstanceTableViewModel.NO_CONNECTIONS);
    }

    private static UiServiceEvents.HostNews health(String connectionId, ConnectionHealth.State state) {
        return new UiServiceEvents.HostNews.Health(connectionId,
                new ConnectionHealth(state, Instant.parse("2026-12-07T08:00:00Z"), null, ""));
    }

    @Test
    void pauseIsEnabledOnlyForRunningRowsAndResumeOnlyForPausedRows() {
        assertThat(row(RUNNING).pauseCommand().isExecutable()).isTrue();
        assertThat(row(RUNNING).resumeCommand().isExecutable()).isFalse();
        assertThat(row(PAUSED).pauseCommand().isExecutable()).isFalse();
        assertThat(row(PAUSED).resumeCommand().isExecutable()).isTrue();
        assertThat(row(STOPPED).pauseCommand().isExecutable()).isFalse();
        assertThat(row(STOPPED).resumeCommand().isExecutable()).isFalse();
    }

    @Test
    void rowShowsPausingAndBothButtonsAreDisabledWhileThePauseIsInFlight() {
        row(RUNNING).pauseCommand().execute();

        assertThat(row(RUNNING).stateProperty().get().statusText()).isEqualTo("Pausing…");
        assertThat(row(RUNNING).pauseCommand().isExecutable()).isFalse();
        assertThat(row(RUNNING).resumeCommand().isExecutable()).isFalse();
        assertThat(actions.sent).containsExactly(Action.PAUSE + " " + RUNNING.key());
    }

    @Test
    void afterTheHostConfirmsThePauseTheRowIsPausedAndOffersResume() {
        row(RUNNING).pauseCommand().execute();
        viewModel.apply(List.of(InstanceChanges.of(RUNNING.withStatus(InstanceStatus.PAUSED, "user", Instant.now()))));
        actions.complete(RUNNING.key(), OperationState.SUCCEEDED, "");

        assertThat(row(RUNNING).stateProperty().get().statusText()).isEqualTo("Paused");
        assertThat(row(RUNNING).resumeCommand().isExecutable()).isTrue();
        assertThat(row(RUNNING).pauseCommand().isExecutable()).isFalse();
        assertThat(notifications).isEmpty();
    }

    @Test
    void failedActionIsShownOnTheRowAndAsOneNotification() {
        row(RUNNING).pauseCommand().execute();
        actions.complete(RUNNING.key(), OperationState.FAILED, "host 'Lab' is failing: circuit open, retry in 12 s");

        assertThat(row(RUNNING).stateProperty().get().error()).contains("circuit open");
        assertThat(row(RUNNING).stateProperty().get().error()).as("which action failed, and when")
                .startsWith("Pause failed at 08:00:05: ");
        assertThat(row(RUNNING).pauseCommand().isExecutable()).isTrue();
        assertThat(notifications).containsExactly("ERROR: host 'Lab' is failing: circuit open, retry in 12 s");
    }

    @Test
    void anUnknownOutcomeIsAWarningNotAFailureOnTheRow() {
        row(RUNNING).pauseCommand().execute();
        actions.complete(RUNNING.key(), OperationState.UNKNOWN, "outcome of pause of 'web' is unknown (no answer in 30 s); the console will check the host");

        assertThat(row(RUNNING).stateProperty().get().error()).as("the settlement brings the real state").isEmpty();
        assertThat(row(RUNNING).stateProperty().get().inFlight()).isNull();
        assertThat(notifications).containsExactly("WARNING: outcome of pause of 'web' is unknown (no answer in 30 s); "
                + "the console will check the host");
    }

    @Test
    void aConnectionReopenedWithOtherSettingsUpdatesWhatItsRowsOffer() {
        ConnectionHealth connected = new ConnectionHealth(
                ConnectionHealth.State.CONNECTED, Instant.now(), null, "");
        assertThat(row(RUNNING).pauseCommand().isExecutable()).isTrue();

        actions.readOnly = true; // switched on in the Connections view: the connection is reopened with it
        viewModel.hostHealthChanged(RUNNING.connectionId(), connected, Instant.now());
        assertThat(row(RUNNING).pauseCommand().isExecutable()).isFalse();
        assertThat(row(RUNNING).whyNot(Action.PAUSE)).contains("read-only");

        actions.readOnly = false;
        viewModel.hostHealthChanged(RUNNING.connectionId(), connected, Instant.now());
        assertThat(row(RUNNING).pauseCommand().isExecutable()).isTrue();
    }

    @Test
    void aRowThatStopsMatchingTheFilterLeavesTheTableAndTheSelection() {
        List<List<String>> keep = new ArrayList<>();
        viewModel.onSelectionToKeep(rows -> keep.add(rows.stream().map(r -> r.snapshot().name()).toList()));
        viewModel.filterTextProperty().set("status:running status:paused");
        viewModel.selectionChanged(List.of(row(RUNNING), row(PAUSED)));

        viewModel.apply(List.of(InstanceChanges.of(PAUSED.withStatus(InstanceStatus.STOPPED, "", Instant.now()))));

        assertThat(viewModel.sortedRows()).extracting(r -> r.snapshot().name()).containsExactly("web");
        assertThat(keep).last().isEqualTo(List.of("web"));

        viewModel.apply(List.of(InstanceChanges.of(STOPPED.withStatus(InstanceStatus.RUNNING, "", Instant.now()))));
        assertThat(viewModel.sortedRows()).extracting(r -> r.snapshot().name()).containsExactlyInAnyOrder("web", "cache");
    }

    @Test
    void commandThatIsNotExecutableDoesNothing() {
        row(PAUSED).pauseCommand().execute();

        assertThat(actions.sent).isEmpty();
    }

    @Test
    void enablementFollowsEveryStateChangeEvenWhenNobodyReadsTheStateProperty() {
        InstanceRowViewModel row = row(PAUSED);
        var resumable = row.resumeCommand().executableProperty();
        assertThat(resumable.get()).isTrue();

        row.started(Action.RESUME);
        assertThat(resumable.get()).as("in flight").isFalse();
        // nothing read the row's state property in between: its next change must still reach the binding
        row.finished("");

        assertThat(resumable.get()).isTrue();
    }

    @Test
    void changesUpdateRowsInPlaceAddNewOnesAndDropRemovedOnes() {
        InstanceRowViewModel before = row(RUNNING);
        Instance added = instance("new", InstanceStatus.CREATED);

        viewModel.apply(List.of(new InstanceChanges(
                List.of(RUNNING.withStatus(InstanceStatus.PAUSED, "user", Instant.now()), added),
                List.of(STOPPED.key()))));

        assertThat(row(RUNNING)).isSameAs(before);
        assertThat(before.snapshot().status()).isEqualTo(InstanceStatus.PAUSED);
        assertThat(viewModel.row(added.key())).isNotNull();
        assertThat(viewModel.row(STOPPED.key())).isNull();
        assertThat(viewModel.sortedRows()).hasSize(3);
        assertThat(viewModel.summaryProperty().get()).isEqualTo("3 instances · 1 created · 2 paused");
    }

    @Test
    void theSelectionByHostAndStatusFollowsChangesToSelectedRowsOnly() {
        viewModel.selectionChanged(List.of(row(RUNNING), row(PAUSED)));
        assertThat(kinds()).containsExactlyInAnyOrder("lab running", "lab paused");

        viewModel.apply(List.of(new InstanceChanges(List.of(RUNNING.withStatus(InstanceStatus.PAUSED, "user", Instant.now()),
                STOPPED.withStatus(InstanceStatus.RUNNING, "user", Instant.now())), List.of())));
        assertThat(kinds()).as("the unselected row that started is not counted").containsExactly("lab paused");

        viewModel.apply(List.of(new InstanceChanges(List.of(), List.of(PAUSED.key()))));
        assertThat(kinds()).as("one paused row is still selected").containsExactly("lab paused");

        viewModel.selectionChanged(List.of(row(STOPPED)));
        assertThat(kinds()).containsExactly("lab running");
    }

    private List<String> kinds() {
        return viewModel.selection().kinds().stream().map(i -> i.connectionId() + " " + i.status().key()).toList();
    }

    @Test
    void aSampleThatArrivesAfterTheRowWasPausedDoesNotShowOnIt(@TempDir Path dir)
            throws Exception {
        try (ServiceFixture fixture = new ServiceFixture(dir)) {
            // a host that takes 300 ms to answer a stats call, so the pause lands while the sample is on its way
            SimulatorBackend slow = new SimulatorBackend(
                    "conn-lab", "lab", SimulatorSettings.inMemory(10,
                    Duration.ofMillis(300)), Clock.systemUTC());
            fixture.connect("lab", slow, ServiceFixture.testSettings(), false);
            Instance running = fixture.known.all().stream().filter(i -> i.status() == InstanceStatus.RUNNING)
                    .findFirst().orElseThrow();
            Instance other = fixture.known.all().stream().filter(i -> i.status() == InstanceStatus.RUNNING && i != running)
                    .findFirst().orElseThrow();
            viewModel.load(List.of(running, other));
            viewModel.setStatsSampler(new StatsService(fixture.registry));

            viewModel.sampleStats(List.of(row(running), row(other)));
            viewModel.apply(List.of(InstanceChanges.of(running.withStatus(InstanceStatus.PAUSED, "user", Instant.now()))));
            ServiceFixture.await(Duration.ofSeconds(5), "the other row's sample",
                    () -> row(other).statsProperty().get() != null);

            assertThat(row(running).statsProperty().get()).as("figures on the paused row").isNull();
        }
    }

    private InstanceRowViewModel row(Instance instance) {
        return viewModel.row(instance.key());
    }

    // ---- issue 24 (1): an unreachable host is unmistakable

    @Test
    void rowsOfADisabledHostAreLastKnownTooAndComeBackWhenItIsEnabled() {
        viewModel.hostHealthChanged(RUNNING.connectionId(), new ConnectionHealth(
                ConnectionHealth.State.DISABLED, Instant.now(), null, ""), Instant.now());

        assertThat(viewModel.summaryProperty().get()).isEqualTo("3 instances · 3 last known");
        assertThat(row(RUNNING).state().staleNote()).isEqualTo("host disabled");

        viewModel.hostHealthChanged(RUNNING.connectionId(), new ConnectionHealth(
                ConnectionHealth.State.CONNECTED, Instant.now(), null, ""), Instant.now());

        assertThat(viewModel.summaryProperty().get()).contains("1 running").doesNotContain("last known");
    }

    @Test
    void rowsOfAnUnreachableHostAreCountedApartAsLastKnownAndShowNoLiveFigures() {
        row(RUNNING).setStats(new InstanceStats(12.5, 1 << 20, 1 << 30));
        assertThat(viewModel.summaryProperty().get()).contains("1 running").doesNotContain("last known");

        viewModel.hostHealthChanged(RUNNING.connectionId(), new ConnectionHealth(
                ConnectionHealth.State.UNREACHABLE, Instant.now(), null, "refused"), Instant.now());

        assertThat(viewModel.summaryProperty().get()).as("the host's rows are no longer counted as running")
                .isEqualTo("3 instances · 3 last known");
        assertThat(row(RUNNING).statsProperty().get()).as("no live figure for a host that does not answer").isNull();

        viewModel.hostHealthChanged(RUNNING.connectionId(), new ConnectionHealth(
                ConnectionHealth.State.CONNECTED, Instant.now(), null, ""), Instant.now());

        assertThat(viewModel.summaryProperty().get()).contains("1 running").doesNotContain("last known");
    }

    // ---- issue 24 (2): errors clear themselves when their cause is gone

    private static ConnectionHealth health(ConnectionHealth.State state) {
        return new ConnectionHealth(state, Instant.now(), Instant.now().plusSeconds(14), "");
    }

    @Test
    void anOutageNotificationAndTheRowErrorGoWhenTheHostAnswersAgain() {
        row(RUNNING).pauseCommand().execute();
        viewModel.hostHealthChanged(RUNNING.connectionId(), health(ConnectionHealth.State.CIRCUIT_OPEN), Instant.now());
        actions.complete(RUNNING.key(), OperationState.FAILED, "host 'Lab' is failing: circuit open, retry in 14 s");
        assertThat(row(RUNNING).state().error()).isNotEmpty();

        viewModel.hostHealthChanged(RUNNING.connectionId(), health(ConnectionHealth.State.CONNECTED), Instant.now());

        assertThat(withdrawn).containsExactly("host 'Lab' is failing: circuit open, retry in 14 s");
        assertThat(row(RUNNING).state().error()).as("the red mark goes with its cause").isEmpty();
    }

    @Test
    void aRowErrorGoesWhenTheHostReportsANewStateOrALaterActionSucceeds() {
        row(RUNNING).pauseCommand().execute();
        actions.complete(RUNNING.key(), OperationState.FAILED, "conflict");
        assertThat(row(RUNNING).state().error()).isEqualTo("Pause failed at 08:00:05: conflict");

        viewModel.apply(List.of(InstanceChanges.of(RUNNING.withStatus(InstanceStatus.PAUSED, "user", Instant.now()))));

        assertThat(row(RUNNING).state().error()).as("a host event refreshed the row").isEmpty();
        assertThat(withdrawn).containsExactly("conflict");

        row(RUNNING).resumeCommand().execute();
        actions.complete(RUNNING.key(), OperationState.FAILED, "conflict again");
        row(RUNNING).resumeCommand().execute();
        actions.complete(RUNNING.key(), OperationState.SUCCEEDED, "");
        assertThat(row(RUNNING).state().error()).isEmpty();
        assertThat(withdrawn).containsExactly("conflict", "conflict again");
    }

    @Test
    void anUnknownOutcomeWarningGoesWhenTheSettlementBringsTheRowsState() {
        row(RUNNING).pauseCommand().execute();
        actions.complete(RUNNING.key(), OperationState.UNKNOWN, "outcome of pause of 'web' is unknown (no answer in 30 s)");

        viewModel.apply(List.of(InstanceChanges.of(RUNNING.withStatus(InstanceStatus.RUNNING, "", Instant.now()))));

        assertThat(withdrawn).containsExactly("outcome of pause of 'web' is unknown (no answer in 30 s)");
    }

    private static Instance instance(String id, InstanceStatus status) {
        return new Instance(new InstanceKey("lab", id), id, BackendKind.SIMULATOR, "img", status, "", Instant.EPOCH, Instant.now());
    }

    /** Records what was sent; the test decides when and how each action completes. */
    private static final class FakeActions implements InstanceActions {
        final List<String> sent = new ArrayList<>();
        final Map<InstanceKey, CompletableFuture<ActionResult>> pending = new HashMap<>();
        final Map<InstanceKey, Action> actions = new HashMap<>();
        boolean readOnly;

        @Override
        public CompletableFuture<ActionResult> perform(Action action, InstanceKey key) {
            sent.add(action + " " + key);
            actions.put(key, action);
            return pending.computeIfAbsent(key, k -> new CompletableFuture<>());
        }

        @Override
        public Optional<String> whyNot(Action action, Instance instance) {
            if (readOnly) {
                return Optional.of("connection 'Lab' is read-only");
            }
            return action.isAllowedFrom(instance.status()) ? Optional.empty()
                    : Optional.of("'" + instance.name() + "' is " + instance.status().key());
        }

        void complete(InstanceKey key, OperationState outcome, String message) {
            pending.remove(key).complete(new ActionResult(key, key.instanceId(), actions.get(key), outcome, null, message));
        }
    }
}
