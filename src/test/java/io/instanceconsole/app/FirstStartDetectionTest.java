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

        assertThat(found).extracting(Connection::uri).containsExactly("unix:///var/run/docker.sock", "qemu:///system");
    }

    @Test
    void simulatorOnlyWhenNothingRealIsFoundOrWhenAskedFor() {
        assertThat(FirstStartDetection.detect(Map.of(), path -> false)).extracting(Connection::kind)
                .containsExactly(BackendKind.SIMULATOR);
        assertThat(FirstStartDetection.detect(Map.of("DOCKER_HOST", "tcp://127.0.0.1:2376", "INSTANCE_CONSOLE_SIMULATOR", "1"),
                path -> false)).extracting(Connection::kind).containsExactly(BackendKind.DOCKER, BackendKind.SIMULATOR);
    }
}
