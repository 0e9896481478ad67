package io.instanceconsole.backend.libvirt;

import io.instanceconsole.backend.BackendEvent;
import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.ConflictException;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.domain.NotFoundException;
import io.instanceconsole.domain.OperationState;
import io.instanceconsole.domain.ReadOnlyException;
import io.instanceconsole.domain.UnavailableException;
import io.instanceconsole.service.ActionResult;
import io.instanceconsole.service.ManagedConnection;
import io.instanceconsole.domain.ResilienceSettings;
import io.instanceconsole.testing.ProjectScripts;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.instanceconsole.backend.libvirt.LibvirtConnections.connect;
import static io.instanceconsole.backend.libvirt.LibvirtConnections.connection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The libvirt adapter and the console's service stack against libvirt's test driver, loaded with a node file of
 * 1,000 domains written by the project's own script ({@code .ci/libvirt-env.sh testnode}). Every connection to the
 * file URI has its own private copy of the domains, so each test opens its own and starts from the file's states:
 * every 7th domain shut off, else every 10th paused, the rest running.
 */
class LibvirtTestDriverIT {
    private static final int DOMAINS = 1_000;
    private static String uri;

    @TempDir
    static Path nodeDir;
    @TempDir
    Path dataDir;

    @BeforeAll
    static void writeNodeFile() {
        uri = ProjectScripts.libvirtTestNode(DOMAINS, nodeDir.resolve("node-1000.xml"));
    }

    private static LibvirtBackend open(boolean readOnly) {
        return LibvirtBackend.open(connection(readOnly ? "test-ro" : "test", uri, readOnly));
    }

    private static Instance byName(List<Instance> listing, String name) {
        return listing.stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void listingShowsAllThousandDomainsWithTheirStatesAndPauseReasons() {
        try (LibvirtBackend backend = open(false)) {
            backend.perform(Action.PAUSE, "ic-test-0001");

            List<Instance> listing = backend.list();

            assertThat(listing).hasSize(DOMAINS);
            Map<InstanceStatus, Long> byStatus = listing.stream()
                    .collect(Collectors.groupingBy(Instance::status, Collectors.counting()));
            // 142 multiples of 7 are shut off; of the 100 multiples of 10, the 14 multiples of 70 are among those.
            assertThat(byStatus).containsExactlyInAnyOrderEntriesOf(Map.of(
                    InstanceStatus.STOPPED, 142L, InstanceStatus.PAUSED, 86L + 1, InstanceStatus.RUNNING, 772L - 1));
            assertThat(byName(listing, "ic-test-0001")).extracting(Instance::status, Instance::statusReason)
                    .containsExactly(InstanceStatus.PAUSED, "user");
            // Paused by the node file, not by anyone: libvirt says it does not know why.
            assertThat(byName(listing, "ic-test-0010")).extracting(Instance::status, Instance::statusReason)
                    .containsExactly(InstanceStatus.PAUSED, "unknown");
            assertThat(byName(listing, "ic-test-0007").status()).isEqualTo(InstanceStatus.STOPPED);
            assertThat(byName(listing, "ic-test-0002").status()).isEqualTo(InstanceStatus.RUNNING);
            assertThat(byName(listing, "ic-test-0002").id()).isEqualTo("1c7e57a0-0000-4000-8000-000000000002");
            assertThat(listing).allSatisfy(i -> assertThat(i.kind()).isEqualTo(BackendKind.LIBVIRT));
        }
    }

    @Test
    void pauseAndResumeThroughTheServiceChangeTheDomainOnTheHostAndInTheStore() {
        try (ServiceFixture console = new ServiceFixture(dataDir)) {
            ManagedConnection managed = connect(console, connection("test", uri, false));
            Instance web = console.knownByName("test", "ic-test-0003").orElseThrow();
            assertThat(web.status()).isEqualTo(InstanceStatus.RUNNING);

            ActionResult paused = console.perform(Action.PAUSE, web.key());

            assertThat(paused.outcome()).as(paused.message()).isEqualTo(OperationState.SUCCEEDED);
            assertThat(managed.backend().inspect(web.id())).extracting(Instance::status, Instance::statusReason)
                    .containsExactly(InstanceStatus.PAUSED, "user");
            assertThat(console.stored(web.key()).orElseThrow().status()).isEqualTo(InstanceStatus.PAUSED);

            ActionResult resumed = console.perform(Action.RESUME, web.key());

            assertThat(resumed.outcome()).as(resumed.message()).isEqualTo(OperationState.SUCCEEDED);
            assertThat(managed.backend().inspect(web.id()).status()).isEqualTo(InstanceStatus.RUNNING);
            assertThat(console.stored(web.key()).orElseThrow().status()).isEqualTo(InstanceStatus.RUNNING);
        }
    }

    @Test
    void everyActionMapsToItsLibvirtCallOnTheTestDriver() {
        try (LibvirtBackend backend = open(false)) {
            String id = "ic-test-0004";
            backend.perform(Action.FORCE_STOP, id);
            assertThat(backend.inspect(id)).extracting(Instance::status, Instance::statusReason)
                    .containsExactly(InstanceStatus.STOPPED, "destroyed");
            backend.perform(Action.START, id);
            assertThat(backend.inspect(id).status()).isEqualTo(InstanceStatus.RUNNING);
            backend.perform(Action.RESTART, id);
            assertThat(backend.inspect(id).status()).isEqualTo(InstanceStatus.RUNNING);
            backend.perform(Action.STOP, id);
            assertThat(backend.inspect(id)).extracting(Instance::status, Instance::statusReason)
                    .containsExactly(InstanceStatus.STOPPED, "shut down");
            backend.perform(Action.DELETE, id);
            assertThatThrownBy(() -> backend.inspect(id)).isInstanceOf(NotFoundException.class);
            assertThat(backend.list()).hasSize(DOMAINS - 1);
        }
    }

    @Test
    void changesMadeOnTheConnectionArriveAsLifecycleEvents() {
        try (LibvirtBackend backend = open(false)) {
            List<BackendEvent> events = new CopyOnWriteArrayList<>();
            var subscription = backend.subscribe(events::add);
            backend.perform(Action.PAUSE, "ic-test-0005");
            backend.perform(Action.FORCE_STOP, "ic-test-0006");
            backend.perform(Action.DELETE, "ic-test-0006");

            assertThat(ServiceFixture.eventually(Duration.ofSeconds(10), () -> events.size() >= 3)).as("events " + events).isTrue();
            subscription.close();
            assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(BackendEvent.Changed.class,
                    c -> assertThat(c.instance()).extracting(Instance::name, Instance::status, Instance::statusReason)
                            .containsExactly("ic-test-0005", InstanceStatus.PAUSED, "user")));
            assertThat(events).contains(new BackendEvent.Removed("1c7e57a0-0000-4000-8000-000000000006"));
        }
    }

