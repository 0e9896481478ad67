package io.instanceconsole.app;

import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.domain.OperationState;
import io.instanceconsole.lab.DelayProxy;
import io.instanceconsole.lab.HostLab;
import io.instanceconsole.lab.LabTest;
import io.instanceconsole.service.ActionResult;
import io.instanceconsole.service.InstanceChanges;
import io.instanceconsole.service.ServiceListener;
import io.instanceconsole.store.DataDirectory;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Docker over SSH against the lab's real sshd and dockerd, each result checked with that host's own docker CLI:
 * list, pause and resume; an external pause reaching the row at 50 ms RTT; the same engine reached twice; and bad
 * input (a password-only host, a closed port, a name that does not resolve, a missing socket, an agent without keys),
 * each one line naming the host, within the connect timeout, with nothing written but the connection asked for.
 */
@LabTest
class DockerOverSshLabIT {
    @RegisterExtension
    static final HostLab LAB = HostLab.hosts(2).withDocker();

    @TempDir
    Path temp;

    private final List<String> containers = new ArrayList<>();

    @AfterEach
    void removeContainers() {
        containers.forEach(id -> LAB.runOnHost(1, "docker", "rm", "-f", id));
    }

    private String runOnHost1(String prefix) {
        String id = LAB.docker(1, "run", "-d", "--network", "none", "--name", prefix + "-"
                + UUID.randomUUID().toString().substring(0, 8), SshLabConsole.IMAGE).strip();
        containers.add(id);
        return id;
    }

    private static Instance row(AppContext context, String id) {
        return context.known().all().stream().filter(i -> i.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no row for container " + id));
    }

    @Test
    void listsPausesAndResumesAsTheHostSees() throws Exception {
        String id = runOnHost1("ssh-pause");
        SshLabConsole user = SshLabConsole.trustingTheLab(LAB, temp.resolve("user"));
        try (AppContext context = user.open(temp.resolve("data"), Map.of("lab1", LAB.dockerSshUri(1)))) {
            context.connectAll().get(60, TimeUnit.SECONDS);
            assertThat(row(context, id).status()).isEqualTo(InstanceStatus.RUNNING);

            ActionResult paused = context.lifecycle().perform(Action.PAUSE, row(context, id).key()).get(60, TimeUnit.SECONDS);
            assertThat(paused.outcome()).isEqualTo(OperationState.SUCCEEDED);
            assertThat(LAB.docker(1, "inspect", "-f", "{{.State.Status}}", id).strip()).isEqualTo("paused");

            ActionResult resumed = context.lifecycle().perform(Action.RESUME, row(context, id).key()).get(60, TimeUnit.SECONDS);
            assertThat(resumed.outcome()).isEqualTo(OperationState.SUCCEEDED);
            assertThat(LAB.docker(1, "inspect", "-f", "{{.State.Status}}", id).strip()).isEqualTo("running");
            assertThat(row(context, id).status()).isEqualTo(InstanceStatus.RUNNING);
        }
        assertThat(Files.list(temp.resolve("data").resolve("run")).toList()).as("forwarded sockets removed on close").isEmpty();
    }

    @Test
    void anExternalPauseReachesTheRowWithinHalfASecondAt50msRoundTrip() throws Exception {
        String id = runOnHost1("ssh-events");
        SshLabConsole user = SshLabConsole.trustingTheLab(LAB, temp.resolve("user"));
        try (DelayProxy proxy = LAB.delayProxy(1, Duration.ofMillis(25));
             AppContext context = user.open(temp.resolve("data"), Map.of("lab1", LAB.dockerSshUri(1, 22)))) {
            Map<InstanceStatus, Long> seenAt = new ConcurrentHashMap<>();
            context.registry().addListener(new ServiceListener() {
                @Override
                public void instancesChanged(InstanceChanges changes) {
                    changes.upserted().stream().filter(i -> i.id().equals(id))
                            .forEach(i -> seenAt.putIfAbsent(i.status(), System.nanoTime()));
                }
            });
            context.connectAll().get(60, TimeUnit.SECONDS);
            assertThat(row(context, id).status()).isEqualTo(InstanceStatus.RUNNING);

            List<Long> latencies = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                seenAt.clear();
                // from before the host's own CLI is called: an upper bound that includes the CLI's own time
                long paused = System.nanoTime();
                LAB.docker(1, "pause", id);
                ServiceFixture.await(Duration.ofSeconds(10), "the external pause of " + id + " reaches the row",
                        () -> seenAt.containsKey(InstanceStatus.PAUSED));
                latencies.add(TimeUnit.NANOSECONDS.toMillis(seenAt.get(InstanceStatus.PAUSED) - paused));
                LAB.docker(1, "unpause", id);
                ServiceFixture.await(Duration.ofSeconds(10), "the external unpause reaches the row",
                        () -> seenAt.containsKey(InstanceStatus.RUNNING));
            }
            System.out.println("external pause → row at 50 ms RTT over ssh, ms (3 rounds): " + latencies);
            assertThat(latencies.stream().sorted().toList().get(1)).as("median of %s ms", latencies).isLessThanOrEqualTo(500);
        }
    }

