package io.instanceconsole.app;

import io.instanceconsole.backend.docker.DockerCli;
import io.instanceconsole.cli.ExitCode;
import io.instanceconsole.cli.InstanceCtl;
import io.instanceconsole.testing.ProjectScripts;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code instancectl logs} and {@code show} against a real Docker Engine (.ci/docker-engine.sh). */
class InstanceCtlLogsIT {
    private static final String TICKER = "i=0; while true; do echo out-$i; echo err-$i >&2; i=$((i+1)); sleep 1; done";

    @TempDir
    Path dir;

    private String dataDir() {
        return dir.resolve("data").toString();
    }

    private CliRun ctl(String... args) {
        return CliRun.in(dataDir(), Map.of(), args);
    }

    @Test
    void printsTheTailThenFollowsUntilTheContainerStops() throws Exception {
        DockerCli docker = new DockerCli(ProjectScripts.dockerEngine("a"));
        docker.removeAll();
        docker.docker("run", "-d", "--network", "none", "--name", "cli-ticker", DockerCli.IMAGE, "sh", "-c", TICKER);
        try {
            assertThat(ctl("connections", "add", "engine", "--docker", docker.host()).code()).isZero();
            ServiceFixture.await(Duration.ofSeconds(15), "the ticker printed out-2", () -> docker.docker("logs", "cli-ticker").contains("out-2"));

            CliRun tail = ctl("logs", "cli-ticker", "--tail", "2");
            assertThat(tail.code()).as(tail.err()).isEqualTo(ExitCode.OK);
            assertThat(tail.out().lines().toList()).hasSize(1).allMatch(l -> l.startsWith("out-"));
            assertThat(tail.err().lines().toList()).hasSize(1).allMatch(l -> l.startsWith("err-"));

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            CompletableFuture<Integer> following = CompletableFuture.supplyAsync(() -> InstanceCtl.run(
                    new String[]{"--data-dir", dataDir(), "logs", "cli-ticker", "--follow", "--tail", "0"},
                    new CliServicesFactory(Map.of()), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8)));
            int printedBefore = count(docker.docker("logs", "cli-ticker"));
            ServiceFixture.await(Duration.ofSeconds(15), "the followed output", () -> out.toString(StandardCharsets.UTF_8).contains("out-" + (printedBefore + 1)));
            assertThat(out.toString(StandardCharsets.UTF_8)).as("--tail 0: only what came after").doesNotContain("out-0\n");

            docker.docker("stop", "-t", "1", "cli-ticker");

            assertThat(following.get(30, TimeUnit.SECONDS)).isEqualTo(ExitCode.OK);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("instancectl: the log of 'cli-ticker'")
                    .contains("ended");

            CliRun show = ctl("show", "cli-ticker", "--json");
            assertThat(show.code()).as(show.err()).isEqualTo(ExitCode.OK);
            assertThat(show.json().get("kind").asText()).isEqualTo("docker");
        } finally {
            docker.removeAll();
        }
    }

    /** The number of the last out-N line, plus one: how many seconds the ticker has printed. */
    private static int count(String logs) {
        return (int) logs.lines().filter(l -> l.startsWith("out-")).count();
    }
}
