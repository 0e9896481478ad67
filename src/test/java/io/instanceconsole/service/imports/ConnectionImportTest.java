package io.instanceconsole.service.imports;

import io.instanceconsole.app.TestContexts;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.ConnectionPolicy;
import io.instanceconsole.service.imports.ImportCandidate.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The import over a home made by {@link UserSettings}: Docker contexts as the docker CLI stores them and virt-manager's
 * URIs written and read by the real gsettings; the store is the real one.
 */
class ConnectionImportTest {
    @TempDir
    Path dir;

    private UserSettings user;
    private TestContexts.Opened context;

    @BeforeEach
    void setUp() {
        user = UserSettings.create(dir.resolve("user"));
        context = TestContexts.open(dir.resolve("data"));
        context.manager().add("lab1", BackendKind.SIMULATOR, "sim://lab1?count=1", null, false, ConnectionPolicy.defaults());
        context.manager().add("my engine", BackendKind.DOCKER, UserSettings.LOCAL_SOCKET, null, false, ConnectionPolicy.defaults());
    }

    @AfterEach
    void tearDown() {
        context.close();
    }

    private ConnectionImport importer(Map<String, String> env) {
        // no default context: this machine's own /var/run/docker.sock is not the test's
        return new ConnectionImport(List.of(new DockerContextsSource(user.dockerConfig(), null), new VirtManagerSource(env)));
    }

    private static Map<String, ImportCandidate> byOrigin(List<ImportCandidate> candidates, Function<ImportCandidate, String> key) {
        return candidates.stream().collect(Collectors.toMap(key, c -> c, (a, b) -> a));
    }

    @Test
    void everyDockerContextIsListedWithItsVerdict() {
        ConnectionImport.Scan scan = importer(user.env()).scan(context.manager().all(), Set.of(ConnectionImport.DOCKER_CONTEXTS));
        Map<String, ImportCandidate> found = byOrigin(scan.candidates(), ImportCandidate::origin);
        assertThat(scan.candidates()).hasSize(6);

        ImportCandidate lab1 = found.get(user.meta("lab1").toString());
        assertThat(lab1.verdict()).isEqualTo(Verdict.IMPORTABLE);
        assertThat(lab1.name()).isEqualTo("lab1-2");
        assertThat(lab1.detail()).contains("a connection named 'lab1' exists");
        assertThat(lab1.uri()).isEqualTo("tcp://127.0.0.1:1");
        assertThat(lab1.tlsDir()).isEqualTo(user.tls("lab1").toString());

        ImportCandidate skipper = found.get(user.meta("skipper").toString());
        assertThat(skipper.verdict()).isEqualTo(Verdict.IMPORTABLE);
        assertThat(skipper.detail()).contains("SkipTLSVerify is set in " + user.meta("skipper"))
                .contains("verifies the engine's certificate against " + user.tls("skipper").resolve("ca.pem") + " anyway");

        assertThat(found.get(user.meta("broken").toString())).satisfies(c -> {
            assertThat(c.verdict()).isEqualTo(Verdict.NOT_IMPORTABLE);
            assertThat(c.detail()).startsWith(user.meta("broken") + " is not valid JSON").doesNotContain("\n");
        });
        assertThat(found.get(user.meta("nokey").toString())).satisfies(c -> {
            assertThat(c.verdict()).isEqualTo(Verdict.NOT_IMPORTABLE);
            assertThat(c.detail()).contains("TLS directory " + user.tls("nokey") + " of context 'nokey' lacks key.pem");
        });
        assertThat(found.get(user.meta("fdhost").toString())).satisfies(c -> {
            assertThat(c.verdict()).isEqualTo(Verdict.NOT_IMPORTABLE);
            assertThat(c.detail()).startsWith(user.meta("fdhost") + ": 'fd://'");
        });
        assertThat(found.get(user.meta("local").toString())).satisfies(c -> {
            assertThat(c.verdict()).isEqualTo(Verdict.ALREADY_PRESENT);
            assertThat(c.detail()).isEqualTo("already present as 'my engine'");
        });
    }

