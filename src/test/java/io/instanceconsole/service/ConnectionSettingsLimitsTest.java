package io.instanceconsole.service;

import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The edges of what the Connections form and {@code instancectl connections add} accept: the longest name, the last
 * port, a TLS directory that must hold its three files and belongs to Docker only, and the example each refusal of
 * a URI without a scheme gives for its kind.
 */
class ConnectionSettingsLimitsTest {
    @TempDir
    Path dir;

    @Test
    void aNameMayHaveTwoHundredCharactersButNotMore() {
        String longest = "n".repeat(200);
        assertThat(ConnectionSettings.create(longest, BackendKind.SIMULATOR, "sim://lab", null, false).name())
                .isEqualTo(longest);
        assertThatThrownBy(() -> ConnectionSettings.create(longest + "n", BackendKind.SIMULATOR, "sim://lab", null, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("' must be at most 200 characters, without leading or trailing spaces");
        assertThatThrownBy(() -> ConnectionSettings.create(" lab", BackendKind.SIMULATOR, "sim://lab", null, false))
                .hasMessage("connection name ' lab' must be at most 200 characters, without leading or trailing spaces");
        assertThatThrownBy(() -> ConnectionSettings.create("  ", BackendKind.SIMULATOR, "sim://lab", null, false))
                .hasMessage("a connection needs a name");
    }

    @Test
    void theLastPortIsAcceptedAndPortZeroIsAPort() {
        assertThat(ConnectionSettings.create("edge", BackendKind.DOCKER, "tcp://lab1:65535", null, false).uri())
                .isEqualTo("tcp://lab1:65535");
        assertThat(ConnectionSettings.create("zero", BackendKind.DOCKER, "tcp://lab1:0", null, false).uri())
                .isEqualTo("tcp://lab1:0");
        assertThatThrownBy(() -> ConnectionSettings.create("over", BackendKind.DOCKER, "tcp://lab1:65536", null, false))
                .hasMessage("'tcp://lab1:65536' has port 65536; ports go up to 65535");
        assertThatThrownBy(() -> ConnectionSettings.create("none", BackendKind.DOCKER, "tcp://lab1", null, false))
                .hasMessage("'tcp://lab1' names no port (e.g. tcp://lab1:2376 with TLS, :2375 without)");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "DOCKER,    unix:///var/run/docker.sock",
            "LIBVIRT,   qemu:///system",
            "SIMULATOR, sim://lab",
    })
    void aUriWithoutASchemeIsRefusedWithAnExampleOfItsKind(BackendKind kind, String example) {
        assertThatThrownBy(() -> ConnectionSettings.create("lab", kind, "lab1", null, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'lab1' has no scheme (e.g. " + example + ")");
    }

    @Test
    void aTlsDirectoryMustHoldItsThreeFilesAndIsForDockerOnly() throws Exception {
        Path tls = Files.createDirectories(dir.resolve("tls"));
        Files.writeString(tls.resolve("ca.pem"), "pem");
        Files.writeString(tls.resolve("cert.pem"), "pem");

        assertThatThrownBy(() -> ConnectionSettings.create("lab", BackendKind.DOCKER, "tcp://lab1:2376", tls.toString(), false))
                .hasMessage("TLS directory " + tls + " has no readable key.pem (needs ca.pem, cert.pem and key.pem)");
        assertThatThrownBy(() -> ConnectionSettings.create("lab", BackendKind.DOCKER, "tcp://lab1:2376",
                dir.resolve("missing").toString(), false))
                .hasMessage("TLS directory " + dir.resolve("missing") + " does not exist or is not a directory");

        Files.writeString(tls.resolve("key.pem"), "pem");
        Connection secured = ConnectionSettings.create("lab", BackendKind.DOCKER, "tcp://lab1:2376", tls.toString(), true);
        assertThat(secured.tlsDir()).isEqualTo(tls.toString());
        assertThat(secured.readOnly()).isTrue();
        assertThat(secured.enabled()).isTrue();
        assertThatThrownBy(() -> ConnectionSettings.create("lab", BackendKind.LIBVIRT, "qemu:///system", tls.toString(), false))
                .hasMessage("a TLS directory is only used by Docker connections");
        assertThat(ConnectionSettings.create("lab", BackendKind.DOCKER, "tcp://lab1:2375", " ", false).tlsDir()).isBlank();
    }
}
