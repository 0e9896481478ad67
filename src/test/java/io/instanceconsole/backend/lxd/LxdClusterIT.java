package io.instanceconsole.backend.lxd;

import io.instanceconsole.concurrent.ConsoleThreads;
import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.ConflictException;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.InstanceStats;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.domain.NotFoundException;
import io.instanceconsole.domain.OperationState;
import io.instanceconsole.domain.ResilienceSettings;
import io.instanceconsole.domain.UnavailableException;
import io.instanceconsole.service.ActionResult;
import io.instanceconsole.service.ManagedConnection;
import io.instanceconsole.testing.ProjectScripts;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The LXD backend against the tests' real 3-member LXD cluster (.ci/lxd-cluster.sh), through member 1's unix socket:
 * every outcome is checked with LXD's own {@code lxc list}.
 */
class LxdClusterIT extends LxdClusterTest {
    /** The limit for an outside pause to reach the row, the freeze's own second included. */
    private static final Duration EVENT_LIMIT = Duration.ofMillis(1500);
    @Test
    void instancesAreListedWithTheMemberThatRunsThemAndTheirState() {
        List<String> names = lxc.launchAcross("list", 3, MEMBERS);
        lxc.lxc("pause", names.get(1));
        lxc.lxc("stop", "--force", names.get(2));

        try (LxdBackend backend = open(connection("cluster", unixUri()))) {
            Map<String, Instance> listed = backend.list().stream()
                    .collect(Collectors.toMap(Instance::name, Function.identity()));

            assertThat(listed).containsKeys(names.toArray(String[]::new));
            for (int i = 0; i < 3; i++) {
                Instance instance = listed.get(names.get(i));
                assertThat(instance.location()).isEqualTo(MEMBERS[i]).isEqualTo(lxc.location(names.get(i)));
                assertThat(instance.hostLabel("cluster")).isEqualTo("cluster/" + MEMBERS[i]);
                assertThat(instance.kind()).isEqualTo(BackendKind.LXD);
                assertThat(instance.image()).isEqualTo("busybox-static for the Instance Console tests");
                assertThat(instance.created()).isNotNull();
            }
            assertThat(listed.get(names.get(0)).status()).isEqualTo(InstanceStatus.RUNNING);
            assertThat(listed.get(names.get(1)).status()).isEqualTo(InstanceStatus.PAUSED);
            assertThat(listed.get(names.get(2)).status()).isEqualTo(InstanceStatus.STOPPED);
            assertThat(backend.inspect(names.get(1))).extracting(Instance::status, Instance::location)
                    .containsExactly(InstanceStatus.PAUSED, "m2");
        }
    }

    @Test
    void pauseAndResumeOfInstancesOnEveryMemberGoThroughMemberOne() {
        List<String> names = lxc.launchAcross("freeze", 3, MEMBERS);
        ManagedConnection managed = connect(connection("cluster", unixUri()), ResilienceSettings.defaults());

        for (String name : names) {
            ActionResult pause = console.perform(Action.PAUSE, new InstanceKey(managed.id(), name));
            assertThat(pause.outcome()).as(pause.message()).isEqualTo(OperationState.SUCCEEDED);
        }
        assertThat(names).allSatisfy(name -> assertThat(lxc.status(name)).isEqualTo("FROZEN"));
        assertThat(names).allSatisfy(name -> assertThat(console.stored(new InstanceKey(managed.id(), name)).orElseThrow()
                .status()).isEqualTo(InstanceStatus.PAUSED));

        for (String name : names) {
            ActionResult resume = console.perform(Action.RESUME, new InstanceKey(managed.id(), name));
            assertThat(resume.outcome()).as(resume.message()).isEqualTo(OperationState.SUCCEEDED);
        }
        assertThat(names).allSatisfy(name -> assertThat(lxc.status(name)).isEqualTo("RUNNING"));
    }

