package io.instanceconsole.service;

import io.instanceconsole.backend.BackendEvent;
import io.instanceconsole.backend.BackendListener;
import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.domain.Operation;
import io.instanceconsole.domain.OperationState;
import io.instanceconsole.domain.ResilienceSettings;
import io.instanceconsole.domain.UnavailableException;
import io.instanceconsole.store.Journal;
import io.instanceconsole.testing.DelegatingBackend;
import io.instanceconsole.testing.DelegatingJournal;
import io.instanceconsole.testing.ManualTimer;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reconciler's timers and recoveries, on a timer the test fires by hand (so every delay is seen exactly and
 * nothing sleeps): a host that cannot be listed is marked unreachable and listed again after 1 s, doubling to 30 s,
 * until it answers; the heartbeat notices a lost host and resyncs one that is back; the periodic resync repairs what
 * no event reported and settles what was left unsettled; closing stops all of it and writes what events left queued.
 * The host here sends no events of its own: what reaches the console came from listings, or from events the test
 * sends.
 */
class ReconcilerTimersTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** No breaker in the way: every failure here is the host's, and each listing is really asked for. */
    private static final ResilienceSettings SETTINGS = new ResilienceSettings(Duration.ofSeconds(5), 1000,
            Duration.ofSeconds(30), 4, Duration.ofSeconds(30));

    @TempDir
    Path dataDir;

    @AutoClose
    private ServiceFixture fixture;
    private final ManualTimer timer = new ManualTimer();
    private ScriptedHost host;
    private ManagedConnection lab;
    private Reconciler reconciler;

    /** A simulated host that is silent (its events go nowhere unless a test sends one), failing when told to. */
    static final class ScriptedHost extends DelegatingBackend {
        final AtomicInteger lists = new AtomicInteger();
        final AtomicInteger pings = new AtomicInteger();
        final AtomicInteger subscriptionsClosed = new AtomicInteger();
        volatile RuntimeException listFailure;
        volatile RuntimeException pingFailure;
        volatile BackendListener listener;
        /** Runs inside a listing, after the host was asked and before it answers. */
        volatile Runnable whileListing = () -> { };

        ScriptedHost() {
            super(ServiceFixture.simulator("lab", 8));
        }

        @Override
        public List<Instance> list() {
            lists.incrementAndGet();
            RuntimeException failure = listFailure;
            if (failure != null) {
                throw failure;
            }
            List<Instance> listing = super.list();
            whileListing.run();
            return listing;
        }

        @Override
        public void ping() {
            pings.incrementAndGet();
            RuntimeException failure = pingFailure;
            if (failure != null) {
                throw failure;
            }
        }

        @Override
        public Subscription subscribe(BackendListener eventListener) {
            listener = eventListener;
            return subscriptionsClosed::incrementAndGet;
        }

        void send(BackendEvent event) {
            listener.onEvent(event);
        }
    }

    @BeforeEach
    void connect() throws Exception {
        fixture = new ServiceFixture(dataDir);
        host = new ScriptedHost();
        lab = register(host);
        reconciler = reconciler(fixture.storeJournal);
        reconciler.connect(lab).get(10, TimeUnit.SECONDS);
    }

    private ManagedConnection register(ScriptedHost backend) {
        Connection connection = new Connection("conn-lab", "lab", BackendKind.SIMULATOR, "sim://lab", "", false, true);
        if (fixture.connections.findByName("lab").isEmpty()) {
            fixture.connections.add(connection);
        }
        return fixture.registry.register(connection, backend, SETTINGS);
    }

    private Reconciler reconciler(Journal journal) {
        return new Reconciler(fixture.registry, fixture.instances, journal, fixture.known, fixture.lifecycle, timer);
    }

    @AfterEach
    void tearDown() {
        reconciler.close();
    }

    /** The delays of the resync retries waiting on the timer (the event write-behind's own flushes left out). */
    private List<Long> retriesWaiting() {
        return timer.oneShotDelays().stream().filter(d -> d != InstanceWriteBehind.DELAY.toMillis()).toList();
    }

    private void awaitRetryIn(long delayMillis) {
        ServiceFixture.await(WAIT, () -> "a retry in " + delayMillis + " ms; waiting: " + retriesWaiting(),
                () -> retriesWaiting().equals(List.of(delayMillis)));
    }

    private Optional<InstanceStatus> known(Instance instance) {
        return fixture.known.find(instance.key()).map(Instance::status);
    }

    private Optional<InstanceStatus> stored(Instance instance) {
        return fixture.stored(instance.key()).map(Instance::status);
    }

    /** An operation journaled by a console that is gone, whose outcome nobody recorded. */
    private Operation leftBehind(Action action, Instance instance) {
        Operation pending = new Operation(UUID.randomUUID().toString(), instance.key(), instance.name(), action,
                OperationState.PENDING, Instant.now(), null, "", "someone", "");
        fixture.storeJournal.recordPending(pending);
        return pending;
    }

    @Test
    void aHostThatCannotBeListedIsMarkedUnreachableAndListedAgainAfterOneSecondDoublingToThirtyUntilItAnswers()
            throws Exception {
        Instance running = fixture.firstWithStatus(lab.id(), InstanceStatus.RUNNING);
        host.listFailure = new UnavailableException("lab: connection refused");

        reconciler.resync(lab).get(10, TimeUnit.SECONDS);

        assertThat(lab.health().state()).isEqualTo(ConnectionHealth.State.UNREACHABLE);
        assertThat(lab.health().detail()).isEqualTo("lab: connection refused");
        assertThat(retriesWaiting()).containsExactly(1_000L);
        for (long next : new long[] {2_000, 4_000, 8_000, 16_000, 30_000, 30_000}) {
            timer.oneShotsIn(retriesWaiting().getFirst()).getFirst().fire();
            awaitRetryIn(next);
        }
        int listed = host.lists.get();

        host.listFailure = null;
        host.delegate().changeExternally(running.id(), InstanceStatus.STOPPED, "exited"); // no event reaches the console
        timer.oneShotsIn(30_000).getFirst().fire();

        ServiceFixture.await(WAIT, "the host's state is listed", () -> known(running).equals(Optional.of(InstanceStatus.STOPPED)));
        assertThat(host.lists.get()).isEqualTo(listed + 1);
        assertThat(stored(running)).contains(InstanceStatus.STOPPED);
        ServiceFixture.await(WAIT, "the badge is back", () -> lab.health().state() == ConnectionHealth.State.CONNECTED);
        assertThat(retriesWaiting()).isEmpty();

        // the backoff starts again from one second after an answer
        host.listFailure = new UnavailableException("lab: connection refused");
        reconciler.resync(lab).get(10, TimeUnit.SECONDS);
        assertThat(retriesWaiting()).containsExactly(1_000L);
    }

    @Test
    void aSecondFailureWhileARetryIsWaitingSchedulesNoOtherRetry() throws Exception {
        host.listFailure = new UnavailableException("lab: connection refused");

        reconciler.resync(lab).get(10, TimeUnit.SECONDS);
        reconciler.resync(lab).get(10, TimeUnit.SECONDS);
        reconciler.resyncAll().get(10, TimeUnit.SECONDS);

        assertThat(retriesWaiting()).containsExactly(1_000L);
        timer.oneShotsIn(1_000).getFirst().fire();
        awaitRetryIn(2_000);
    }

    @Test
    void noRetryIsScheduledForAConnectionThatWasReplacedOrAfterClosing() throws Exception {
        ScriptedHost reopened = new ScriptedHost();
        ManagedConnection replacement = register(reopened);
        host.listFailure = new UnavailableException("lab: connection refused");

        reconciler.resync(lab).get(10, TimeUnit.SECONDS); // the old connection, replaced meanwhile
        assertThat(retriesWaiting()).isEmpty();

        reopened.listFailure = new UnavailableException("lab: connection refused");
        reconciler.close();
        reconciler.resync(replacement).get(10, TimeUnit.SECONDS);
        assertThat(retriesWaiting()).isEmpty();
        assertThat(replacement.health().state()).isEqualTo(ConnectionHealth.State.UNREACHABLE);
    }

    @Test
    void theHeartbeatAndThePeriodicResyncAreEachScheduledOnceAtTheirIntervalAndStopWhenClosed() {
        reconciler.startHeartbeat(Duration.ofSeconds(5));
        reconciler.startHeartbeat(Duration.ofSeconds(1));
        reconciler.startPeriodicResync(Duration.ofMinutes(2));
        reconciler.startPeriodicResync(Duration.ofMinutes(1));

        List<ManualTimer.Task> periodic = timer.scheduled().stream().filter(ManualTimer.Task::periodic).toList();
        assertThat(periodic).hasSize(2);
        assertThat(periodic).extracting(t -> t.delayMillis).containsExactly(5_000L, 120_000L);
        assertThat(periodic).extracting(t -> t.periodMillis).containsExactly(5_000L, 120_000L);

        reconciler.close();
        assertThat(periodic).allMatch(ManualTimer.Task::isCancelled);
        assertThat(timer.scheduled()).noneMatch(ManualTimer.Task::periodic);
    }

    @Test
    void aHeartbeatTheHostDoesNotAnswerMarksItUnreachableNamingTheError() {
        Instance running = fixture.firstWithStatus(lab.id(), InstanceStatus.RUNNING);
        reconciler.startHeartbeat(Duration.ofSeconds(5));
        host.pingFailure = new UnavailableException("lab: no route to host");
        int listed = host.lists.get();

        timer.scheduled().getFirst().fire();

        ServiceFixture.await(WAIT, "the badge says so", () -> lab.health().state() == ConnectionHealth.State.UNREACHABLE);
        assertThat(lab.health().detail()).isEqualTo("lab: no route to host");
        assertThat(host.pings.get()).isEqualTo(1);
        assertThat(host.lists.get()).isEqualTo(listed);
        assertThat(known(running)).contains(InstanceStatus.RUNNING); // its row shows the last-known state
    }

    @Test
    void aHostThatAnswersTheHeartbeatAgainIsResyncedAndWhatWasLeftUnsettledIsSettled() {
        Instance running = fixture.firstWithStatus(lab.id(), InstanceStatus.RUNNING);
        Instance paused = fixture.firstWithStatus(lab.id(), InstanceStatus.PAUSED);
        reconciler.startHeartbeat(Duration.ofSeconds(5));
        ManualTimer.Task beat = timer.scheduled().getFirst();
        host.pingFailure = new UnavailableException("lab: no route to host");
        beat.fire();
        ServiceFixture.await(WAIT, "the host is down", () -> lab.health().state() == ConnectionHealth.State.UNREACHABLE);

        // while it was down: a change nobody heard of, and a resume whose outcome was never recorded
        host.delegate().changeExternally(running.id(), InstanceStatus.STOPPED, "exited");
        Operation resume = leftBehind(Action.RESUME, paused);
        host.delegate().perform(Action.RESUME, paused.id());
        host.pingFailure = null;
        beat.fire();

        ServiceFixture.await(WAIT, "the change is listed", () -> known(running).equals(Optional.of(InstanceStatus.STOPPED)));
        ServiceFixture.await(WAIT, "the resume is settled", () -> fixture.storeJournal.findUnsettled().isEmpty());
        assertThat(fixture.storeJournal.recentAudit(100)).anyMatch(e -> e.operationId().equals(resume.id())
                && e.outcome() == OperationState.SUCCEEDED);
        assertThat(lab.health().state()).isEqualTo(ConnectionHealth.State.CONNECTED);
    }

    @Test
    void thePeriodicResyncRepairsWhatNoEventReportedAndSettlesWhatWasLeftUnsettled() {
        Instance running = fixture.firstWithStatus(lab.id(), InstanceStatus.RUNNING);
        Instance stopped = fixture.firstWithStatus(lab.id(), InstanceStatus.STOPPED);
        reconciler.startPeriodicResync(Duration.ofMinutes(1));
        host.delegate().changeExternally(running.id(), InstanceStatus.PAUSED, "user");
        Operation start = leftBehind(Action.START, stopped);
        host.delegate().perform(Action.START, stopped.id());

        timer.scheduled().getFirst().fire();

        ServiceFixture.await(WAIT, "the change is listed", () -> known(running).equals(Optional.of(InstanceStatus.PAUSED)));
        assertThat(stored(running)).contains(InstanceStatus.PAUSED);
        ServiceFixture.await(WAIT, "the start is settled", () -> fixture.storeJournal.findUnsettled().isEmpty());
        assertThat(fixture.storeJournal.recentAudit(100)).anyMatch(e -> e.operationId().equals(start.id())
                && e.outcome() == OperationState.SUCCEEDED);
    }

    @Test
    void aLostEventStreamMarksTheHostUnreachableAndItsReturnResyncsIt() {
        Instance running = fixture.firstWithStatus(lab.id(), InstanceStatus.RUNNING);

        host.send(new BackendEvent.Disconnected("lab: event stream closed"));
        assertThat(lab.health().state()).isEqualTo(ConnectionHealth.State.UNREACHABLE);
        assertThat(lab.health().detail()).isEqualTo("lab: event stream closed");

        host.delegate().changeExternally(running.id(), InstanceStatus.STOPPED, "exited");
        host.send(new BackendEvent.Reconnected());

        ServiceFixture.await(WAIT, "what happened meanwhile is listed",
                () -> known(running).equals(Optional.of(InstanceStatus.STOPPED)));
        ServiceFixture.await(WAIT, "the badge is back", () -> lab.health().state() == ConnectionHealth.State.CONNECTED);
    }

    @Test
    void whenTheUnsettledOperationsCannotBeReadSettlingEndsWithoutSettlingAndWithoutFailingTheResync() throws Exception {
        reconciler.close();
        AtomicInteger reads = new AtomicInteger();
        reconciler = reconciler(new DelegatingJournal(fixture.storeJournal) {
            @Override
            public List<Operation> findUnsettled() {
                reads.incrementAndGet();
                throw new IllegalStateException("the store is not answering");
            }
        });

        assertThat(reconciler.settleUnsettled()).succeedsWithin(WAIT);
        assertThat(reconciler.resyncAll()).succeedsWithin(WAIT);
        assertThat(reads.get()).isEqualTo(2);
    }

    @Test
    void aListingDoesNotUndoWhatArrivedWhileTheHostWasAnswering() throws Exception {
        Instance late = new Instance(new InstanceKey(lab.id(), "late-1"), "late", BackendKind.SIMULATOR,
                "", InstanceStatus.RUNNING, "", Instant.EPOCH, Instant.now());
        // the host lists without it, but reports it created while the listing is on its way
        host.whileListing = () -> host.send(new BackendEvent.Changed(late));

        reconciler.resync(lab).get(10, TimeUnit.SECONDS);

        assertThat(known(late)).contains(InstanceStatus.RUNNING);
        assertThat(stored(late)).as("the store keeps it too").contains(InstanceStatus.RUNNING);
    }

    @Test
    void aListingIsStoredAfterTheEventsBeforeIt() throws Exception {
        Instance running = fixture.firstWithStatus(lab.id(), InstanceStatus.RUNNING);
        // an event, queued for the store (this timer never writes it by itself), then a change without one
        host.delegate().changeExternally(running.id(), InstanceStatus.PAUSED, "user");
        host.send(new BackendEvent.Changed(host.delegate().inspect(running.id())));
        host.delegate().changeExternally(running.id(), InstanceStatus.STOPPED, "exited");

        reconciler.resync(lab).get(10, TimeUnit.SECONDS);
        reconciler.close(); // writes what the events left queued

        assertThat(known(running)).contains(InstanceStatus.STOPPED);
        assertThat(stored(running)).contains(InstanceStatus.STOPPED);
    }

    @Test
    void closingWritesWhatTheEventsLeftQueuedAndStopsFollowingTheHostOnce() {
        Instance running = fixture.firstWithStatus(lab.id(), InstanceStatus.RUNNING);
        host.delegate().changeExternally(running.id(), InstanceStatus.PAUSED, "user");
        host.send(new BackendEvent.Changed(host.delegate().inspect(running.id())));
        assertThat(stored(running)).contains(InstanceStatus.RUNNING); // queued, not yet written

        reconciler.close();
        reconciler.disconnect(lab.id());

        assertThat(stored(running)).contains(InstanceStatus.PAUSED);
        assertThat(host.subscriptionsClosed.get()).isEqualTo(1);
    }
}
