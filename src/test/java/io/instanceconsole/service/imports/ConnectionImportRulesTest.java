package io.instanceconsole.service.imports;

import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.ConnectionPolicy;
import io.instanceconsole.service.ConnectionManager;
import io.instanceconsole.service.imports.ConnectionImport.Outcome;
import io.instanceconsole.service.imports.ConnectionImport.Result;
import io.instanceconsole.service.imports.ImportCandidate.Verdict;
import io.instanceconsole.service.imports.ImportSource.Found;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The import's own rules, over sources that find what each test says (no files, no gsettings): which sources are
 * read, the verdict of each find (a problem, a URI the console refuses, an endpoint already present, a taken name),
 * and what {@code apply} adds, checked again against the connections present at that moment.
 */
class ConnectionImportRulesTest {
    @TempDir
    Path dir;

    private ServiceFixture fixture;
    private ConnectionManager manager;

    /** A source that finds what it is given. */
    private record Listed(String key, String describe, List<Found> found) implements ImportSource {
        @Override
        public List<Found> find() {
            return found;
        }
    }

    private static Found libvirt(String name, String uri) {
        return new Found(name, BackendKind.LIBVIRT, uri, "", "virt-manager settings", null, null);
    }

    private static Found docker(String name, String uri) {
        return new Found(name, BackendKind.DOCKER, uri, "", "/home/me/.docker/contexts/meta/" + name + "/meta.json", null, null);
    }

    private static Connection existing(String name, BackendKind kind, String uri) {
        return new Connection("id-" + name, name, kind, uri, "", false, true);
    }

    private static ConnectionImport importing(Found... found) {
        return new ConnectionImport(List.of(new Listed("a", "source a", List.of(found))));
    }

    private static ImportCandidate only(ConnectionImport.Scan scan) {
        assertThat(scan.candidates()).hasSize(1);
        return scan.candidates().getFirst();
    }

    /** The console's connections, over a real store: only the tests of {@code apply} need them. */
    private ConnectionManager manager() {
        if (fixture == null) {
            fixture = new ServiceFixture(dir.resolve("data"));
            manager = fixture.connectionManager();
        }
        return manager;
    }