    @Test
    void resumingARunningDomainIsAConflictNamingTheDomainAndUri() {
        try (LibvirtBackend backend = open(false)) {
            assertThatThrownBy(() -> backend.perform(Action.RESUME, "ic-test-0002"))
                    .isInstanceOf(ConflictException.class)
                    .hasMessageContaining("ic-test-0002").hasMessageContaining(uri).hasMessageContaining("not paused");
            assertThatThrownBy(() -> backend.perform(Action.START, "ic-test-0002"))
                    .isInstanceOf(ConflictException.class).hasMessageContaining("already running");
            assertThatThrownBy(() -> backend.perform(Action.PAUSE, "ic-test-0007"))
                    .isInstanceOf(ConflictException.class).hasMessageContaining("not running");
        }
    }

    @Test
    void anUnknownDomainIsNotFound() {
        try (LibvirtBackend backend = open(false)) {
            assertThatThrownBy(() -> backend.perform(Action.PAUSE, "no-such-domain"))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("no-such-domain").hasMessageContaining(uri);
            assertThatThrownBy(() -> backend.inspect("1c7e57a0-0000-4000-8000-00000000ffff"))
                    .isInstanceOf(NotFoundException.class);
        }
    }

    @Test
    void libvirtItselfRefusesChangesOnAReadOnlyConnection() {
        try (LibvirtBackend backend = open(true)) {
            assertThat(backend.list()).hasSize(DOMAINS);

            assertThatThrownBy(() -> backend.perform(Action.PAUSE, "ic-test-0002"))
                    .isInstanceOf(ReadOnlyException.class)
                    .hasMessageContaining("ic-test-0002").hasMessageContaining("read only");
            assertThatThrownBy(() -> backend.perform(Action.DELETE, "ic-test-0007"))
                    .isInstanceOf(ReadOnlyException.class);

            assertThat(backend.inspect("ic-test-0002").status()).isEqualTo(InstanceStatus.RUNNING);
            assertThat(backend.inspect("ic-test-0007").status()).isEqualTo(InstanceStatus.STOPPED);
        }
    }