    @Test
    void stopStartRestartAndDeleteAreConfirmedByLxc() {
        String name = lxc.launch("life", "m3");
        try (LxdBackend backend = open(connection("cluster", unixUri()))) {
            backend.perform(Action.FORCE_STOP, name);
            assertThat(lxc.status(name)).isEqualTo("STOPPED");
            backend.perform(Action.START, name);
            assertThat(lxc.status(name)).isEqualTo("RUNNING");
            backend.perform(Action.RESTART, name);
            assertThat(lxc.status(name)).isEqualTo("RUNNING");
            backend.perform(Action.FORCE_STOP, name);
            backend.perform(Action.DELETE, name);
            assertThat(lxc.lxc("list", "^" + name + "$", "-c", "n", "--format", "csv")).isBlank();
            assertThatThrownBy(() -> backend.inspect(name)).isInstanceOf(NotFoundException.class).hasMessageContaining(name);
        }
    }

    /** A console that has not heard of the change yet sends the freeze, and LXD's operation fails "already frozen". */
    @Test
    void freezingAFrozenInstanceIsAConflictThatNeverOpensTheBreaker() {
        String name = lxc.launch("twice", "m2");
        lxc.lxc("pause", name);
        ResilienceSettings strict = ResilienceSettings.defaults().withBreaker(2, Duration.ofSeconds(30));
        LxdBackend backend = open(connection("cluster", unixUri()));
        ManagedConnection managed = console.connect(connection("cluster", unixUri()), backend, strict);

        for (int i = 0; i < 4; i++) {
            Throwable error = managed.call(() -> {
                backend.perform(Action.PAUSE, name);
                return true;
            }).handle((ok, e) -> e).join();
            assertThat(unwrap(error)).isInstanceOf(ConflictException.class).hasMessageContaining("already frozen")
                    .hasMessageContaining(name);
        }
        assertThat(managed.isBreakerOpen()).isFalse();
        assertThat(lxc.status(name)).isEqualTo("FROZEN");
    }

    @Test
    void aPauseMadeWithLxcReachesTheRowWithinOneAndAHalfSeconds() {
        List<String> names = lxc.launchAcross("outside", 3, MEMBERS);
        ServiceFixture.Published published = console.record();
        ManagedConnection managed = connect(connection("cluster", unixUri()), ResilienceSettings.defaults());

        for (String name : names) {
            InstanceKey key = new InstanceKey(managed.id(), name);
            long start = System.nanoTime();
            lxc.lxc("pause", name);
            Duration left = EVENT_LIMIT.minusNanos(System.nanoTime() - start);
            ServiceFixture.await(left.isNegative() ? Duration.ZERO : left, "the pause of " + name + " reaches the store",
                    () -> console.storedMatches(key, i -> i.status() == InstanceStatus.PAUSED));
            System.out.printf("LxdClusterIT: lxc pause of %s on %s reached the store after %d ms%n", name,
                    lxc.location(name), Duration.ofNanos(System.nanoTime() - start).toMillis());
            ServiceFixture.await(EVENT_LIMIT, "listeners told",
                    () -> published.upserted(i -> i.id().equals(name) && i.status() == InstanceStatus.PAUSED));
        }
    }