    @Test
    void virtManagerUrisAreReadWithTheRealGsettings() {
        ConnectionImport.Scan scan = importer(user.env()).scan(context.manager().all(), Set.of(ConnectionImport.VIRT_MANAGER));
        assertThat(scan.candidates()).extracting(ImportCandidate::uri).containsExactlyElementsOf(UserSettings.VIRT_MANAGER_URIS);
        assertThat(scan.candidates()).extracting(ImportCandidate::name).containsExactly("test-default", "127.0.0.2");
        assertThat(scan.candidates()).allSatisfy(c -> {
            assertThat(c.kind()).isEqualTo(BackendKind.LIBVIRT);
            assertThat(c.verdict()).isEqualTo(Verdict.IMPORTABLE);
            assertThat(c.origin()).isEqualTo("gsettings org.virt-manager.virt-manager.connections uris");
        });
    }

    @Test
    void withoutVirtManagersSchemaTheKeyfileGsettingsWroteIsRead() {
        assertThat(user.keyfile()).exists();
        ConnectionImport.Scan scan = importer(user.envWithoutSchema()).scan(context.manager().all(), Set.of(ConnectionImport.VIRT_MANAGER));
        assertThat(scan.candidates()).extracting(ImportCandidate::uri).containsExactlyElementsOf(UserSettings.VIRT_MANAGER_URIS);
        assertThat(scan.candidates().get(0).origin()).startsWith(user.keyfile().toString());
    }

    @Test
    void applyAddsTheImportableOnesWholeAndNothingElse() {
        ConnectionImport importer = importer(user.env());
        ConnectionImport.Scan scan = importer.scan(context.manager().all(), Set.of());
        List<ConnectionImport.Outcome> outcomes = importer.apply(context.manager(), scan.candidates());

        assertThat(outcomes).filteredOn(o -> o.result() == ConnectionImport.Result.IMPORTED)
                .extracting(o -> o.candidate().name()).containsExactlyInAnyOrder("lab1-2", "skipper", "test-default", "127.0.0.2");
        Map<String, Connection> stored = context.manager().all().stream().collect(Collectors.toMap(Connection::name, c -> c));
        assertThat(stored.keySet()).doesNotContain("broken", "nokey", "fdhost", "local");
        assertThat(stored.get("lab1-2").tlsDir()).isEqualTo(user.tls("lab1").toString());
        assertThat(stored.get("127.0.0.2").uri()).isEqualTo("qemu+ssh://root@127.0.0.2:1/system");

        // a second import finds them all present
        assertThat(importer.scan(context.manager().all(), Set.of()).importable()).isEmpty();
    }

    @Test
    void nothingIsFoundWhereNothingIsKeptAndAnUnknownSourceIsRefused() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Map<String, String> env = Map.of("HOME", empty.toString(), "XDG_CONFIG_HOME", empty.resolve(".config").toString(),
                "GSETTINGS_BACKEND", "keyfile", "PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        ConnectionImport importer = new ConnectionImport(List.of(new DockerContextsSource(empty.resolve(".docker"), null),
                new VirtManagerSource(env)));
        assertThat(importer.scan(List.of(), Set.of()).candidates()).isEmpty();
        assertThatThrownBy(() -> importer.scan(List.of(), Set.of("kubernetes"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("docker-contexts, virt-manager");
    }

    @Test
    void gvariantStringArraysAreParsedAsGsettingsPrintsThem() {
        assertThat(VirtManagerSource.GVariantStrings.parse("@as []")).isEmpty();
        assertThat(VirtManagerSource.GVariantStrings.parse("['qemu:///system', \"test:///it's\", 'a\\'b']"))
                .containsExactly("qemu:///system", "test:///it's", "a'b");
    }
}
