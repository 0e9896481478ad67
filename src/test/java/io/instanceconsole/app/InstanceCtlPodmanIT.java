package io.instanceconsole.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.instanceconsole.backend.docker.PodmanCli;
import io.instanceconsole.cli.ExitCode;
import io.instanceconsole.testing.ProjectScripts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code instancectl} against a real Podman through its Docker-compatible socket, checked with {@code podman inspect}. */
class InstanceCtlPodmanIT {
    @TempDir
    Path dir;

    private CliRun ctl(String... args) {
        return CliRun.in(dir.resolve("data").toString(), Map.of(), args);
    }

    @Test
    void podmanContainersAreListedAsPodmanPausedAndResumedFromTheCommandLine() throws Exception {
        PodmanCli podman = new PodmanCli(ProjectScripts.podmanEngine());
        podman.removeAll();
        podman.runDetached("cli-pm-web");
        try {
            assertThat(ctl("connections", "add", "pm", "--docker", podman.host()).code()).isZero();

            JsonNode listed = ctl("list", "--json").json();
            assertThat(listed).extracting(n -> n.get("name").asText()).containsExactly("cli-pm-web");
            assertThat(listed.get(0).get("kind").asText()).isEqualTo("podman");
            CliRun table = ctl("list");
            assertThat(table.out()).containsPattern("cli-pm-web\\s+pm\\s+podman\\s+running");

            CliRun pause = ctl("pause", "cli-pm-web", "--json");
            assertThat(pause.code()).as(pause.err()).isEqualTo(ExitCode.OK);
            assertThat(pause.json().get("results").get(0).get("outcome").asText()).isEqualTo("SUCCEEDED");
            assertThat(podman.state("cli-pm-web")).isEqualTo("paused");

            CliRun again = ctl("pause", "cli-pm-web", "--json");
            assertThat(again.json().get("results").get(0).get("outcome").asText()).isEqualTo("SKIPPED");

            assertThat(ctl("resume", "cli-pm-web").code()).isZero();
            assertThat(podman.state("cli-pm-web")).isEqualTo("running");
        } finally {
            podman.removeAll();
        }
    }
}
