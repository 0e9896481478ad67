package io.instanceconsole.app;

import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FirstStartDetectionTest {
    @Test
    void dockerHostAndLibvirtUriAreOfferedWithoutTheSimulator() {
        List<Connection> found = FirstStartDetection.detect(
                Map.of("DOCKER_HOST", "unix:///tmp/a/docker.sock", "LIBVIRT_DEFAULT_URI", "qemu:///session"), path -> false);

        assertThat(found).extracting(Connection::kind).containsExactly(BackendKind.DOCKER, BackendKind.LIBVIRT);
        assertThat(found).extracting(Connection::uri).containsExactly("unix:///tmp/a/docker.sock", "qemu:///session");
    }

    @Test
    void defaultSocketsAreFoundWhenNoVariableIsSet() {
        List<Connection> found = FirstStartDetection.detect(Map.of(), path -> true);

        assertThat(found).extracting(Connection::uri).containsExactly("unix:///var/run/docker.sock", "unix:///run/podman/podman.sock",
                "qemu:///system");
    }

    @Test
    void simulatorOnlyWhenNothingRealIsFoundOrWhenAskedFor() {
        assertThat(FirstStartDetection.detect(Map.of(), path -> false)).extracting(Connection::kind)
                .containsExactly(BackendKind.SIMULATOR);
        assertThat(FirstStartDetection.detect(Map.of("DOCKER_HOST", "tcp://127.0.0.1:2376", "INSTANCE_CONSOLE_SIMULATOR", "1"),
                path -> false)).extracting(Connection::kind).containsExactly(BackendKind.DOCKER, BackendKind.SIMULATOR);
    }

    @Test
    void podmansSystemAndUserSocketsAreOfferedAsDockerConnections() {
        List<Connection> found = FirstStartDetection.detect(Map.of("XDG_RUNTIME_DIR", "/run/user/1000"),
                path -> path.contains("podman"));

        assertThat(found).extracting(Connection::name).containsExactly("Podman", "Podman (user)");
        assertThat(found).extracting(Connection::kind).containsOnly(BackendKind.DOCKER);
        assertThat(found).extracting(Connection::uri)
                .containsExactly("unix:///run/podman/podman.sock", "unix:///run/user/1000/podman/podman.sock");
    }

    @Test
    void aPodmanSocketIsOfferedOnlyWhenItExistsAndDockerHostDoesNotNameItAlready() {
        List<Connection> found = FirstStartDetection.detect(
                Map.of("DOCKER_HOST", "unix:///var/run/podman/podman.sock", "XDG_RUNTIME_DIR", "/run/user/0"),
                path -> path.equals("/run/podman/podman.sock"));

        assertThat(found).extracting(Connection::name).containsExactly("Docker");
        assertThat(found).extracting(Connection::uri).containsExactly("unix:///var/run/podman/podman.sock");
    }
}
