package io.instanceconsole.backend.docker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Version;
import io.instanceconsole.domain.BackendKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine is told from its {@code /version} answer; these are the answers of Podman 4.3.1 and Docker 20.10. */
class EngineOfVersionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void podmansVersionAnswerNamesPodman() throws Exception {
        Version podman = JSON.readValue("""
                {"Platform":{"Name":"linux/amd64/debian-12"},
                 "Components":[{"Name":"Podman Engine","Version":"4.3.1"},{"Name":"Conmon","Version":"conmon 2.1.6"},
                               {"Name":"OCI Runtime (runc)","Version":"runc 1.1.5"}],
                 "Version":"4.3.1","ApiVersion":"1.41","MinAPIVersion":"1.24"}""", Version.class);

        assertThat(DockerClientFactory.engineOf(podman)).isEqualTo(BackendKind.PODMAN);
    }

    @Test
    void dockersVersionAnswerAndOneWithoutComponentsAreDocker() throws Exception {
        Version docker = JSON.readValue("""
                {"Platform":{"Name":""},
                 "Components":[{"Name":"Engine","Version":"20.10.24+dfsg1"},{"Name":"containerd","Version":"1.6.20"},
                               {"Name":"runc","Version":"1.1.5"},{"Name":"docker-init","Version":"0.19.0"}],
                 "Version":"20.10.24+dfsg1","ApiVersion":"1.41","MinAPIVersion":"1.12"}""", Version.class);
        Version bare = JSON.readValue("{\"Version\":\"20.10.0\",\"ApiVersion\":\"1.41\"}", Version.class);

        assertThat(DockerClientFactory.engineOf(docker)).isEqualTo(BackendKind.DOCKER);
        assertThat(DockerClientFactory.engineOf(bare)).isEqualTo(BackendKind.DOCKER);
    }
}
