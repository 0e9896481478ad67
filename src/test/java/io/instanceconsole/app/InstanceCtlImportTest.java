package io.instanceconsole.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.instanceconsole.cli.ExitCode;
import io.instanceconsole.service.imports.UserSettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code instancectl connections import} in-process over a home made by {@link UserSettings} (Docker contexts, and
 * virt-manager's URIs in the real gsettings' keyfile backend): what it prints, what it stores, its exit codes.
 */
class InstanceCtlImportTest {

    @TempDir
    Path dir;

    private UserSettings user;


    @BeforeEach
    void setUp() {
        user = UserSettings.create(dir.resolve("user"));
    }

    private Path data() {
        return dir.resolve("data");
    }

    private CliRun ctl(String... args) {
        return CliRun.in(data().toString(), user.env(), args);
    }

    private List<String> names() {
        return StreamSupport.stream(ctl("connections", "list", "--json").json().spliterator(), false)
                .map(n -> n.get("name").asText()).toList();
    }

    @Test
    void aDryRunShowsEverythingFoundAndChangesNothing() {
        CliRun run = ctl("connections", "import", "--dry-run");
        assertThat(run.code()).isEqualTo(ExitCode.FAILED); // three contexts are not importable
        assertThat(run.out()).contains("Docker contexts in " + user.dockerConfig().resolve("contexts") + ": 6 found")
                .containsPattern("(?m)^would import +lab1 +docker +tcp://127\\.0\\.0\\.1:1 +TLS " + user.tls("lab1"))
                .containsPattern("(?m)^would import +test-default +libvirt +test:///default")
                .containsPattern("(?m)^not importable +context " + UserSettings.id("broken").substring(0, 12) + " +docker +"
                        + user.meta("broken") + " is not valid JSON")
                .contains("would import 5, already present 0, not importable 3; nothing was changed (--dry-run)");
        assertThat(run.err().lines().toList()).hasSize(3).allSatisfy(l -> assertThat(l).startsWith("instancectl: not importable: "));
        assertThat(data()).doesNotExist();
    }

    @Test
    void importAddsTheImportableOnesAndASecondImportFindsThemPresent() {
        CliRun first = ctl("connections", "import");
        assertThat(first.code()).isEqualTo(ExitCode.FAILED);
        assertThat(first.out()).containsPattern("(?m)^imported +skipper +docker +tcp://127\\.0\\.0\\.1:2 +TLS .*SkipTLSVerify is set")
                .contains("imported 5, already present 0, not importable 3");
        assertThat(first.err()).contains("instancectl: not importable: TLS directory " + user.tls("nokey") + " of context 'nokey' lacks key.pem");
        assertThat(names()).containsExactlyInAnyOrder("lab1", "skipper", "local", "test-default", "127.0.0.2");

        CliRun again = ctl("connections", "import", "--from", "virt-manager");
        assertThat(again.code()).isEqualTo(ExitCode.OK);
        assertThat(again.out()).containsPattern("(?m)^already present +test-default +libvirt +test:///default +already present as 'test-default'")
                .contains("imported 0, already present 2, not importable 0");
        assertThat(names()).hasSize(5);
    }

    @Test
    void jsonCarriesOnlyJson() {
        CliRun run = ctl("connections", "import", "--from", "docker-contexts", "--json");
        assertThat(run.code()).isEqualTo(ExitCode.FAILED);
        JsonNode report = run.json();
        assertThat(report.get("dryRun").asBoolean()).isFalse();
        assertThat(report.get("imported").asInt()).isEqualTo(3);
        assertThat(report.get("notImportable").asInt()).isEqualTo(3);
        JsonNode lab1 = StreamSupport.stream(report.get("candidates").spliterator(), false)
                .filter(n -> n.get("name").asText().equals("lab1")).findFirst().orElseThrow();
        assertThat(lab1.get("result").asText()).isEqualTo("imported");
        assertThat(lab1.get("source").asText()).isEqualTo("docker-contexts");
        assertThat(lab1.get("tlsDir").asText()).isEqualTo(user.tls("lab1").toString());
        assertThat(lab1.get("origin").asText()).isEqualTo(user.meta("lab1").toString());
    }

    @Test
    void anUnknownSourceIsAUsageError() {
        CliRun run = ctl("connections", "import", "--from", "kubernetes");
        assertThat(run.code()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).isEqualTo("instancectl: --from must be one of docker-contexts, virt-manager, not 'kubernetes'\n");
        assertThat(Files.exists(data())).isFalse();
    }
}
