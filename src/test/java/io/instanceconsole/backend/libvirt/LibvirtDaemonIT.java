package io.instanceconsole.backend.libvirt;

import io.instanceconsole.backend.BackendEvent;
import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.ConflictException;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.domain.NotFoundException;
import io.instanceconsole.domain.OperationState;
import io.instanceconsole.domain.ReadOnlyException;
import io.instanceconsole.domain.UnavailableException;
import io.instanceconsole.service.ActionResult;
import io.instanceconsole.service.ConnectionHealth;
import io.instanceconsole.service.ManagedConnection;
import io.instanceconsole.testing.ProjectScripts;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.instanceconsole.backend.libvirt.LibvirtConnections.connect;
import static io.instanceconsole.backend.libvirt.LibvirtConnections.connection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The libvirt adapter and the console's service stack against a real libvirtd (QEMU driver, {@code qemu:///system}
 * flavour on a private socket) running {@code ic-tiny}, a 96 MiB TCG guest whose serial console prints
 * {@code IC-TINY-TICK <n>} every second. Started and stopped by {@code .ci/libvirt-env.sh} through
 * {@link ProjectScripts}. Each test leaves ic-tiny running.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LibvirtDaemonIT {
    private static final String DOMAIN = "ic-tiny";
    private static ProjectScripts.LibvirtDaemon daemon;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void startDaemon() {
        daemon = ProjectScripts.libvirtDaemon();
    }

    @AfterEach
    void leaveTheGuestRunning() {
        String state = daemon.virsh("domstate", DOMAIN).strip();
        if (state.startsWith("paused")) {
            daemon.virsh("resume", DOMAIN);
        }
    }

    @Test
    @Order(1)
    void listingShowsTheRunningGuest() {
        try (LibvirtBackend backend = LibvirtBackend.open(connection("daemon", daemon.uri(), false))) {
            List<Instance> listing = backend.list();

            assertThat(backend.driver()).isEqualTo("QEMU");
            assertThat(listing).singleElement().satisfies(i -> {
                assertThat(i.name()).isEqualTo(DOMAIN);
                assertThat(i.status()).isEqualTo(InstanceStatus.RUNNING);
            });
        }
    }

    @Test
    @Order(2)
    void pauseThroughTheServiceStopsTheGuestsTicksAndResumeContinuesThem() throws Exception {
        try (ServiceFixture console = new ServiceFixture(dataDir)) {
            ManagedConnection managed = connect(console, connection("daemon", daemon.uri(), false));
            Instance tiny = console.knownByName("daemon", DOMAIN).orElseThrow();
            assertThat(tiny.status()).isEqualTo(InstanceStatus.RUNNING);
            assertThat(ServiceFixture.eventually(Duration.ofSeconds(5), () -> lastTick().isPresent())).as("guest ticks").isTrue();

            ActionResult paused = console.perform(Action.PAUSE, tiny.key());

            assertThat(paused.outcome()).as(paused.message()).isEqualTo(OperationState.SUCCEEDED);
            assertThat(managed.backend().inspect(tiny.id())).extracting(Instance::status, Instance::statusReason)
                    .containsExactly(InstanceStatus.PAUSED, "user");
            assertThat(daemon.virsh("domstate", DOMAIN, "--reason")).contains("paused (user)");
            int tickWhenPaused = lastTick().orElseThrow();
            TimeUnit.SECONDS.sleep(4);
            assertThat(lastTick()).as("no new tick in 4 s while paused").hasValue(tickWhenPaused);

            ActionResult resumed = console.perform(Action.RESUME, tiny.key());

            assertThat(resumed.outcome()).as(resumed.message()).isEqualTo(OperationState.SUCCEEDED);
            assertThat(managed.backend().inspect(tiny.id()).status()).isEqualTo(InstanceStatus.RUNNING);
            assertThat(ServiceFixture.eventually(Duration.ofSeconds(5), () -> lastTick().orElse(0) > tickWhenPaused))
                    .as("ticks continue after resume").isTrue();
        }
    }

    @Test
    @Order(3)
    void aSuspendByVirshInAnotherProcessReachesTheStoreAndListenersThroughEvents() {
        try (ServiceFixture console = new ServiceFixture(dataDir)) {
            ServiceFixture.Published published = console.record();
            connect(console, connection("daemon", daemon.uri(), false));
            Instance tiny = console.knownByName("daemon", DOMAIN).orElseThrow();
            assertThat(tiny.status()).isEqualTo(InstanceStatus.RUNNING);
            published.changes.clear();

            // No periodic resync runs in this console: only a lifecycle event can bring the change in.
            daemon.virsh("suspend", DOMAIN);

            assertThat(ServiceFixture.eventually(Duration.ofSeconds(10), () -> console.storedMatches(tiny.key(),
                    i -> i.status() == InstanceStatus.PAUSED && i.statusReason().equals("user")))).as("store").isTrue();
            // The store is written just before the listeners are told: wait for them too, do not race them.
            assertThat(ServiceFixture.eventually(Duration.ofSeconds(5), () -> published.changes.stream()
                    .flatMap(c -> c.upserted().stream())
                    .anyMatch(i -> i.name().equals(DOMAIN) && i.status() == InstanceStatus.PAUSED)))
                    .as("what the table is told").isTrue();

            daemon.virsh("resume", DOMAIN);

            assertThat(ServiceFixture.eventually(Duration.ofSeconds(10),
                    () -> console.storedMatches(tiny.key(), i -> i.status() == InstanceStatus.RUNNING))).isTrue();
        }
    }

    @Test
    @Order(4)
    void resumingARunningDomainIsAConflictOnQemu() {
        try (LibvirtBackend backend = LibvirtBackend.open(connection("daemon", daemon.uri(), false))) {
            assertThatThrownBy(() -> backend.perform(Action.RESUME, DOMAIN))
                    .isInstanceOf(ConflictException.class)
                    .hasMessageContaining(DOMAIN).hasMessageContaining(daemon.uri());
            assertThat(backend.inspect(DOMAIN).status()).isEqualTo(InstanceStatus.RUNNING);
        }
    }

    @Test
    @Order(5)
    void anUnknownDomainIsNotFound() {
        try (LibvirtBackend backend = LibvirtBackend.open(connection("daemon", daemon.uri(), false))) {
            assertThatThrownBy(() -> backend.perform(Action.PAUSE, "ic-no-such-vm"))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("ic-no-such-vm").hasMessageContaining(daemon.uri());
        }
    }

    @Test
    @Order(6)
    void aReadOnlyConnectionIsRefusedByTheServiceAndByLibvirt() throws Exception {
        try (ServiceFixture console = new ServiceFixture(dataDir)) {
            ManagedConnection managed = connect(console, connection("daemon-ro", daemon.uri(), true));
            Instance tiny = console.knownByName("daemon-ro", DOMAIN).orElseThrow();

            ActionResult refused = console.perform(Action.PAUSE, tiny.key());

            assertThat(refused.outcome()).isEqualTo(OperationState.REJECTED);
            assertThat(refused.message()).contains("read-only");
            // And had it been sent, libvirt would have refused it: the connection itself is read-only.
            assertThatThrownBy(() -> managed.backend().perform(Action.PAUSE, tiny.id()))
                    .isInstanceOf(ReadOnlyException.class).hasMessageContaining(DOMAIN).hasMessageContaining("read only");
            assertThatThrownBy(() -> managed.backend().perform(Action.FORCE_STOP, tiny.id()))
                    .isInstanceOf(ReadOnlyException.class);
            assertThat(daemon.virsh("domstate", DOMAIN).strip()).isEqualTo("running");
            int tick = lastTick().orElseThrow();
            assertThat(ServiceFixture.eventually(Duration.ofSeconds(4), () -> lastTick().orElse(0) > tick)).as("still ticking").isTrue();
        }
    }

    @Test
    @Order(7)
    void aDaemonThatDiesIsReportedAndTheConnectionComesBackWhenItReturns() {
        try (ServiceFixture console = new ServiceFixture(dataDir)) {
            ManagedConnection managed = connect(console, connection("daemon", daemon.uri(), false));
            List<BackendEvent> events = new CopyOnWriteArrayList<>();
            managed.backend().subscribe(events::add);

            ProjectScripts.run(180, ".ci/libvirt-env.sh", "stop");

            assertThat(ServiceFixture.eventually(Duration.ofSeconds(20),
                    () -> events.stream().anyMatch(BackendEvent.Disconnected.class::isInstance))).as("disconnected").isTrue();
            assertThat(ServiceFixture.eventually(Duration.ofSeconds(5),
                    () -> managed.health().state() == ConnectionHealth.State.UNREACHABLE)).as("health").isTrue();
            assertThatThrownBy(() -> managed.backend().list())
                    .isInstanceOf(UnavailableException.class).hasMessageContaining(daemon.uri());

            daemon = ProjectScripts.libvirtDaemon();

            assertThat(ServiceFixture.eventually(Duration.ofSeconds(60),
                    () -> events.stream().anyMatch(BackendEvent.Reconnected.class::isInstance))).as("reconnected").isTrue();
            assertThat(ServiceFixture.eventually(Duration.ofSeconds(10), () -> console.knownByName("daemon", DOMAIN)
                    .filter(i -> i.status() == InstanceStatus.RUNNING).isPresent())).isTrue();
            assertThat(managed.backend().list()).extracting(Instance::name).containsExactly(DOMAIN);
        }
    }

    private static OptionalInt lastTick() {
        try {
            List<String> lines = Files.readAllLines(daemon.serialLog());
            for (int i = lines.size() - 1; i >= 0; i--) {
                String line = lines.get(i).strip();
                if (line.startsWith("IC-TINY-TICK ")) {
                    return OptionalInt.of(Integer.parseInt(line.substring("IC-TINY-TICK ".length()).strip()));
                }
            }
            return OptionalInt.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