    @Test
    void anSshSessionThatEndsIsStartedAgainAndTheRowsCatchUp() throws Exception {
        String id = runOnHost1("ssh-restart");
        SshLabConsole user = SshLabConsole.trustingTheLab(LAB, temp.resolve("user"));
        Path data = temp.resolve("data");
        try (AppContext context = user.open(data, Map.of("lab1", LAB.dockerSshUri(1)))) {
            context.reconciler().startHeartbeat(Duration.ofSeconds(1));
            context.connectAll().get(60, TimeUnit.SECONDS);
            assertThat(row(context, id).status()).isEqualTo(InstanceStatus.RUNNING);

            // the session ends under the console (as when sshd restarts), and the host changes meanwhile
            HostLab.Result killed = LAB.run(Duration.ofSeconds(10), List.of("pkill", "-f", "-x",
                    "ssh .*-L " + data.resolve("run") + "/.*"), Map.of());
            assertThat(killed.exitCode()).as("an ssh process of the console was found: %s", killed).isZero();
            LAB.docker(1, "pause", id);

            ServiceFixture.await(Duration.ofSeconds(30), "the pause made while the session was down reaches the row",
                    () -> row(context, id).status() == InstanceStatus.PAUSED);
            ActionResult resumed = context.lifecycle().perform(Action.RESUME, row(context, id).key()).get(60, TimeUnit.SECONDS);
            assertThat(resumed.outcome()).isEqualTo(OperationState.SUCCEEDED);
            assertThat(LAB.docker(1, "inspect", "-f", "{{.State.Status}}", id).strip()).isEqualTo("running");
        }
    }

    @Test
    void theSameEngineReachedTwiceWarnsNamingTheOtherConnection() throws Exception {
        SshLabConsole user = SshLabConsole.trustingTheLab(LAB, temp.resolve("user"));
        try (AppContext context = user.open(temp.resolve("data"), Map.of("over-ssh", LAB.dockerSshUri(1),
                "local-socket", "unix://" + LAB.dockerSocket(1), "other-host", LAB.dockerSshUri(2)))) {
            context.connectAll().get(60, TimeUnit.SECONDS);
            String sshId = id(context, "over-ssh");
            assertThat(context.connectionManager().duplicateWarning(sshId)).hasValueSatisfying(w -> assertThat(w)
                    .contains("connection 'over-ssh' reaches the same engine as connection 'local-socket'"));
            assertThat(context.connectionManager().duplicateWarning(id(context, "other-host"))).isEmpty();
            String tested = context.connectionManager().test("another", BackendKind.DOCKER,
                    "unix://" + LAB.dockerSocket(1), null).get(60, TimeUnit.SECONDS);
            assertThat(tested).contains("warning: connection 'another' reaches the same engine as connection");
        }
    }

    private static String id(AppContext context, String name) {
        return context.connectionManager().all().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow().id();
    }

    @Test
    void badInputIsOneLineNamingTheHostWithinTheConnectTimeout() throws Exception {
        SshLabConsole user = SshLabConsole.trustingTheLab(LAB, temp.resolve("user"));
        String socket = LAB.dockerSocket(1).toString();
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("password-only", "ssh://root@" + HostLab.PASSWORD_HOST + ":" + HostLab.SSH_PORT + socket);
        bad.put("closed-port", "ssh://root@" + HostLab.address(1) + ":2999" + socket);
        bad.put("no-such-name", "ssh://root@no-such-host.lab.invalid:2222" + socket);
        bad.put("no-socket", "ssh://root@" + HostLab.address(1) + ":" + HostLab.SSH_PORT + "/run/nothing/docker.sock");
        Map<String, String> expected = Map.of(
                "password-only", "only takes password logins; the console never uses passwords",
                "closed-port", "nothing accepts ssh connections at " + HostLab.address(1) + ":2999 (connection refused)",
                "no-such-name", "ssh host name of no-such-host.lab.invalid:2222 does not resolve",
                "no-socket", "could not open /run/nothing/docker.sock");
        // the password host's key is not in the lab's known_hosts: trust it as a user would
        try (AppContext context = user.open(temp.resolve("data"), bad)) {
            var pw = context.connectionManager().all().stream().filter(c -> c.name().equals("password-only")).findFirst().orElseThrow();
            var presented = context.hostKeys().presented(pw);
            context.hostKeys().trust(pw, presented.fingerprint());
            for (var connection : context.connectionManager().all()) {
                long start = System.nanoTime();
                Throwable failure = null;
                try {
                    context.connectionManager().test(connection.name() + "-test", connection.kind(), connection.uri(), null)
                            .get(60, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    failure = e.getCause();
                }
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertThat(failure).as(connection.name()).isNotNull();
                assertThat(failure.getMessage()).as(connection.name()).contains(expected.get(connection.name()))
                        .doesNotContain("\n").doesNotContain("Exception");
                assertThat(millis).as(connection.name() + " fails within the connect timeout").isLessThan(12_000);
            }
            assertThat(context.connectionManager().all()).hasSize(bad.size());
        }
        // an agent without keys: nothing the host accepts
        SshLabConsole noKeys = SshLabConsole.trustingTheLab(LAB, temp.resolve("user2"));
        Map<String, String> env = new HashMap<>(noKeys.env());
        env.put("SSH_AUTH_SOCK", temp.resolve("no-agent.sock").toString());
        try (AppContext context = AppContext.open(new DataDirectory(temp.resolve("data2")),
                Clock.systemUTC(), env, false)) {
            Throwable failure = null;
            try {
                context.connectionManager().test("nokeys", BackendKind.DOCKER,
                        LAB.dockerSshUri(1), null).get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                failure = e.getCause();
            }
            assertThat(failure).isNotNull();
            assertThat(failure.getMessage()).contains("accepted none of the keys offered");
            assertThat(context.connectionManager().all()).isEmpty();
        }
    }
}
