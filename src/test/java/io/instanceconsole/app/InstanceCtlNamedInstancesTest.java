package io.instanceconsole.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.instanceconsole.backend.BackendFactory;
import io.instanceconsole.backend.ComputeBackend;
import io.instanceconsole.cli.ExitCode;
import io.instanceconsole.concurrent.ConsoleThreads;
import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.Connection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code instancectl pause NAME} on one connection looks at just the named instance on its host (no listing), and
 * what it acts on is the host's current state, not the store's: changes made on the host behind the console's back
 * count, and an instance gone from its host is resolved again from a listing (docs/decisions/0018).
 */
class InstanceCtlNamedInstancesTest {
    @TempDir
    Path dataDir;

    private String name;
    private String id;

    @BeforeEach
    void aStoreThatKnowsTheSimulatorsInstances() {
        assertThat(ctl("list").code()).isZero(); // first start: the embedded simulator, listed once into the store
        JsonNode running = ctl("list", "--status", "running", "--json").json();
        name = running.get(0).get("name").asText();
        id = running.get(0).get("id").asText();
    }

    @Test
    void anInstancePausedOnItsHostBehindTheConsolesBackIsAlreadyPaused() {
        onTheHost(Action.PAUSE, id);

        CliRun pause = ctl("pause", "--json", name);

        assertThat(pause.code()).isEqualTo(ExitCode.OK);
        JsonNode result = pause.json().get("results").get(0);
        assertThat(result.get("outcome").asText()).isEqualTo("SKIPPED");
        assertThat(result.get("status").asText()).isEqualTo("PAUSED");
        CliRun resume = ctl("resume", "--json", id);
        assertThat(resume.code()).isEqualTo(ExitCode.OK);
        assertThat(resume.json().get("results").get(0).get("outcome").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void anInstanceDeletedOnItsHostIsLookedUpAgainAndNotFound() {
        onTheHost(Action.FORCE_STOP, id);
        onTheHost(Action.DELETE, id);

        CliRun pause = ctl("pause", name);

        assertThat(pause.code()).isEqualTo(ExitCode.NOTHING_MATCHED);
        assertThat(pause.err()).contains("no instance named '" + name + "'");
        assertThat(ctl("list", "--json").json().findValuesAsText("id")).doesNotContain(id);
    }

    /** Acts on the simulated host directly, as another tool would: the store is not told. */
    private void onTheHost(Action action, String instanceId) {
        // the host's own state file is shared by every process on this data directory, as a real host would be
        Connection connection;
        try (AppContext context = TestContexts.context(dataDir)) {
            connection = context.connections().findAll().getFirst();
        }
        BackendFactory backends = new BackendFactory(dataDir.resolve("simulator"), Clock.systemUTC(), new ConsoleThreads());
        try (ComputeBackend host = backends.open(connection)) {
            host.perform(action, instanceId);
        }
    }

    private CliRun ctl(String... args) {
        return CliRun.in(dataDir.toString(), Map.of(), args);
    }
}
