package io.instanceconsole.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.instanceconsole.backend.docker.DockerCli;
import io.instanceconsole.cli.ExitCode;
import io.instanceconsole.testing.ProjectScripts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code instancectl} against a real Docker Engine and real libvirt (the test driver), checked with their own tools. */
class InstanceCtlEnginesIT {

    @TempDir
    Path dir;


    private CliRun ctl(String... args) {
        return CliRun.in(dir.resolve("data").toString(), Map.of(), args);
    }

    @Test
    void dockerContainersAreListedPausedAndResumedFromTheCommandLine() throws Exception {
        DockerCli docker = new DockerCli(ProjectScripts.dockerEngine("a"));
        docker.removeAll();
        docker.runDetached("cli-web");
        docker.runDetached("cli-db");
        try {
            assertThat(ctl("connections", "add", "engine", "--docker", docker.host()).code()).isZero();
            // a data directory created by adding a connection holds that one only: no simulator to remove
            assertThat(ctl("connections", "list", "--json").json()).extracting(n -> n.get("name").asText()).containsExactly("engine");

            JsonNode listed = ctl("list", "--json").json();
            assertThat(listed).extracting(n -> n.get("name").asText()).containsExactlyInAnyOrder("cli-db", "cli-web");
            assertThat(listed).allSatisfy(n -> {
                assertThat(n.get("kind").asText()).isEqualTo("docker");
                assertThat(n.get("status").asText()).isEqualTo("RUNNING");
            });

            CliRun pause = ctl("pause", "cli-web", "--json");
            assertThat(pause.code()).isEqualTo(ExitCode.OK);
            assertThat(pause.json().get("results").get(0).get("outcome").asText()).isEqualTo("SUCCEEDED");
            assertThat(docker.state("cli-web")).isEqualTo("paused");

            CliRun again = ctl("pause", "cli-web", "--json");
            assertThat(again.code()).isEqualTo(ExitCode.OK);
            assertThat(again.json().get("results").get(0).get("outcome").asText()).isEqualTo("SKIPPED");

            assertThat(ctl("resume", "--all-matching", "status:paused").code()).isZero();
            assertThat(docker.state("cli-web")).isEqualTo("running");
            List<String> trail = new ArrayList<>();
            ctl("history", "--json").json().forEach(e -> trail.add(e.get("action").asText() + " " + e.get("outcome").asText()));
            assertThat(trail).as("the connection added, then the pause and the resume; the skipped pause is no change")
                    .containsExactlyInAnyOrder("connection added CONFIGURED", "pause SUCCEEDED", "resume SUCCEEDED");
        } finally {
            docker.removeAll();
        }
    }

    @Test
    void libvirtDomainsAreSuspendedFromTheCommandLineAndAnUnreachableHostExitsThree() throws Exception {
        String uri = ProjectScripts.libvirtTestNode(30, dir.resolve("node.xml"));
        assertThat(ctl("connections", "add", "vms", "--libvirt", uri).code()).isZero();

        JsonNode running = ctl("list", "--connection", "vms", "--status", "running", "--json").json();
        String name = running.get(0).get("name").asText();
        CliRun pause = ctl("pause", "--connection", "vms", name, "--json");
        assertThat(pause.code()).isEqualTo(ExitCode.OK);
        assertThat(pause.json().get("results").get(0).get("status").asText()).isEqualTo("PAUSED");

        assertThat(ctl("connections", "add", "gone", "--libvirt", "qemu+unix:///system?socket=" + dir.resolve("no.sock")).code()).isZero();
        CliRun unreachable = ctl("list", "--connection", "gone");
        assertThat(unreachable.code()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(unreachable.err()).contains("'gone'");
    }
}
