package io.instanceconsole.service;

import io.instanceconsole.domain.BackendKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a new connection must look like before anything is saved: every refusal names the value and what is wrong. */
class ConnectionSettingsTest {
    @Test
    void aNameWithControlCharactersIsRefusedAndShownWithoutThem() {
        assertThatThrownBy(() -> ConnectionSettings.create("evil\nname\u001b[31m", BackendKind.SIMULATOR, "sim://x", "", false))
                .hasMessage("connection name 'evil?name?[31m' must not contain control characters (newlines, tabs, escapes)");
        assertThat(ConnectionSettings.create("lab one", BackendKind.SIMULATOR, "sim://x", "", false).name()).isEqualTo("lab one");
    }

    @Test
    void aPortAboveTheLastOneIsRefusedWhenAdded() {
        assertThatThrownBy(() -> ConnectionSettings.create("x", BackendKind.DOCKER, "tcp://127.0.0.1:99999", "", false))
                .hasMessage("'tcp://127.0.0.1:99999' has port 99999; ports go up to 65535");
        assertThat(ConnectionSettings.create("x", BackendKind.DOCKER, "tcp://127.0.0.1:2375", "", false).uri())
                .isEqualTo("tcp://127.0.0.1:2375");
    }

    @Test
    void podmanIsAddedAsADockerConnectionToItsSocketNeverAsAKindOfItsOwn() {
        assertThatThrownBy(() -> ConnectionSettings.create("pm", BackendKind.PODMAN, "unix:///run/podman/podman.sock", "", false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Podman is reached through its Docker-compatible socket: add a Docker connection"
                        + " (e.g. unix:///run/podman/podman.sock)");
        assertThat(ConnectionSettings.create("pm", BackendKind.DOCKER, "unix:///run/podman/podman.sock", "", false).kind())
                .isEqualTo(BackendKind.DOCKER);
    }
}
