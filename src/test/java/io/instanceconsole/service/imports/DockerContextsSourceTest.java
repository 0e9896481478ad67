package io.instanceconsole.service.imports;

import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.service.imports.ImportSource.Found;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Docker contexts as the docker CLI stores them ({@code contexts/meta/<id>/meta.json}, TLS files in
 * {@code contexts/tls/<id>/docker/}), each context laid out by the test: what is found, what problem a broken one
 * names, the TLS rules (the console always verifies the engine), and the port the docker CLI implies.
 */
class DockerContextsSourceTest {
    @TempDir
    Path home;

    private Path config;

    @BeforeEach
    void layout() {
        config = home.resolve(".docker");
    }

    private Path meta(String id) {
        return config.resolve("contexts").resolve("meta").resolve(id).resolve("meta.json");
    }

    private Path tls(String id) {
        return config.resolve("contexts").resolve("tls").resolve(id).resolve("docker");
    }

    /** A context directory {@code id} holding {@code metaJson} (null: no meta.json), with these TLS files. */
    private void context(String id, String metaJson, String... tlsFiles) throws IOException {
        Files.createDirectories(meta(id).getParent());
        if (metaJson != null) {
            Files.writeString(meta(id), metaJson);
        }
        if (tlsFiles.length > 0) {
            Files.createDirectories(tls(id));
            for (String file : tlsFiles) {
                Files.writeString(tls(id).resolve(file), "pem");
            }
        }
    }

    private static String named(String name, String host, boolean skipTlsVerify) {
        return "{\"Name\":\"" + name + "\",\"Metadata\":{},\"Endpoints\":{\"docker\":{\"Host\":\"" + host
                + "\",\"SkipTLSVerify\":" + skipTlsVerify + "}}}";
    }

    private List<Found> find() {
        return new DockerContextsSource(config, null).find();
    }

    private Found only() {
        List<Found> found = find();
        assertThat(found).hasSize(1);
        return found.getFirst();
    }

    @Test
    void theDefaultContextIsTheLocalSocketWhenItExists() throws IOException {
        Path socket = Files.createFile(home.resolve("docker.sock"));

        assertThat(new DockerContextsSource(config, socket).find()).containsExactly(new Found("default",
                BackendKind.DOCKER, "unix://" + socket, "", "the default context", null, null));
        assertThat(new DockerContextsSource(config, home.resolve("no.sock")).find()).isEmpty();
        assertThat(new DockerContextsSource(config, null).find()).isEmpty();
    }

    @Test
    void itSaysWhereItLooks() {
        assertThat(new DockerContextsSource(config, null).describe()).isEqualTo("Docker contexts in " + config.resolve("contexts"));
        assertThat(new DockerContextsSource(config, null).key()).isEqualTo(ConnectionImport.DOCKER_CONTEXTS);
    }

    @Test
    void theConfigurationDirectoryIsDockerConfigElseDotDockerInHome() {
        assertThat(DockerContextsSource.forEnvironment(Map.of("DOCKER_CONFIG", "/etc/dockercfg", "HOME", "/home/me")).describe())
                .isEqualTo("Docker contexts in " + Path.of("/etc/dockercfg", "contexts"));
        assertThat(DockerContextsSource.forEnvironment(Map.of("DOCKER_CONFIG", " ", "HOME", "/home/me")).describe())
                .isEqualTo("Docker contexts in " + Path.of("/home/me", ".docker", "contexts"));
        assertThat(DockerContextsSource.forEnvironment(Map.of("HOME", "/home/me")).describe())
                .isEqualTo("Docker contexts in " + Path.of("/home/me", ".docker", "contexts"));
    }

    @Test
    void contextsAreFoundInNameOrderWithTheirEndpoint() throws IOException {
        context("b0", named("zeta", "unix:///run/zeta.sock", false));
        context("a0", named("alpha", "ssh://me@lab1", false));
        Files.writeString(Files.createDirectories(meta("a0").getParent().getParent()).resolve("stray-file"), "x");

        List<Found> found = find();

        assertThat(found).extracting(Found::name).containsExactly("alpha", "zeta");
        assertThat(found.get(0)).isEqualTo(new Found("alpha", BackendKind.DOCKER, "ssh://me@lab1", "", meta("a0").toString(),
                null, null));
        assertThat(found.get(1).uri()).isEqualTo("unix:///run/zeta.sock");
    }

    @Test
    void aBrokenContextIsFoundWithItsProblemNamedByFile() throws IOException {
        String longId = "0123456789abcdef0123456789abcdef";
        context(longId, null);
        context("b-array", "[1, 2]");
        context("c-json", "{\"Name\":");
        context("d-noname", "{\"Endpoints\":{}}");
        context("e-blank", "{\"Name\":\"  \"}");
        context("f-nohost", "{\"Name\":\"nohost\",\"Endpoints\":{\"docker\":{\"Host\":\"\"}}}");
        context("g-numberhost", "{\"Name\":\"numbers\",\"Endpoints\":{\"docker\":{\"Host\":42}}}");

        List<Found> found = new ArrayList<>(find());
        Found json = found.stream().filter(f -> f.name().equals("context c-json")).findFirst().orElseThrow();
        found.remove(json);

        // the parser's first line only, so the problem stays one line
        assertThat(json.problem()).startsWith(meta("c-json") + " is not valid JSON (Unexpected end-of-input").endsWith(")")
                .doesNotContain("\n");
        assertThat(found).allSatisfy(f -> {
            assertThat(f.kind()).isEqualTo(BackendKind.DOCKER);
            assertThat(f.uri()).isEmpty();
            assertThat(f.problem()).startsWith(f.origin());
        });
        assertThat(found).extracting(Found::name, Found::problem).containsExactlyInAnyOrder(
                Tuple.tuple("context 0123456789ab", meta(longId) + " does not exist"),
                Tuple.tuple("context b-array", meta("b-array") + " is not a JSON object"),
                Tuple.tuple("context d-noname", meta("d-noname") + " has no Name"),
                Tuple.tuple("context e-blank", meta("e-blank") + " has no Name"),
                Tuple.tuple("nohost", meta("f-nohost") + " has no Endpoints.docker.Host"),
                Tuple.tuple("numbers", meta("g-numberhost") + " has no Endpoints.docker.Host"));
    }

