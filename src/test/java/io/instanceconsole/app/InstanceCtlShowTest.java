package io.instanceconsole.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.instanceconsole.cli.ExitCode;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.store.ConnectionRepository;
import io.instanceconsole.store.DataDirectory;
import io.instanceconsole.store.Database;
import io.instanceconsole.store.InstanceRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code instancectl show} and {@code logs} in-process against the embedded simulator: the facts, JSON, and each exit code. */
class InstanceCtlShowTest {
    @TempDir
    Path dataDir;

    private CliRun ctl(String... args) {
        return CliRun.in(dataDir.toString(), Map.of(), args);
    }

    private JsonNode firstInstance() {
        return ctl("list", "--json").json().get(0);
    }

    @Test
    void showsTheFactsOfOneInstanceByName() {
        JsonNode instance = firstInstance();

        CliRun run = ctl("show", instance.get("name").asText());

        assertThat(run.code()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).startsWith(instance.get("name").asText() + " on Simulator (" + instance.get("id").asText() + ")")
                .contains("\nSimulated\n").contains("  Simulates").contains("nothing runs")
                .contains("  Image").contains(instance.get("image").asText());
        assertThat(run.err()).isEmpty();
    }

    @Test
    void jsonHasTheSectionsAsThePaneShowsThem() {
        JsonNode instance = firstInstance();

        CliRun run = ctl("show", instance.get("id").asText(), "--connection", "Simulator", "--json");

        assertThat(run.code()).as(run.err()).isEqualTo(ExitCode.OK);
        JsonNode facts = run.json();
        assertThat(facts.get("id").asText()).isEqualTo(instance.get("id").asText());
        assertThat(facts.get("connection").asText()).isEqualTo("Simulator");
        assertThat(facts.get("sections").get(0).get("title").asText()).isEqualTo("Simulated");
        assertThat(facts.get("sections").get(0).get("facts").get(0).get("label").asText()).isEqualTo("Simulates");
        assertThat(facts.get("environmentNames").isArray()).isTrue();
        assertThat(facts.get("observedAt").isNull()).isFalse();
    }

    @Test
    void anUnknownNameExitsFourInOneLine() {
        CliRun run = ctl("show", "no-such-instance");

        assertThat(run.code()).isEqualTo(ExitCode.NOTHING_MATCHED);
        assertThat(run.err().strip()).isEqualTo("instancectl: no instance named 'no-such-instance'");
    }

    @Test
    void withoutANameItIsAUsageError() {
        assertThat(ctl("show").code()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void anInstanceOfAnUnreachableHostExitsThreeNamingTheHost() {
        assertThat(ctl("connections", "add", "gone", "--docker", "tcp://127.0.0.1:1").code()).isZero();
        try (Database store = Database.open(new DataDirectory(dataDir).prepare())) {
            String id = new ConnectionRepository(store).findAll().stream()
                    .filter(c -> c.name().equals("gone")).findFirst().orElseThrow().id();
            Instant now = Instant.now();
            new InstanceRepository(store).upsert(new Instance(new InstanceKey(id, "c0ffee"), "web-1", BackendKind.DOCKER,
                    "nginx", InstanceStatus.RUNNING, "", now, now));
        }

        CliRun run = ctl("show", "--connection", "gone", "web-1");

        assertThat(run.code()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(run.err()).contains("'gone'").contains("tcp://127.0.0.1:1").doesNotContain("Exception");
        assertThat(run.err().strip().lines().count()).isEqualTo(1);
    }

    @Test
    void logsOfASimulatedInstanceSayInOneLineThatThereAreNone() {
        CliRun run = ctl("logs", firstInstance().get("name").asText());

        assertThat(run.code()).isEqualTo(ExitCode.FAILED);
        assertThat(run.err().strip()).endsWith("Simulator hosts keep no logs this console can read")
                .doesNotContain("\n").doesNotContain("Exception");
    }

    @Test
    void logsOfAnUnknownNameExitFourAndANegativeTailIsAUsageError() {
        assertThat(ctl("logs", "no-such-instance").code()).isEqualTo(ExitCode.NOTHING_MATCHED);
        CliRun negative = ctl("logs", "web", "--tail", "-1");
        assertThat(negative.code()).isEqualTo(ExitCode.USAGE);
        assertThat(negative.err()).contains("--tail must be 0 or more");
    }
}
