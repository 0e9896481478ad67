package io.instanceconsole.backend.lxd;

import io.instanceconsole.domain.ConflictException;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.domain.NotFoundException;
import io.instanceconsole.domain.UnavailableException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** LXD connection URIs, LXD's words for states and its errors as the console's (no server needed for these rules). */
class LxdEndpointTest {

    @Test
    void aUnixSocketAndAnHttpsAddressWithOrWithoutAProject() {
        LxdEndpoint unix = LxdEndpoint.parse("lxd+unix:///var/lib/lxd/unix.socket");
        assertThat(unix.isUnix()).isTrue();
        assertThat(unix.socket()).isEqualTo(Path.of("/var/lib/lxd/unix.socket"));
        assertThat(unix.project()).isEqualTo("default");

        LxdEndpoint https = LxdEndpoint.parse("lxd+https://127.0.2.1:8443?project=web");
        assertThat(https.isUnix()).isFalse();
        assertThat(https.hostAndPort()).isEqualTo("127.0.2.1:8443");
        assertThat(https.project()).isEqualTo("web");
        assertThat(https.server()).isEqualTo("lxd+https://127.0.2.1:8443");
        assertThat(LxdEndpoint.parse("lxd+https://lxd.example").port()).isEqualTo(8443);
    }

    @Test
    void theProjectOptionBecomesTheQueryAndTheDefaultProjectAddsNothing() {
        assertThat(LxdEndpoint.withProject("lxd+https://h:8443", "web")).isEqualTo("lxd+https://h:8443?project=web");
        assertThat(LxdEndpoint.withProject("lxd+https://h:8443", "default")).isEqualTo("lxd+https://h:8443");
        assertThat(LxdEndpoint.withProject("lxd+https://h:8443", null)).isEqualTo("lxd+https://h:8443");
        assertThatThrownBy(() -> LxdEndpoint.withProject("lxd+https://h:8443", "a b"))
                .hasMessage("'a b' is not an LXD project name");
    }

    @Test
    void whatIsNotAnLxdAddressIsOneLineNamingIt() {
        assertThatThrownBy(() -> LxdEndpoint.parse("unix:///var/run/docker.sock"))
                .hasMessage("'unix:///var/run/docker.sock' is not an LXD endpoint: the scheme must be lxd+unix or"
                        + " lxd+https (e.g. lxd+unix:///var/lib/lxd/unix.socket or lxd+https://host:8443)");
        assertThatThrownBy(() -> LxdEndpoint.parse("lxd+unix:///"))
                .hasMessageContaining("names no socket path");
        assertThatThrownBy(() -> LxdEndpoint.parse("lxd+https://h:8443/1.0"))
                .hasMessageContaining("has a path");
        assertThatThrownBy(() -> LxdEndpoint.parse("lxd+https://h:8443?tls=no"))
                .hasMessage("'lxd+https://h:8443?tls=no' has an unknown parameter 'tls' (only project=NAME)");
    }

    @Test
    void lxdStatesAndTheStatesLifecycleEventsLeave() {
        assertThat(LxdStates.of("Frozen")).isEqualTo(InstanceStatus.PAUSED);
        assertThat(LxdStates.of("Running")).isEqualTo(InstanceStatus.RUNNING);
        assertThat(LxdStates.of("Stopped")).isEqualTo(InstanceStatus.STOPPED);
        assertThat(LxdStates.of("Freezing")).isEqualTo(InstanceStatus.UNKNOWN);
        assertThat(LxdStates.reason("Freezing")).isEqualTo("Freezing");
        assertThat(LxdStates.afterLifecycle("instance-paused")).contains(InstanceStatus.PAUSED);
        assertThat(LxdStates.afterLifecycle("instance-resumed")).contains(InstanceStatus.RUNNING);
        assertThat(LxdStates.afterLifecycle("instance-shutdown")).contains(InstanceStatus.STOPPED);
        assertThat(LxdStates.afterLifecycle("instance-created")).isEmpty();
    }

    @Test
    void wrongStatesAreConflictsMissingThingsNotFoundAndOnlyServerFailuresCountAgainstTheHost() {
        assertThat(LxdErrors.of(400, "The container is already frozen", "pause of 'a'", "lxd+unix:///s"))
                .isInstanceOf(ConflictException.class).hasMessage("pause of 'a': The container is already frozen");
        assertThat(LxdErrors.of(400, "The container isn't running", "pause of 'a'", "s")).isInstanceOf(ConflictException.class);
        assertThat(LxdErrors.of(404, "Instance not found", "pause of 'a'", "s")).isInstanceOf(NotFoundException.class);
        assertThat(LxdErrors.of(403, "not authorized", "list", "s")).isInstanceOf(UnavailableException.class)
                .hasMessageContaining("does not trust this console's certificate");
        assertThat(LxdErrors.of(500, "database is locked", "list", "s")).isInstanceOf(UnavailableException.class);
        assertThat(LxdErrors.of(500, "Missing event connection with target cluster member", "pause of 'a'", "s"))
                .isExactlyInstanceOf(LxdOperationException.class)
                .hasMessage("pause of 'a': the cluster member that runs it does not answer (Missing event connection"
                        + " with target cluster member)");
        // LXD 5.0 forwarding to a member whose daemon just died, before the cluster marks it offline
        assertThat(LxdErrors.of(500, "Put \"https://127.0.2.3:8443/1.0/instances/a/state?project=default\": Unable to "
                + "connect to: 127.0.2.3:8443 ([dial tcp 127.0.2.3:8443: connect: connection refused])", "pause of 'a'", "s"))
                .isExactlyInstanceOf(LxdOperationException.class)
                .hasMessageStartingWith("pause of 'a': the cluster member that runs it does not answer (Put ");
        assertThat(LxdErrors.of(400, "Invalid config", "start of 'a'", "s")).isExactlyInstanceOf(LxdOperationException.class);
    }

    @Test
    void fingerprintsAreWrittenAsSshWritesThemWhateverFormLxdUses() {
        String hex = "48b4e880664ca2e5ef04a964ae2da72f7673a98d72842f21fce64c0d02ad4577";
        String console = ServerCertificates.fromHex(hex);
        assertThat(console).matches("SHA256:[A-Za-z0-9+/]{43}");
        assertThat(ServerCertificates.same(console, console.substring(7) + "=")).isTrue();
        assertThat(ServerCertificates.same(console, ServerCertificates.fromHex(hex.replace('4', '5')))).isFalse();
    }
}