    @AfterEach
    void tearDown() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void onlyTheSourcesAskedForAreReadAndEachSaysWhatItFound() {
        ConnectionImport importer = new ConnectionImport(List.of(
                new Listed("a", "source a", List.of(libvirt("one", "qemu+ssh://root@one/system"))),
                new Listed("b", "source b", List.of(libvirt("two", "qemu+ssh://root@two/system"),
                        libvirt("three", "qemu+ssh://root@three/system")))));

        ConnectionImport.Scan fromB = importer.scan(List.of(), Set.of("b"));
        assertThat(fromB.candidates()).extracting(ImportCandidate::name).containsExactly("two", "three");
        assertThat(fromB.candidates()).extracting(ImportCandidate::source).containsOnly("b");
        assertThat(fromB.looked()).containsExactly("source b: 2 found");

        ConnectionImport.Scan all = importer.scan(List.of(), Set.of());
        assertThat(all.candidates()).extracting(ImportCandidate::name).containsExactly("one", "two", "three");
        assertThat(all.looked()).containsExactly("source a: 1 found", "source b: 2 found");

        assertThatThrownBy(() -> importer.scan(List.of(), Set.of("a", "kubernetes")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no import source 'kubernetes' (one of: a, b)");
    }

    @Test
    void fromTheEnvironmentDockerContextsAreReadThenVirtManager() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path emptyPath = Files.createDirectories(dir.resolve("no-tools"));
        ConnectionImport importer = ConnectionImport.forEnvironment(Map.of("HOME", home.toString(),
                "PATH", emptyPath.toString()));

        List<String> looked = importer.scan(List.of(), Set.of()).looked();

        assertThat(looked).hasSize(2);
        assertThat(looked.get(0)).startsWith("Docker contexts in " + home.resolve(".docker").resolve("contexts") + ": ");
        assertThat(looked.get(1)).startsWith("virt-manager's saved URIs (").endsWith(": 0 found");
        assertThat(ConnectionImport.SOURCES).containsExactly(ConnectionImport.DOCKER_CONTEXTS, ConnectionImport.VIRT_MANAGER);
    }

    @Test
    void aFindWithAProblemIsNotImportableAndItsProblemIsOneLine() {
        ImportCandidate bad = only(importing(Found.bad("context 0123", BackendKind.DOCKER, "/x/meta.json",
                "/x/meta.json is not valid JSON\n   (unexpected end)  ")).scan(List.of(), Set.of()));

        assertThat(bad.verdict()).isEqualTo(Verdict.NOT_IMPORTABLE);
        assertThat(bad.importable()).isFalse();
        assertThat(bad.detail()).isEqualTo("/x/meta.json is not valid JSON (unexpected end)");
        assertThat(bad.origin()).isEqualTo("/x/meta.json");
    }

    @Test
    void aFindTheConsoleWouldRefuseIsNotImportableNamingWhereItWasRead() {
        ConnectionImport.Scan scan = importing(
                libvirt("nonsense", "no scheme here"),
                docker("noport", "tcp://lab1"),
                // a valid URI the console's form accepts, but not an endpoint Docker can use
                docker("relative", "unix://var/run/docker.sock")).scan(List.of(), Set.of());

        assertThat(scan.candidates()).allMatch(c -> c.verdict() == Verdict.NOT_IMPORTABLE);
        assertThat(scan.importable()).isEmpty();
        assertThat(scan.candidates().get(0).detail()).startsWith("virt-manager settings: ");
        assertThat(scan.candidates().get(1).detail())
                .startsWith("/home/me/.docker/contexts/meta/noport/meta.json: 'tcp://lab1' names no port");
        assertThat(scan.candidates().get(2).detail()).isEqualTo("/home/me/.docker/contexts/meta/relative/meta.json:"
                + " 'unix://var/run/docker.sock' is not a Docker endpoint: unix:// needs an absolute path, e.g."
                + " unix:///var/run/docker.sock");
    }

    @Test
    void aDockerFindsTlsDirectoryIsCheckedAsTheConnectionsFormChecksIt() {
        Path missing = dir.resolve("no-tls");
        ImportCandidate found = only(importing(new Found("secured", BackendKind.DOCKER, "tcp://lab1:2376", missing.toString(),
                "meta.json", null, null)).scan(List.of(), Set.of()));

        assertThat(found.verdict()).isEqualTo(Verdict.NOT_IMPORTABLE);
        assertThat(found.detail()).isEqualTo("meta.json: TLS directory " + missing + " does not exist or is not a directory");
    }

    @ParameterizedTest(name = "{0} {1} and {2}: same endpoint {3}")
    @CsvSource({
            "DOCKER,  unix:///var/run/docker.sock,            ' unix:///var/run/docker.sock ',  true",
            // as the engine sees it: the scheme's alias, the default port written or not
            "DOCKER,  tcp://lab1:2375,                         http://lab1:2375,                 true",
            "DOCKER,  unix:///var/run/docker.sock,             unix:/var/run/docker.sock,        true",
            "DOCKER,  tcp://lab1:2375,                         tcp://lab2:2375,                  false",
            "DOCKER,  tcp://lab1:2375,                         fd://,                            false",
            "LIBVIRT, qemu+ssh://root@lab/system/,             qemu+ssh://root@lab/system,       true",
            "LIBVIRT, qemu+ssh://root@lab/system,              ' qemu+ssh://root@lab/system/',   true",
            "LIBVIRT, qemu:///system,                          qemu:///session,                  false",
            "LIBVIRT, qemu:///system,                          qemu:///systemd,                  false",
    })
    void twoConnectionsAreTheSameEndpointWhenTheBackendWouldReachTheSameThing(BackendKind kind, String uri, String other,
                                                                                boolean same) {
        assertThat(ConnectionImport.sameEndpoint(existing("x", kind, uri), kind, other)).isEqualTo(same);
        assertThat(ConnectionImport.sameEndpoint(existing("x", kind, other), kind, uri)).isEqualTo(same);
    }

    @Test
    void theSameUriOfAnotherKindIsAnotherEndpoint() {
        assertThat(ConnectionImport.sameEndpoint(existing("x", BackendKind.DOCKER, "ssh://root@lab"),
                BackendKind.LIBVIRT, "ssh://root@lab")).isFalse();
    }

    @Test
    void anEndpointAlreadyPresentIsNotImportedAgainAndSaysUnderWhichName() {
        List<Connection> present = List.of(existing("engine", BackendKind.DOCKER, "tcp://lab1:2375"));

        ImportCandidate found = only(importing(docker("lab1", "http://lab1:2375")).scan(present, Set.of()));

        assertThat(found.verdict()).isEqualTo(Verdict.ALREADY_PRESENT);
        assertThat(found.detail()).isEqualTo("already present as 'engine'");
        assertThat(found.name()).isEqualTo("lab1");
    }

    @Test
    void aTakenNameGetsTheFirstFreeSuffixAndTheDetailSaysWhy() {
        List<Connection> present = List.of(existing("lab1", BackendKind.LIBVIRT, "qemu:///system"),
                existing("lab1-2", BackendKind.LIBVIRT, "qemu:///session"));

        ConnectionImport.Scan scan = importing(
                libvirt("lab1", "qemu+ssh://root@lab1/system"),
                new Found("lab1", BackendKind.LIBVIRT, "qemu+ssh://root@lab1/session", "", "settings", null, "found twice"),
                libvirt("lab9", "qemu+ssh://root@lab9/system")).scan(present, Set.of());

        assertThat(scan.candidates()).extracting(ImportCandidate::name).containsExactly("lab1-3", "lab1-4", "lab9");
        assertThat(scan.candidates()).allMatch(ImportCandidate::importable);
        assertThat(scan.importable()).hasSize(3);
        assertThat(scan.candidates().get(0).detail()).isEqualTo("named 'lab1-3': a connection named 'lab1' exists");
        assertThat(scan.candidates().get(1).detail())
                .isEqualTo("named 'lab1-4': a connection named 'lab1' exists; found twice");
        assertThat(scan.candidates().get(2).detail()).isEmpty();
    }

    @Test
    void aSecondFindOfTheSameEndpointInOneScanIsAlreadyPresentAsTheFirst() {
        ConnectionImport importer = new ConnectionImport(List.of(
                new Listed("a", "source a", List.of(docker("ctx-one", "tcp://lab1:2375"))),
                new Listed("b", "source b", List.of(docker("ctx-two", "http://lab1:2375")))));

        ConnectionImport.Scan scan = importer.scan(List.of(), Set.of());

        assertThat(scan.candidates()).extracting(ImportCandidate::verdict)
                .containsExactly(Verdict.IMPORTABLE, Verdict.ALREADY_PRESENT);
        assertThat(scan.candidates().get(1).detail()).isEqualTo("already present as 'ctx-one'");
        assertThat(scan.importable()).extracting(ImportCandidate::name).containsExactly("ctx-one");
    }

    private static ImportCandidate candidate(String name, BackendKind kind, String uri, String tlsDir, Verdict verdict,
                                             String detail) {
        return new ImportCandidate("a", name, kind, uri, tlsDir, verdict, detail, "settings");
    }

    /** A candidate for the lab host {@code name} over SSH: {@code qemu+ssh://root@NAME/system}, no TLS directory. */
    private static ImportCandidate libvirtHost(String name, Verdict verdict, String detail) {
        return candidate(name, BackendKind.LIBVIRT, "qemu+ssh://root@" + name + "/system", "", verdict, detail);
    }

    private Connection stored(String name) {
        return manager().all().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no connection '" + name + "' in " + manager().all()));
    }

    @Test
    void applyAddsTheImportableOnesAndReportsTheOthersAsTheScanFoundThem() {
        ImportCandidate importable = libvirtHost("lab5", Verdict.IMPORTABLE, "a note");
        ImportCandidate present = libvirtHost("lab6", Verdict.ALREADY_PRESENT, "already present as 'six'");
        ImportCandidate broken = libvirtHost("lab7", Verdict.NOT_IMPORTABLE, "settings: something is wrong");

        List<Outcome> outcomes = importing().apply(manager(), List.of(present, importable, broken));

        assertThat(outcomes).extracting(Outcome::result)
                .containsExactly(Result.ALREADY_PRESENT, Result.IMPORTED, Result.NOT_IMPORTABLE);
        assertThat(outcomes).extracting(Outcome::detail)
                .containsExactly("already present as 'six'", "a note", "settings: something is wrong");
        assertThat(outcomes.get(1).candidate()).isEqualTo(importable);
        assertThat(outcomes.get(1).connection()).isEqualTo(stored("lab5"));
        assertThat(outcomes.get(0).connection()).isNull();
        assertThat(stored("lab5").uri()).isEqualTo("qemu+ssh://root@lab5/system");
        assertThat(stored("lab5").tlsDir()).isEmpty();
        assertThat(stored("lab5").readOnly()).isFalse();
        assertThat(manager().all()).extracting(Connection::name).doesNotContain("lab6", "lab7");
    }

    @Test
    void applyChecksAgainstTheConnectionsPresentNowNotAtTheScan() {
        ImportCandidate sameEndpoint = libvirtHost("lab5", Verdict.IMPORTABLE, "");
        ImportCandidate sameName = libvirtHost("lab6", Verdict.IMPORTABLE, "");
        // another console added these after the scan
        manager().add("five", BackendKind.LIBVIRT, "qemu+ssh://root@lab5/system/", null, false, ConnectionPolicy.defaults());
        manager().add("lab6", BackendKind.LIBVIRT, "qemu+ssh://root@elsewhere/system", null, false, ConnectionPolicy.defaults());

        List<Outcome> outcomes = importing().apply(manager(), List.of(sameEndpoint, sameName));

        assertThat(outcomes.get(0).result()).isEqualTo(Result.ALREADY_PRESENT);
        assertThat(outcomes.get(0).detail()).isEqualTo("already present as 'five'");
        assertThat(manager().all()).extracting(Connection::name).doesNotContain("lab5");
        assertThat(outcomes.get(1).result()).isEqualTo(Result.IMPORTED);
        assertThat(outcomes.get(1).candidate().name()).isEqualTo("lab6-2");
        assertThat(outcomes.get(1).candidate().uri()).isEqualTo("qemu+ssh://root@lab6/system");
        assertThat(outcomes.get(1).connection().name()).isEqualTo("lab6-2");
        assertThat(stored("lab6-2").uri()).isEqualTo("qemu+ssh://root@lab6/system");
    }

    @Test
    void aCandidateThatCannotBeAddedFailsAloneNamingItsUriAndWhy() {
        ImportCandidate refused = candidate("odd", BackendKind.LIBVIRT, "no scheme here", "", Verdict.IMPORTABLE, "");
        ImportCandidate fine = libvirtHost("lab5", Verdict.IMPORTABLE, "");

        List<Outcome> outcomes = importing().apply(manager(), List.of(refused, fine));

        assertThat(outcomes.get(0).result()).isEqualTo(Result.FAILED);
        assertThat(outcomes.get(0).detail()).startsWith("'odd' (no scheme here) was not imported: ");
        assertThat(outcomes.get(0).connection()).isNull();
        assertThat(outcomes.get(1).result()).isEqualTo(Result.IMPORTED);
        assertThat(manager().all()).extracting(Connection::name).contains("lab5").doesNotContain("odd");
    }

    @Test
    void aDockerCandidateKeepsItsTlsDirectory() throws Exception {
        Path tls = Files.createDirectories(dir.resolve("tls"));
        for (String file : List.of("ca.pem", "cert.pem", "key.pem")) {
            Files.writeString(tls.resolve(file), "");
        }
        ImportCandidate secured = candidate("secured", BackendKind.DOCKER, "tcp://127.0.0.1:1", tls.toString(),
                Verdict.IMPORTABLE, "");

        List<Outcome> outcomes = importing().apply(manager(), List.of(secured));

        assertThat(outcomes.getFirst().result()).isEqualTo(Result.IMPORTED);
        assertThat(stored("secured").tlsDir()).isEqualTo(tls.toString());
    }
}
