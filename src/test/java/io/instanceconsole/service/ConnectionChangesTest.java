package io.instanceconsole.service;

import io.instanceconsole.domain.AuditEvent;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.ConnectionPolicy;
import io.instanceconsole.domain.OperationState;
import io.instanceconsole.domain.ResilienceSettings;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionChangesTest {
    private static final Instant NOW = Instant.parse("2026-12-07T10:15:30Z");
    private final ConnectionChanges changes = new ConnectionChanges(Clock.fixed(NOW, ZoneOffset.UTC), "ada");
    private final Connection docker = new Connection("c1", "build", BackendKind.DOCKER, "tcp://127.0.0.1:2376",
            "/home/ada/.docker/tls", false, true);

    @Test
    void anAddedConnectionSaysWhatItReachesAndHow() {
        AuditEvent e = changes.added(docker);

        assertThat(e.time()).isEqualTo(NOW);
        assertThat(e.user()).isEqualTo("ada");
        assertThat(e.outcome()).isEqualTo(OperationState.CONFIGURED);
        assertThat(e.outcome().settlesAnOperation()).isFalse();
        assertThat(e.action()).isEqualTo(ConnectionChanges.ADDED);
        assertThat(e.connectionName()).isEqualTo("build");
        assertThat(e.message()).isEqualTo("docker tcp://127.0.0.1:2376, TLS from /home/ada/.docker/tls");
    }

    @Test
    void anEditNamesEachChangedSettingAndOnlyThose() {
        Connection after = new Connection("c1", "build", BackendKind.DOCKER, "tcp://127.0.0.1:2377", "", true, true);
        ResilienceSettings slower = ResilienceSettings.defaults().withCallTimeout(Duration.ofSeconds(99));

        AuditEvent e = changes.edited(docker, ConnectionPolicy.defaults(), after,
                new ConnectionPolicy("", slower));

        assertThat(e.action()).isEqualTo(ConnectionChanges.EDITED);
        assertThat(e.message()).isEqualTo("URI: tcp://127.0.0.1:2376 → tcp://127.0.0.1:2377;"
                + " TLS directory: /home/ada/.docker/tls → (none); read-only: no → yes; timeouts and retries changed");
        assertThat(changes.edited(docker, ConnectionPolicy.defaults(), docker, ConnectionPolicy.defaults()).message())
                .isEqualTo("saved unchanged");
    }

    @Test
    void enablingAndDisablingAreTwoActions() {
        Connection disabled = new Connection("c1", "build", BackendKind.DOCKER, docker.uri(), "", false, false);

        assertThat(changes.enabledOrDisabled(disabled).action()).isEqualTo(ConnectionChanges.DISABLED);
        assertThat(changes.enabledOrDisabled(docker).action()).isEqualTo(ConnectionChanges.ENABLED);
    }

    @Test
    void aPasswordInAUriNeverReachesTheTrail() {
        Connection withPassword = new Connection("c2", "old", BackendKind.DOCKER, "tcp://ada:s3cret@127.0.0.1:2375",
                "", false, true);

        assertThat(changes.added(withPassword).message()).doesNotContain("s3cret").contains("ada:***@127.0.0.1");
        assertThat(changes.removed(withPassword).message()).doesNotContain("s3cret");
        assertThat(ConnectionChanges.redact("ssh://ada@127.0.0.1:2222")).isEqualTo("ssh://ada@127.0.0.1:2222");
        assertThat(ConnectionChanges.redact("not a uri ada:pw@x")).doesNotContain("pw");
    }

    @Test
    void aTrustedKeyIsRecordedWithItsFingerprint() {
        Connection ssh = new Connection("c3", "lab", BackendKind.DOCKER, "ssh://ada@127.0.0.1:2222", "", false, true);

        AuditEvent e = changes.keyTrusted(ssh, "SHA256:abc");

        assertThat(e.action()).isEqualTo(ConnectionChanges.KEY_TRUSTED);
        assertThat(e.message()).isEqualTo("trusted SHA256:abc for ssh://ada@127.0.0.1:2222");
    }
}
