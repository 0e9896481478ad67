package io.instanceconsole.backend.simulator;

import io.instanceconsole.backend.BackendEvent;
import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.ConflictException;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.domain.NotFoundException;
import io.instanceconsole.domain.UnavailableException;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatorBackendTest {
    @TempDir
    Path dir;

    private SimulatorBackend persistent(Path file) {
        return new SimulatorBackend("c", "lab", new SimulatorSettings(30, 7, Duration.ZERO, file), Clock.systemUTC());
    }

    private static Instance first(SimulatorBackend backend, InstanceStatus status) {
        return backend.list().stream().filter(i -> i.status() == status).findFirst().orElseThrow();
    }

    @Test
    void behavesLikeAStrictHostWrongStateIsConflictUnknownIsNotFound() {
        SimulatorBackend backend = new SimulatorBackend("c", "lab", SimulatorSettings.inMemory(30, Duration.ZERO), Clock.systemUTC());
        Instance paused = first(backend, InstanceStatus.PAUSED);

        assertThatThrownBy(() -> backend.perform(Action.PAUSE, paused.id()))
                .isInstanceOf(ConflictException.class).hasMessageContaining(paused.name()).hasMessageContaining("'lab'");
        assertThatThrownBy(() -> backend.perform(Action.PAUSE, "nope"))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("'nope'");
        backend.faults().disconnect();
        assertThatThrownBy(backend::list).isInstanceOf(UnavailableException.class).hasMessageContaining("'lab'");
    }

    @Test
    void eventsLeaveTheHostInTheOrderItChangedEvenWhenTheFirstIsDeliveredLate() throws Exception {
        SimulatorBackend backend = new SimulatorBackend("c", "lab", SimulatorSettings.inMemory(30, Duration.ZERO), Clock.systemUTC());
        Instance running = first(backend, InstanceStatus.RUNNING);
        CountDownLatch firstArrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<InstanceStatus> seen = new CopyOnWriteArrayList<>();
        backend.subscribe(event -> {
            if (event instanceof BackendEvent.Changed changed && changed.instance().id().equals(running.id())) {
                if (firstArrived.getCount() > 0) {
                    firstArrived.countDown();
                    awaitQuietly(release); // the pausing thread is slow to hand its event over
                }
                seen.add(changed.instance().status());
            }
        });

        Thread pausing = Thread.ofPlatform().start(() -> backend.perform(Action.PAUSE, running.id()));
        assertThat(firstArrived.await(5, TimeUnit.SECONDS)).isTrue();
        backend.perform(Action.RESUME, running.id()); // meanwhile the host moves on
        release.countDown();
        pausing.join(5_000);

        assertThat(seen).containsExactly(InstanceStatus.PAUSED, InstanceStatus.RUNNING);
        assertThat(backend.statusOnHost(running.id())).contains(InstanceStatus.RUNNING);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void stateSurvivesARestartOfTheBackend() {
        Path file = dir.resolve("lab.jsonl");
        SimulatorBackend first = persistent(file);
        Instance running = first(first, InstanceStatus.RUNNING);
        first.perform(Action.PAUSE, running.id());
        first.perform(Action.DELETE, first(first, InstanceStatus.STOPPED).id());
        int count = first.list().size();
        first.close();

        SimulatorBackend second = persistent(file);
        assertThat(second.inspect(running.id()).status()).isEqualTo(InstanceStatus.PAUSED);
        assertThat(second.list()).hasSize(count);
    }

    @Test
    void tornLastLineOfAKilledProcessIsIgnored() throws Exception {
        Path file = dir.resolve("lab.jsonl");
        SimulatorBackend first = persistent(file);
        Instance running = first(first, InstanceStatus.RUNNING);
        first.perform(Action.PAUSE, running.id());
        first.close();
        Files.writeString(file, "{\"op\":\"put\",\"instance\":{\"id\":\"sim-000", StandardOpenOption.APPEND);

        SimulatorBackend second = persistent(file);
        assertThat(second.inspect(running.id()).status()).isEqualTo(InstanceStatus.PAUSED);
        assertThat(second.list()).hasSize(30);
    }

    @Test
    void anotherProcessOnTheSameStateFileIsTheSameHostAndItsChangesArriveAsEvents() throws Exception {
        Path file = dir.resolve("lab.jsonl");
        SimulatorBackend here = persistent(file);
        Instance running = first(here, InstanceStatus.RUNNING);
        List<BackendEvent> events = new CopyOnWriteArrayList<>();
        here.subscribe(events::add);

        String java = ProcessHandle.current().info().command().orElse("java");
        Process other = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), OtherProcess.class.getName(),
                file.toString(), running.id()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream()));
            assertThat(out.readLine()).isEqualTo("paused");

            ServiceFixture.await(Duration.ofSeconds(5), "the other process's pause as an event",
                    () -> events.stream().anyMatch(e -> e instanceof BackendEvent.Changed c && c.instance().id().equals(running.id())
                            && c.instance().status() == InstanceStatus.PAUSED));
            assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(BackendEvent.Changed.class,
                    c -> assertThat(c.instance().status()).isEqualTo(InstanceStatus.PAUSED)));
            assertThatThrownBy(() -> here.perform(Action.PAUSE, running.id())).isInstanceOf(ConflictException.class);
            here.perform(Action.RESUME, running.id());
            new PrintWriter(other.getOutputStream(), true).println("check");
            assertThat(out.readLine()).isEqualTo("other sees RUNNING");
        } finally {
            other.destroyForcibly().waitFor();
            here.close();
        }
    }

    /** A second console process: pauses one instance, then reports what it sees when asked. */
    public static final class OtherProcess {
        public static void main(String[] args) throws Exception {
            SimulatorBackend backend = new SimulatorBackend("c", "lab",
                    new SimulatorSettings(30, 7, Duration.ZERO, Path.of(args[0])), Clock.systemUTC());
            backend.perform(Action.PAUSE, args[1]);
            System.out.println("paused");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in)).readLine();
            System.out.println("other sees " + backend.inspect(args[1]).status());
            System.out.flush();
            Thread.sleep(30_000);
        }
    }
}