    /**
     * Renamed and moved with {@code lxc} while the console shows them: the old name is gone in one line naming it, with
     * nothing left pending; the new name and the new member reach the store by events; the moved one still pauses.
     */
    @Test
    void anInstanceRenamedOrMovedBehindTheConsolesBackIsFollowedAndItsOldNameIsOneLine() {
        String renamed = lxc.launch("renamed", "m1");
        String moved = lxc.launch("moved", "m2");
        ManagedConnection managed = connect(connection("cluster", unixUri()), ResilienceSettings.defaults());
        InstanceKey oldKey = new InstanceKey(managed.id(), renamed);
        String newName = renamed + "-new";

        lxc.lxc("stop", "--force", renamed);
        lxc.lxc("move", renamed, newName);
        lxc.adopt(newName);
        ActionResult pause = console.perform(Action.PAUSE, oldKey);

        assertThat(pause.outcome()).isNotEqualTo(OperationState.SUCCEEDED);
        assertThat(pause.message()).as("one line naming it, whether the rename reached the store first or not").contains(renamed).doesNotContain("\n");
        assertThat(console.storeJournal.findUnsettled()).as("nothing left pending").isEmpty();
        ServiceFixture.await(Duration.ofSeconds(10), "the new name replaces the old one in the store",
                () -> console.stored(oldKey).isEmpty()
                        && console.storedMatches(new InstanceKey(managed.id(), newName), i -> i.location().equals("m1")));

        lxc.lxc("stop", "--force", moved);
        lxc.lxc("move", moved, "--target", "m3");
        lxc.lxc("start", moved);
        InstanceKey movedKey = new InstanceKey(managed.id(), moved);
        ServiceFixture.await(Duration.ofSeconds(10), "the store has it on member 3, running",
                () -> console.storedMatches(movedKey, i -> i.location().equals("m3") && i.status() == InstanceStatus.RUNNING));
        ActionResult pauseMoved = console.perform(Action.PAUSE, movedKey);
        assertThat(pauseMoved.outcome()).as(pauseMoved.message()).isEqualTo(OperationState.SUCCEEDED);
        assertThat(lxc.status(moved)).isEqualTo("FROZEN");
        assertThat(lxc.location(moved)).isEqualTo("m3");
    }

    @Test
    void resourceUseOfAnInstanceOnAnotherMemberIsReadThroughMemberOne() {
        String name = lxc.launch("stats", "m3");
        try (LxdBackend backend = open(connection("cluster", unixUri()))) {
            InstanceStats first = backend.stats(name);
            assertThat(first.memoryBytes()).as("memory in use").isPositive();
            assertThat(first.cpuPercent()).as("no CPU figure from one sample").isNegative();
            lxc.lxc("exec", name, "--", "sh", "-c", "i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done");
            InstanceStats second = backend.stats(name);
            assertThat(second.cpuPercent()).as("CPU use since the first sample").isPositive();
            assertThatThrownBy(() -> backend.stats("no-such-instance")).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("no-such-instance");
        }
    }

    @Test
    void anUnknownInstanceIsNotFoundNamingIt() {
        try (LxdBackend backend = open(connection("cluster", unixUri()))) {
            assertThatThrownBy(() -> backend.inspect("no-such-instance")).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("no-such-instance");
            assertThatThrownBy(() -> backend.perform(Action.PAUSE, "no-such-instance")).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("no-such-instance");
        }
    }

    @Test
    void aProjectThatDoesNotExistIsOneLineNamingIt() {
        Connection connection = connection("nowhere", unixUri() + "?project=no-such-project");
        assertThatThrownBy(() -> open(connection)).isInstanceOf(UnavailableException.class)
                .hasMessage("LXD at " + unixUri() + " has no project 'no-such-project'");
    }

    @Test
    void aDockerSocketIsNotAnLxdEndpoint() {
        String docker = ProjectScripts.dockerEngine("a").replaceFirst("^unix://", "");
        String uri = "lxd+unix://" + docker;
        assertThatThrownBy(() -> open(connection("docker", uri))).isInstanceOf(UnavailableException.class)
                .hasMessageStartingWith(uri + " is not an LXD endpoint: it answered HTTP 404")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    private ManagedConnection connect(Connection connection, ResilienceSettings settings) {
        return console.connect(connection, open(connection), settings);
    }

    private LxdBackend open(Connection connection) {
        return LxdBackend.open(connection, dataDir.resolve("data"), new ConsoleThreads(), LxdSettings.defaults(),
                Clock.systemUTC());
    }

    private static Connection connection(String name, String uri) {
        return new Connection(UUID.randomUUID().toString(), name, BackendKind.LXD, uri, "", false, true);
    }

    private static String unixUri() {
        return "lxd+unix://" + lxc.cluster().socket();
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
