package io.instanceconsole.app;

import io.instanceconsole.backend.docker.DockerCli;
import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.ConnectionPolicy;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.domain.OperationState;
import io.instanceconsole.domain.ResilienceSettings;
import io.instanceconsole.service.ConnectionHealth;
import io.instanceconsole.service.ManagedConnection;
import io.instanceconsole.testing.ProjectScripts;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two real Docker engines on two sockets and one libvirt connection in one table. One engine is stopped and started
 * again: its rows go stale and come back by themselves; the other engine's rows and actions are unaffected.
 */
class ManyEnginesIT {
    @TempDir
    Path dir;

    @Test
    void oneEngineGoesDownAndComesBackWhileTheOthersKeepWorking() throws Exception {
        DockerCli a = new DockerCli(ProjectScripts.dockerEngine("a"));
        DockerCli b = new DockerCli(ProjectScripts.dockerEngine("b"));
        a.removeAll();
        b.removeAll();
        for (int i = 0; i < 3; i++) {
            a.runDetached("alpha-" + i);
            b.runDetached("beta-" + i);
        }
        String libvirt = ProjectScripts.libvirtTestNode(50, dir.resolve("node.xml"));

        try (AppContext context = TestContexts.context(dir.resolve("data"))) {
            ConnectionPolicy quick = new ConnectionPolicy("", ResilienceSettings.defaults()
                    .withCallTimeout(Duration.ofSeconds(3)).withBreaker(2, Duration.ofSeconds(2)));
            Connection engineA = context.connectionManager().add("engine-a", BackendKind.DOCKER, a.host(), "", false, quick);
            Connection engineB = context.connectionManager().add("engine-b", BackendKind.DOCKER, b.host(), "", false, quick);
            Connection vms = context.connectionManager().add("vms", BackendKind.LIBVIRT, libvirt, "", false, quick);
            context.connectAll().orTimeout(60, TimeUnit.SECONDS).join();

            assertThat(context.known().ofConnection(engineA.id())).hasSize(3);
            assertThat(context.known().ofConnection(engineB.id())).hasSize(3);
            assertThat(context.known().ofConnection(vms.id())).hasSize(50);

            // The engine stops answering (its process frozen, as a host lost on the network would be); containers stay.
            signalEngine("a", "STOP");
            ManagedConnection connectionA = context.registry().require(engineA.id());
            ServiceFixture.await(Duration.ofSeconds(30), "engine a shows unreachable",
                    () -> connectionA.health().state() == ConnectionHealth.State.UNREACHABLE
                            || connectionA.health().state() == ConnectionHealth.State.CIRCUIT_OPEN);

            // Engine a's rows stay, as last known, and refuse actions saying why.
            List<Instance> staleRows = context.known().ofConnection(engineA.id());
            assertThat(staleRows).hasSize(3);
            assertThat(context.lifecycle().whyNot(Action.PAUSE, staleRows.get(0))).get().asString().contains("engine-a");

            // Engine b is unaffected: its actions go through at once.
            Instance beta = context.known().ofConnection(engineB.id()).get(0);
            assertThat(context.lifecycle().perform(Action.PAUSE, beta.key()).orTimeout(20, TimeUnit.SECONDS).join().outcome())
                    .isEqualTo(OperationState.SUCCEEDED);
            assertThat(b.state(beta.name())).isEqualTo("paused");
            Instance vm = context.known().ofConnection(vms.id()).stream().filter(i -> i.status() == InstanceStatus.RUNNING)
                    .findFirst().orElseThrow();
            assertThat(context.lifecycle().perform(Action.PAUSE, vm.key()).orTimeout(20, TimeUnit.SECONDS).join().outcome())
                    .isEqualTo(OperationState.SUCCEEDED);

            // Engine a answers again; nobody clicks anything: its rows come back fresh and take actions again.
            signalEngine("a", "CONT");
            a.runDetached("alpha-new");
            ServiceFixture.await(Duration.ofSeconds(90), "engine a back, with its new container",
                    () -> connectionA.health().state() == ConnectionHealth.State.CONNECTED
                            && context.known().ofConnection(engineA.id()).stream().anyMatch(i -> i.name().equals("alpha-new")));
            assertThat(context.known().ofConnection(engineA.id())).hasSize(4);
            Instance alpha = context.known().ofConnection(engineA.id()).get(0);
            assertThat(context.lifecycle().whyNot(Action.PAUSE, alpha)).isEmpty();
            assertThat(context.lifecycle().perform(Action.PAUSE, alpha.key()).orTimeout(20, TimeUnit.SECONDS).join().outcome())
                    .isEqualTo(OperationState.SUCCEEDED);
        } finally {
            signalEngine("a", "CONT");
            a.removeAll();
            b.removeAll();
        }
    }

    private static void signalEngine(String name, String signal) throws Exception {
        String pid = Files.readString(Path.of(System.getProperty("ic.engineRoot",
                "/tmp/instance-console-engines"), name, "docker.pid")).strip();
        assertThat(new ProcessBuilder("kill", "-" + signal, pid).start().waitFor()).isZero();
    }

}