    @Test
    void aTcpContextWithItsTlsFilesIsImportedWithThem() throws IOException {
        context("lab1", named("lab1", "tcp://lab1:2376", false), "ca.pem", "cert.pem", "key.pem");

        assertThat(only()).isEqualTo(new Found("lab1", BackendKind.DOCKER, "tcp://lab1:2376", tls("lab1").toString(),
                meta("lab1").toString(), null, null));
    }

    @Test
    void aTcpContextWithoutAPortGetsTheOneTheDockerCliImpliesAndSaysSo() throws IOException {
        context("secure", named("secure", "tcp://lab1", false), "ca.pem", "cert.pem", "key.pem");
        context("slash", named("slash", "TCP://lab2/", false), "ca.pem", "cert.pem", "key.pem");
        context("plain", named("plain", "tcp://lab3", false));

        List<Found> found = find();

        assertThat(found).extracting(Found::name).containsExactly("plain", "secure", "slash");
        assertThat(found.get(0).uri()).isEqualTo("tcp://lab3:2375");
        assertThat(found.get(0).tlsDir()).isEmpty();
        assertThat(found.get(0).note()).isEqualTo("plain TCP: the context has no TLS files in " + tls("plain")
                + "; port 2375 added, as the docker CLI does");
        assertThat(found.get(1).uri()).isEqualTo("tcp://lab1:2376");
        assertThat(found.get(1).note()).isEqualTo("port 2376 added, as the docker CLI does");
        assertThat(found.get(2).uri()).isEqualTo("tcp://lab2:2376");
    }

    @Test
    void aTcpContextWithAPathAPortOrABadUriIsLeftAsItIsForTheConsolesOwnCheck() throws IOException {
        context("path", named("path", "tcp://lab1/engine", false));
        context("port", named("port", "tcp://lab2:0", false));
        context("bad", named("bad", "tcp://lab 1", false));

        List<Found> found = find();

        assertThat(found).extracting(Found::uri).containsExactly("tcp://lab 1", "tcp://lab1/engine", "tcp://lab2:0");
        assertThat(found).extracting(Found::note).containsExactly(
                "plain TCP: the context has no TLS files in " + tls("bad"),
                "plain TCP: the context has no TLS files in " + tls("path"),
                "plain TCP: the context has no TLS files in " + tls("port"));
        assertThat(found).extracting(Found::problem).containsOnlyNulls();
    }

    @Test
    void tlsFilesThatAreIncompleteMakeTheContextNotImportable() throws IOException {
        context("nokey", named("nokey", "tcp://lab1:2376", false), "ca.pem", "cert.pem");
        context("onlykey", named("onlykey", "tcp://lab2:2376", false), "key.pem");

        List<Found> found = find();

        assertThat(found.get(0).problem()).isEqualTo("TLS directory " + tls("nokey") + " of context 'nokey' lacks key.pem"
                + " (the console needs ca.pem, cert.pem and key.pem)");
        assertThat(found.get(1).problem()).isEqualTo("TLS directory " + tls("onlykey") + " of context 'onlykey' lacks"
                + " ca.pem, cert.pem (the console needs ca.pem, cert.pem and key.pem)");
        assertThat(found).extracting(Found::tlsDir).containsOnly("");
    }

    @Test
    void skipTlsVerifyIsImportedWithVerificationOnAndSaysSoOrNotAtAllWithoutACertificate() throws IOException {
        context("skipper", named("skipper", "tcp://lab1:2376", true), "ca.pem", "cert.pem", "key.pem");
        context("blind", named("blind", "tcp://lab2:2376", true));

        List<Found> found = find();

        assertThat(found.get(0).name()).isEqualTo("blind");
        assertThat(found.get(0).problem()).isEqualTo("context 'blind' (" + meta("blind") + ") sets SkipTLSVerify and has no"
                + " TLS files in " + tls("blind") + "; the console does not connect without verifying the engine's"
                + " certificate");
        assertThat(found.get(1).problem()).isNull();
        assertThat(found.get(1).tlsDir()).isEqualTo(tls("skipper").toString());
        assertThat(found.get(1).note()).isEqualTo("SkipTLSVerify is set in " + meta("skipper") + "; the console verifies"
                + " the engine's certificate against " + tls("skipper").resolve("ca.pem") + " anyway");
    }

    @Test
    void tlsFilesBesideALocalSocketAreNotUsed() throws IOException {
        context("local", named("local", "unix:///run/docker.sock", true), "ca.pem", "cert.pem", "key.pem");

        assertThat(only()).isEqualTo(new Found("local", BackendKind.DOCKER, "unix:///run/docker.sock", "",
                meta("local").toString(), null, null));
    }
}
