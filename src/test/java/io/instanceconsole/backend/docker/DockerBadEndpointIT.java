package io.instanceconsole.backend.docker;

import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.UnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Connections that cannot work fail at open, with a message naming the URI and the problem, within the connect
 * timeout. Real sockets only: a port nobody listens on, a listener that never answers, a socket that is not Docker's.
 */
class DockerBadEndpointIT {
    private static final Duration CONNECT = Duration.ofSeconds(2);
    private static final DockerSettings SETTINGS = DockerSettings.defaults().withConnectTimeout(CONNECT);

    private static DockerBackend open(String uri, String tlsDir) {
        return DockerBackend.open(new Connection("bad", "bad-host", BackendKind.DOCKER, uri, tlsDir, false, true),
                SETTINGS, Clock.systemUTC());
    }

    @Test
    void uriThatIsNotADockerEndpointIsRefusedNamingIt() {
        assertThatThrownBy(() -> open("qemu:///system", ""))
                .isInstanceOf(DockerEndpointException.class)
                .hasMessageContaining("qemu:///system")
                .hasMessageContaining("not a Docker endpoint");
    }

    @Test
    void socketThatDoesNotExistIsUnavailableNamingThePath(@TempDir Path dir) {
        Path socket = dir.resolve("docker.sock");

        assertThatThrownBy(() -> open("unix://" + socket, ""))
                .isInstanceOf(UnavailableException.class)
                .hasMessageContaining(socket.toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void tlsDirectoryWithoutCertificatesNamesTheMissingFile(@TempDir Path certs) throws IOException {
        Files.writeString(certs.resolve("ca.pem"), "not used");
        Files.writeString(certs.resolve("cert.pem"), "not used");

        assertThatThrownBy(() -> open("tcp://127.0.0.1:2376", certs.toString()))
                .isInstanceOf(DockerEndpointException.class)
                .hasMessageContaining("tcp://127.0.0.1:2376")
                .hasMessageContaining("key.pem")
                .hasMessageContaining(certs.toString());
    }

    @Test
    void tlsDirectoryWithUnreadableCertificatesIsRefusedNamingIt(@TempDir Path certs) throws IOException {
        for (String name : DockerEndpoint.TLS_FILES) {
            Files.writeString(certs.resolve(name), "this is not PEM");
        }
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String uri = "tcp://127.0.0.1:" + listener.getLocalPort();
            assertThatThrownBy(() -> open(uri, certs.toString()))
                    .isInstanceOf(DockerEndpointException.class)
                    .hasMessageContaining(uri)
                    .hasMessageContaining(certs.toString());
        }
    }

    @Test
    @Timeout(10)
    void portNobodyListensOnIsUnavailableAtOnce() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        String uri = "tcp://127.0.0.1:" + port;
        long start = System.nanoTime();

        assertThatThrownBy(() -> open(uri, ""))
                .isInstanceOf(UnavailableException.class)
                .hasMessageContaining(uri)
                .hasMessageContaining("refused");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(CONNECT.plusMillis(500));
    }

    @Test
    @Timeout(10)
    void listenerThatNeverAnswersFailsWithinTheConnectTimeout() throws IOException {
        // accepts connections (the kernel completes the handshake) and never says a word
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String uri = "tcp://127.0.0.1:" + silent.getLocalPort();
            long start = System.nanoTime();

            assertThatThrownBy(() -> open(uri, ""))
                    .isInstanceOf(UnavailableException.class)
                    .hasMessageContaining(uri)
                    .hasMessageContaining("within 2 s");
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).isGreaterThanOrEqualTo(CONNECT.minusMillis(100)).isLessThan(CONNECT.plusMillis(800));
        }
    }

    @Test
    @Timeout(10)
    void unixSocketThatIsNotDockerIsRefusedNamingIt(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("not-docker.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(path));
            // one peer that answers every connection with something that is not HTTP, then hangs up
            Thread.ofPlatform().daemon().start(() -> {
                while (server.isOpen()) {
                    try (var peer = server.accept()) {
                        peer.write(ByteBuffer.wrap("SSH-2.0-OpenSSH_9.2\r\n".getBytes()));
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            String uri = "unix://" + path;

            assertThatThrownBy(() -> open(uri, ""))
                    .isInstanceOfAny(DockerEndpointException.class, UnavailableException.class)
                    .hasMessageContaining(uri);
        }
    }

    @Test
    void regularFileIsNotASocket(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("docker.sock"), "");

        assertThatThrownBy(() -> open("unix://" + file, ""))
                .isInstanceOf(DockerEndpointException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not a socket");
    }
}
