package io.instanceconsole.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several instancectl processes at once on one data directory, as a script running them in parallel does: each
 * opens the shared store, one serves it to the others and leaves, another takes over (H2's AUTO_SERVER). Every one
 * of them must do its action and record it; before the handover lock, most failed to open the store.
 */
class ConcurrentCliTest {
    @TempDir
    Path dataDir;

    @Test
    void instancectlProcessesRunningAtOnceAllDoAndRecordTheirAction() throws Exception {
        assertThat(cli("list").waitFor(60, TimeUnit.SECONDS)).isTrue(); // creates the store with the embedded simulator
        Process listing = cli("list", "--status", "running", "--json");
        JsonNode running = new ObjectMapper().readTree(new String(listing.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertThat(running.size()).isGreaterThanOrEqualTo(6);

        List<Process> pauses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            pauses.add(cli("pause", running.get(i).get("id").asText()));
        }
        List<String> failures = new ArrayList<>();
        for (Process pause : pauses) {
            assertThat(pause.waitFor(120, TimeUnit.SECONDS)).isTrue();
            if (pause.exitValue() != 0) {
                failures.add(new String(pause.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        }

        assertThat(failures).as("exit codes other than 0").isEmpty();
        Process history = cli("history", "--json");
        JsonNode events = new ObjectMapper().readTree(new String(history.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertThat(events).hasSize(6).allSatisfy(e -> assertThat(e.get("outcome").asText()).isEqualTo("SUCCEEDED"));
    }

    /** {@code instancectl list | head -1}: the reader stops reading, and that is no error, as for any Unix tool. */
    @Test
    void aReaderThatStopsReadingIsNotAnError() throws Exception {
        assertThat(cli("list").waitFor(60, TimeUnit.SECONDS)).isTrue();
        Process list = cli("list");
        list.getInputStream().close(); // before the table is written: every write meets a closed pipe

        assertThat(list.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(list.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).isEmpty();
        assertThat(list.exitValue()).isZero();
    }

    private Process cli(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), CliMain.class.getName(),
                "--data-dir", dataDir.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).start();
    }
}
