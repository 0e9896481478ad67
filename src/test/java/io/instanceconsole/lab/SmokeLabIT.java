package io.instanceconsole.lab;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves the host lab with the system's own tools only (OpenSSH, the docker CLI), so that a console LabIT that fails
 * points at the console, not at the lab: key login through the agent, a delay proxy's added round trip, Docker over
 * SSH reaching that host's own engine, a cut and its restore, 100 % loss and its removal, and the password-only host
 * refusing a key at once.
 */
@LabTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SmokeLabIT {
    private static final int HOST = 1;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    @RegisterExtension
    static final HostLab LAB = HostLab.hosts(2).withDocker();

    @Test
    @Order(1)
    void sshLogsInWithTheAgentsKeyAndEveryHostIsItself() {
        HostLab.Result result = LAB.ssh(HOST, Duration.ofSeconds(20), "-v", "-o", "BatchMode=yes", "echo", "$SSH_CONNECTION");

        assertThat(result.output()).endsWith(HostLab.address(HOST) + " " + HostLab.SSH_PORT);
        assertThat(result.stderr()).containsPattern("Server accepts key: .*id_ed25519 ED25519 SHA256:\\S+ explicit agent");
        assertThat(LAB.ssh(2, Duration.ofSeconds(20), "-o", "BatchMode=yes", "echo", "$SSH_CONNECTION").output())
                .endsWith(HostLab.address(2) + " " + HostLab.SSH_PORT);
    }

    @Test
    @Order(2)
    void aDelayProxyAddsItsRoundTripToEverySshExchange() {
        Duration direct = fastest(3, () -> LAB.ssh(HOST, Duration.ofSeconds(20), "-o", "BatchMode=yes", "true"));
        Duration delayed;
        try (DelayProxy proxy = LAB.delayProxy(HOST, Duration.ofMillis(25))) {
            delayed = fastest(3, () -> LAB.ssh(HOST, Duration.ofSeconds(20), "-o", "BatchMode=yes", "-p", "22", "true"));
            assertThat(proxy.acceptedConnections()).isEqualTo(3);
        }
        System.out.printf("ssh lab1 true: %d ms direct, %d ms through the 25 ms proxy (fastest of 3)%n",
                direct.toMillis(), delayed.toMillis());
        // a login is several round trips (version, key exchange, auth, channel, exec); at least one is 50 ms longer
        assertThat(delayed.minus(direct)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
    }

    @Test
    @Order(3)
    void dockerOverSshListsThatHostsOwnContainers() {
        String name = "smoke-" + UUID.randomUUID().toString().substring(0, 8);
        String id = LAB.docker(HOST, "run", "-d", "--network", "none", "--name", name, "instanceconsole/busybox:1");
        try {
            Map<String, String> env = Map.of("PATH", LAB.binDir() + ":" + System.getenv("PATH"),
                    "DOCKER_CONFIG", LAB.dir().resolve("docker-cli").toString());
            String withPath = LAB.run(Duration.ofSeconds(30),
                    List.of("docker", "-H", LAB.dockerSshUri(HOST), "ps", "--no-trunc", "--format", "{{.ID}} {{.Names}}"), env).output();
            String withoutPath = LAB.run(Duration.ofSeconds(30),
                    List.of("docker", "-H", "ssh://root@" + HostLab.address(HOST) + ":" + HostLab.SSH_PORT, "ps", "-q", "--no-trunc"), env).output();
            String otherHost = LAB.run(Duration.ofSeconds(30),
                    List.of("docker", "-H", LAB.dockerSshUri(2), "ps", "-q", "--no-trunc"), env).output();

            assertThat(withPath).contains(id + " " + name);
            assertThat(withoutPath).contains(id);
            assertThat(otherHost).doesNotContain(id);
            assertThat(LAB.docker(2, "ps", "-q", "--no-trunc")).isEqualTo(otherHost);
        } finally {
            LAB.docker(HOST, "rm", "-f", id);
        }
    }

    @Test
    @Order(4)
    void aCutFailsWithinTheConnectTimeoutAndRestoreBringsTheHostBack() {
        LAB.cut(HOST);
        try {
            HostLab.Result cut = connectOnce();
            assertThat(cut.exitCode()).as(cut.stderr()).isEqualTo(255);
            assertThat(cut.stderr()).contains("timed out");
            assertThat(cut.took()).isBetween(CONNECT_TIMEOUT.minusMillis(100), CONNECT_TIMEOUT.plusSeconds(3));
            assertThat(LAB.ssh(2, Duration.ofSeconds(20), "-o", "BatchMode=yes", "true").ok()).as("the other host is not cut").isTrue();
        } finally {
            LAB.restore(HOST);
        }
        assertThat(connectOnce().output()).isEqualTo("up");
    }

    @Test
    @Order(5)
    void lossOf100PercentDropsEverythingAndLoss0RemovesIt() {
        LAB.loss(HOST, 100);
        try {
            HostLab.Result lost = connectOnce();
            assertThat(lost.exitCode()).as(lost.stderr()).isEqualTo(255);
            assertThat(lost.stderr()).contains("timed out");
        } finally {
            LAB.loss(HOST, 0);
        }
        assertThat(connectOnce().output()).isEqualTo("up");
    }

    @Test
    @Order(6)
    void aStoppedSshdHangsNewLoginsAndContinuesWhenResumed() {
        LAB.stopSshd(HOST);
        try {
            HostLab.Result stopped = connectOnce();
            assertThat(stopped.exitCode()).as(stopped.stderr()).isEqualTo(255);
            assertThat(stopped.stderr()).contains("timed out");
        } finally {
            LAB.contSshd(HOST);
        }
        assertThat(connectOnce().output()).isEqualTo("up");
    }

    @Test
    @Order(7)
    void thePasswordOnlyHostRefusesTheKeyAtOnce() {
        HostLab.Result refused = LAB.run(Duration.ofSeconds(20), List.of("ssh", "-F", LAB.sshConfig().toString(),
                "-o", "BatchMode=yes", "-o", "ConnectTimeout=5", "labpw", "true"), Map.of());

        assertThat(refused.exitCode()).isEqualTo(255);
        assertThat(refused.stderr()).contains("Permission denied (password)");
        assertThat(refused.took()).isLessThan(Duration.ofSeconds(3));
    }

    private static HostLab.Result connectOnce() {
        return LAB.ssh(HOST, CONNECT_TIMEOUT.plusSeconds(20), "-o", "BatchMode=yes",
                "-o", "ConnectTimeout=" + CONNECT_TIMEOUT.toSeconds(), "echo", "up");
    }

    private static Duration fastest(int runs, Supplier<HostLab.Result> command) {
        Duration best = null;
        for (int i = 0; i < runs; i++) {
            HostLab.Result result = command.get();
            result.output(); // fails the test with ssh's message if the login failed
            best = best == null || result.took().compareTo(best) < 0 ? result.took() : best;
        }
        return best;
    }
}
