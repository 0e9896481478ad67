package io.instanceconsole.backend.docker;

import io.instanceconsole.domain.UnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DockerEndpointTest {

    @Test
    void unixSocketUriIsTakenAsIs() {
        DockerEndpoint endpoint = DockerEndpoint.parse("unix:///run/user/1000/docker.sock", "");

        assertThat(endpoint.uri()).isEqualTo(URI.create("unix:///run/user/1000/docker.sock"));
        assertThat(endpoint.usesTls()).isFalse();
    }

    @Test
    void blankUriMeansTheLocalDefaultSocket() {
        assertThat(DockerEndpoint.parse("", null).uri().getScheme()).isIn("unix", "npipe");
        assertThat(DockerEndpoint.parse("default", null).toString()).isIn(DockerEndpoint.LOCAL_DEFAULT_UNIX,
                DockerEndpoint.LOCAL_DEFAULT_WINDOWS);
    }

    @Test
    void tcpWithoutPortUsesDockersDefaultPorts(@TempDir Path certs) throws IOException {
        assertThat(DockerEndpoint.parse("tcp://build-host", "").uri()).isEqualTo(URI.create("tcp://build-host:2375"));
        writeCerts(certs, "ca.pem", "cert.pem", "key.pem");
        DockerEndpoint tls = DockerEndpoint.parse("tcp://build-host", certs.toString());
        assertThat(tls.uri()).isEqualTo(URI.create("tcp://build-host:2376"));
        assertThat(tls.tlsDir()).isEqualTo(certs);
    }

    @Test
    void tlsDirectoryWithoutCertificatesNamesTheMissingFiles(@TempDir Path certs) throws IOException {
        writeCerts(certs, "ca.pem");

        assertThatThrownBy(() -> DockerEndpoint.parse("tcp://127.0.0.1:2376", certs.toString()))
                .isInstanceOf(DockerEndpointException.class)
                .hasMessageContaining("tcp://127.0.0.1:2376")
                .hasMessageContaining(certs.toString())
                .hasMessageContaining("cert.pem, key.pem")
                .hasMessageNotContaining("lacks ca.pem");
    }

    @Test
    void tlsDirectoryThatDoesNotExistIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("nope");

        assertThatThrownBy(() -> DockerEndpoint.parse("tcp://127.0.0.1:2376", missing.toString()))
                .isInstanceOf(DockerEndpointException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void nonDockerSchemesAreRefusedNamingTheUri() {
        assertThatThrownBy(() -> DockerEndpoint.parse("qemu:///system", ""))
                .isInstanceOf(DockerEndpointException.class)
                .hasMessageContaining("qemu:///system")
                .hasMessageContaining("scheme 'qemu'");
        assertThatThrownBy(() -> DockerEndpoint.parse("/var/run/docker.sock", ""))
                .isInstanceOf(DockerEndpointException.class)
                .hasMessageContaining("no scheme");
        assertThatThrownBy(() -> DockerEndpoint.parse("tcp://host with spaces:2375", ""))
                .isInstanceOf(DockerEndpointException.class)
                .hasMessageContaining("host with spaces");
        assertThatThrownBy(() -> DockerEndpoint.parse("ftp://me@host", ""))
                .isInstanceOf(DockerEndpointException.class)
                .hasMessageContaining("'ftp://me@host'");
    }

    @Test
    void unixUriWithRelativePathIsRefusedWithTheFix() {
        assertThatThrownBy(() -> DockerEndpoint.parse("unix://var/run/docker.sock", ""))
                .isInstanceOf(DockerEndpointException.class)
                .hasMessageContaining("unix:///var/run/docker.sock");
    }

    @Test
    void httpsWithoutTlsDirectoryIsRefused() {
        assertThatThrownBy(() -> DockerEndpoint.parse("https://docker.example:2376", ""))
                .isInstanceOf(DockerEndpointException.class)
                .hasMessageContaining("no TLS directory");
    }

    @Test
    void missingSocketIsUnavailableAndAFileIsNotASocket(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("docker.sock");
        assertThatThrownBy(() -> DockerEndpoint.parse("unix://" + missing, "").checkSocket())
                .isInstanceOf(UnavailableException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");

        Path file = Files.writeString(dir.resolve("plain.txt"), "hello");
        assertThatThrownBy(() -> DockerEndpoint.parse("unix://" + file, "").checkSocket())
                .isInstanceOf(DockerEndpointException.class)
                .hasMessageContaining("regular file, not a socket");
    }

    private static void writeCerts(Path dir, String... names) throws IOException {
        for (String name : names) {
            Files.writeString(dir.resolve(name), "-----BEGIN CERTIFICATE-----\n");
        }
    }

    @Test
    void sshEndpointsReachTheEngineSocketOnTheHost() {
        DockerEndpoint endpoint = DockerEndpoint.parse("ssh://me@lab1:2222", "");

        assertThat(endpoint.ssh()).hasValueSatisfying(t -> assertThat(t.destination()).isEqualTo("me@lab1"));
        assertThat(endpoint.remoteSocket()).isEqualTo("/var/run/docker.sock");
        assertThat(DockerEndpoint.parse("ssh://lab1/run/podman/podman.sock", "").remoteSocket())
                .isEqualTo("/run/podman/podman.sock");
        assertThatThrownBy(() -> DockerEndpoint.parse("ssh://me:pw@lab1", ""))
                .isInstanceOf(DockerEndpointException.class).hasMessageContaining("password");
    }
}