    @Test
    void theServiceRefusesActionsOnAReadOnlyConnectionWithoutSendingThem() {
        try (ServiceFixture console = new ServiceFixture(dataDir)) {
            ManagedConnection managed = connect(console, connection("test-ro", uri, true));
            Instance instance = console.knownByName("test-ro", "ic-test-0002").orElseThrow();

            ActionResult result = console.perform(Action.PAUSE, instance.key());

            assertThat(result.outcome()).isEqualTo(OperationState.REJECTED);
            assertThat(result.message()).contains("read-only").contains("ic-test-0002");
            assertThat(managed.backend().inspect(instance.id()).status()).isEqualTo(InstanceStatus.RUNNING);
        }
    }

    @Test
    void bulkPauseOfEveryRunningDomainThroughTheServiceReachesTheHost() {
        try (ServiceFixture console = new ServiceFixture(dataDir)) {
            ManagedConnection managed = connect(console, connection("test", uri, false),
                    ResilienceSettings.defaults().withBulkhead(8, Duration.ofMinutes(2)));
            List<InstanceKey> running = console.known.ofConnection("test").stream()
                    .filter(i -> i.status() == InstanceStatus.RUNNING).map(Instance::key).toList();
            assertThat(running).hasSize(772);

            List<ActionResult> results = running.stream().map(k -> console.lifecycle.perform(Action.PAUSE, k))
                    .toList().stream().map(CompletableFuture::join).toList();

            assertThat(results).allSatisfy(r -> assertThat(r.outcome()).as(r.message()).isEqualTo(OperationState.SUCCEEDED));
            Map<String, Instance> onHost = managed.backend().list().stream()
                    .collect(Collectors.toMap(Instance::id, Function.identity()));
            assertThat(running).allSatisfy(k -> assertThat(onHost.get(k.instanceId()).status()).isEqualTo(InstanceStatus.PAUSED));
        }
    }

    @Test
    void aMalformedUriFailsAtOnceNamingTheUri() {
        String bad = "qemu:// /sys tem";
        assertThatThrownBy(() -> LibvirtBackend.open(connection("bad", bad, false)))
                .isInstanceOf(InvalidConnectionException.class).hasMessageContaining(bad).hasMessageContaining("malformed");
    }

    @Test
    void anUnknownDriverFailsNamingTheUriAndTheCause() {
        String unknown = "nosuchdriver:///system";
        assertThatThrownBy(() -> LibvirtBackend.open(connection("unknown", unknown, false)))
                .isInstanceOf(InvalidConnectionException.class).hasMessageContaining(unknown)
                .hasMessageContaining("no libvirt driver 'nosuchdriver'");
    }

    @Test
    void aDaemonThatIsNotRunningFailsNamingTheUriWithinTheTimeout() {
        String absent = "qemu+unix:///system?socket=" + nodeDir.resolve("no-daemon.sock");
        long start = System.nanoTime();
        assertThatThrownBy(() -> LibvirtBackend.open(connection("absent", absent, false),
                LibvirtSettings.defaults().withConnectTimeout(Duration.ofSeconds(5)), Clock.systemUTC()))
                .isInstanceOf(UnavailableException.class)
                .hasMessageContaining(absent).hasMessageContaining("no-daemon.sock");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
    }

    @Test
    void aDaemonThatNeverAnswersFailsNamingTheUriWhenTheConnectTimeoutExpires() throws Exception {
        Path socket = nodeDir.resolve("silent.sock");
        // Accepts connections (the kernel's backlog does) and never answers libvirt's handshake.
        try (var silent = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            silent.bind(UnixDomainSocketAddress.of(socket));
            String hanging = "qemu+unix:///system?socket=" + socket;
            long start = System.nanoTime();

            assertThatThrownBy(() -> LibvirtBackend.open(connection("silent", hanging, false),
                    LibvirtSettings.defaults().withConnectTimeout(Duration.ofSeconds(2)), Clock.systemUTC()))
                    .isInstanceOf(UnavailableException.class)
                    .hasMessageContaining(hanging).hasMessageContaining("no answer within 2 s");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        }
    }

    @Test
    void sshThatCannotLogInFailsInsteadOfPromptingForAPassword() {
        // Nothing listens on port 1; with no_tty=1 ssh runs in batch mode and can never prompt.
        String ssh = "qemu+ssh://nobody@127.0.0.1:1/system";
        long start = System.nanoTime();
        assertThatThrownBy(() -> LibvirtBackend.open(connection("ssh", ssh, false),
                LibvirtSettings.defaults().withConnectTimeout(Duration.ofSeconds(10)), Clock.systemUTC()))
                .isInstanceOf(UnavailableException.class)
                .hasMessageContaining(ssh);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(11));
    }
}
