package io.instanceconsole.backend.docker;

import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceStatus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Docker over mutual TLS against a real {@code dockerd --tlsverify} on 127.0.0.1 with certificates made by openssl
 * ({@link TlsEngine}), checked with the engine's own {@code docker --tlsverify … inspect}; and the refusals, each one
 * line naming the file or the host.
 */
class DockerTlsIT {
    private static TlsEngine engine;
    private static TestCertificates certs;

    @BeforeAll
    static void startEngineWithTls() {
        engine = TlsEngine.start();
        certs = engine.certs();
    }

    @Test
    void listsPausesAndResumesOverMutualTls() {
        String id = engine.local().runDetached("tls-web");
        try (DockerBackend backend = DockerBackend.open(connection(engine.uri(), certs.good()),
                DockerSettings.defaults(), Clock.systemUTC())) {
            assertThat(backend.list()).extracting(Instance::name).contains("tls-web");

            backend.perform(Action.PAUSE, id);
            assertThat(engine.stateOverTls("tls-web")).isEqualTo("paused");
            assertThat(backend.inspect(id).status()).isEqualTo(InstanceStatus.PAUSED);

            backend.perform(Action.RESUME, id);
            assertThat(engine.stateOverTls("tls-web")).isEqualTo("running");
        } finally {
            engine.local().docker("rm", "-f", "tls-web");
        }
    }

    @Test
    void aServerCertificateFromAnotherCaIsRefusedNamingTheCaFile() {
        assertThatThrownBy(() -> DockerBackend.open(connection(engine.uri(), certs.wrongCa())))
                .isInstanceOf(DockerEndpointException.class)
                .message().doesNotContain("\n")
                .contains("server certificate of 127.0.0.1:" + engine.port() + " is not signed by the CA in "
                        + certs.wrongCa().resolve("ca.pem"));
    }

    @Test
    void anExpiredClientCertificateIsRefusedBeforeConnectingNamingTheFileAndItsExpiry() {
        assertThatThrownBy(() -> DockerBackend.open(connection(engine.uri(), certs.expired())))
                .isInstanceOf(DockerEndpointException.class)
                .message().doesNotContain("\n")
                .contains("client certificate " + certs.expired().resolve("cert.pem") + " expired on 2020-01-02 00:00:00 UTC");
    }

    @Test
    void aHostNameTheServerCertificateDoesNotHoldIsRefusedNamingBoth() {
        String uri = "tcp://localhost:" + engine.port();
        assertThatThrownBy(() -> DockerBackend.open(connection(uri, certs.good())))
                .isInstanceOf(DockerEndpointException.class)
                .message().doesNotContain("\n")
                .contains("server certificate of localhost:" + engine.port() + " is not for 'localhost', the host in "
                        + uri + ": it names IP:127.0.0.1");
    }

    @Test
    void theEnginesRefusalOfTheClientCertificateNamesTheFile() {
        // dated right, but from a CA the engine does not trust: the engine's TLS alert is all the console sees
        assertThatThrownBy(() -> DockerBackend.open(connection(engine.uri(), certs.foreignClient())))
                .isInstanceOf(DockerEndpointException.class)
                .message().doesNotContain("\n")
                .contains("the engine at 127.0.0.1:" + engine.port() + " refused the client certificate "
                        + certs.foreignClient().resolve("cert.pem"))
                .contains("(TLS alert bad_certificate)");
    }

    private static Connection connection(String uri, Path tlsDir) {
        return new Connection(UUID.randomUUID().toString(), "tls-engine", BackendKind.DOCKER, uri, tlsDir.toString(),
                false, true);
    }
}
