package io.instanceconsole.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.instanceconsole.cli.ExitCode;
import io.instanceconsole.cli.InstanceCtl;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.service.ServiceListener;
import io.instanceconsole.store.ConnectionRepository;
import io.instanceconsole.store.DataDirectory;
import io.instanceconsole.store.Database;
import io.instanceconsole.store.InstanceRepository;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code instancectl} driven in-process against the embedded simulator: every command, outcome and exit code. */
class InstanceCtlTest {

    @TempDir
    Path dataDir;


    private CliRun ctl(String... args) {
        List<String> all = new ArrayList<>(List.of("--data-dir", dataDir.toString()));
        all.addAll(List.of(args));
        return run(all.toArray(String[]::new));
    }

    @Test
    void connectionsAddedOrRemovedWithTheCliReachTheRunningConsole() {
        try (AppContext gui = TestContexts.context(dataDir)) {
            gui.connectAll().join();
            List<Set<String>> told = new CopyOnWriteArrayList<>();
            gui.registry().addListener(new ServiceListener() {
                @Override
                public void connectionsChanged(Set<String> connectionIds) {
                    told.add(connectionIds);
                }
            });

            assertThat(ctl("connections", "add", "lab2", "--simulator").code()).isZero();
            String id = gui.connectionManager().all().stream().filter(c -> c.name().equals("lab2"))
                    .findFirst().orElseThrow().id();
            ServiceFixture.await(Duration.ofSeconds(10),
                    "the console opened and listed 'lab2'", () -> gui.registry().find(id).isPresent()
                            && !gui.known().ofConnection(id).isEmpty());
            assertThat(told).anyMatch(ids -> ids.contains(id));

            assertThat(ctl("connections", "remove", "lab2").code()).isZero();
            // the console forgets the connection, then says which connections there are now: wait for both, as the
            // rows may go a moment before the listeners are told
            ServiceFixture.await(Duration.ofSeconds(10),
                    "the console closed 'lab2', took its rows off and said so", () -> gui.registry().find(id).isEmpty()
                            && gui.known().ofConnection(id).isEmpty() && !told.get(told.size() - 1).contains(id));
            assertThat(told.get(told.size() - 1)).doesNotContain(id).isNotEmpty();
        }
    }

    private String firstNameWithStatus(String status) {
        for (JsonNode node : ctl("list", "--status", status, "--json").json()) {
            return node.get("name").asText();
        }
        throw new AssertionError("no " + status + " instance");
    }

    @Test
    void versionAnswersWithoutOpeningTheStore() {
        CliRun run = InstanceCtlTest.this.ctl("--version");
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("Instance Console");
        assertThat(Files.exists(dataDir.resolve("instance-console.mv.db"))).isFalse();
    }

    @Test
    void listJsonHasTheContractFields() {
        CliRun run = ctl("list", "--json");

        assertThat(run.code()).isEqualTo(ExitCode.OK);
        JsonNode first = run.json().get(0);
        for (String field : List.of("id", "name", "connection", "kind", "status", "statusReason")) {
            assertThat(first.has(field)).as(field).isTrue();
        }
        assertThat(first.get("kind").asText()).isEqualTo("simulator");
        assertThat(first.get("connection").asText()).isEqualTo("Simulator");
        assertThat(run.json().size()).isEqualTo(40);
    }

    @Test
    void listFiltersByStatusAndQuery() {
        CliRun paused = ctl("list", "--status", "paused", "--json");
        paused.json().forEach(n -> assertThat(n.get("status").asText()).isEqualTo("PAUSED"));
        assertThat(paused.json().size()).isPositive();

        CliRun query = ctl("list", "--filter", "status:running grafana", "--json");
        query.json().forEach(n -> {
            assertThat(n.get("status").asText()).isEqualTo("RUNNING");
            assertThat(n.get("name").asText()).contains("grafana");
        });

        CliRun table = ctl("list", "--status", "paused");
        assertThat(table.out()).startsWith("NAME").contains("paused");
    }

    @Test
    void pauseOfARunningInstanceSucceedsAndIsInTheHistory() {
        String name = firstNameWithStatus("running");

        CliRun run = ctl("pause", name, "--json");

        assertThat(run.code()).isEqualTo(ExitCode.OK);
        JsonNode result = run.json().get("results").get(0);
        assertThat(result.get("name").asText()).isEqualTo(name);
        assertThat(result.get("outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(result.get("status").asText()).isEqualTo("PAUSED");
        assertThat(result.get("action").asText()).isEqualTo("pause");
        for (String field : List.of("id", "connection", "message")) {
            assertThat(result.has(field)).as(field).isTrue();
        }
        assertThat(ctl("list", "--filter", "name:" + name, "--json").json().get(0).get("status").asText()).isEqualTo("PAUSED");

        JsonNode history = ctl("history", "--json").json();
        assertThat(history.size()).isEqualTo(1);
        for (String field : List.of("time", "connection", "instance", "action", "outcome", "message", "user")) {
            assertThat(history.get(0).has(field)).as(field).isTrue();
        }
        assertThat(history.get(0).get("instance").asText()).isEqualTo(name);
        assertThat(ctl("history", "--since", "2999-01-01").out()).doesNotContain(name);
    }

    @Test
    void pauseOfAPausedInstanceIsSkippedAsAlreadyDoneAndExitsZero() {
        String name = firstNameWithStatus("paused");

        CliRun run = ctl("pause", name, "--json");

        assertThat(run.code()).isEqualTo(ExitCode.OK);
        assertThat(run.json().get("results").get(0).get("outcome").asText()).isEqualTo("SKIPPED");
        assertThat(ctl("history", "--json").json().size()).isZero();
    }

    @Test
    void pauseOfAStoppedInstanceIsSkippedButExitsOneNamingItAndTheHost() {
        String name = firstNameWithStatus("stopped");

        CliRun run = ctl("pause", name);

        assertThat(run.code()).isEqualTo(ExitCode.FAILED);
        assertThat(run.out()).contains("SKIPPED");
        assertThat(run.err().lines().toList()).singleElement().satisfies(line ->
                assertThat(line).contains(name).contains("'Simulator'").contains("stopped"));
    }

    @Test
    void allMatchingActsOnEveryMatchAndNeverSendsNonQualifyingOnes() {
        CliRun run = ctl("resume", "--all-matching", "status:paused", "--json");

        assertThat(run.code()).isEqualTo(ExitCode.OK);
        run.json().get("results").forEach(r -> assertThat(r.get("outcome").asText()).isEqualTo("SUCCEEDED"));
        assertThat(ctl("list", "--status", "paused", "--json").json().size()).isZero();
    }

    @Test
    void stopOfSeveralInstancesWithoutYesPrintsThePlanAndChangesNothing() {
        CliRun run = ctl("stop", "--all-matching", "status:running");

        assertThat(run.code()).isEqualTo(ExitCode.USAGE);
        assertThat(run.out()).startsWith("Would stop");
        assertThat(run.err()).contains("needs --yes");
        assertThat(ctl("history", "--json").json().size()).isZero();

        CliRun confirmed = ctl("stop", "--all-matching", "status:running name:api-gateway", "--yes", "--json");
        assertThat(confirmed.code()).isEqualTo(ExitCode.OK);
        confirmed.json().get("results").forEach(r -> assertThat(r.get("status").asText()).isEqualTo("STOPPED"));
    }

    @Test
    void stopThatWouldChangeOneInstanceNeedsNoYesEvenWhenMoreMatch() {
        String running = firstNameWithStatus("running");
        String stopped = firstNameWithStatus("stopped");

        CliRun run = ctl("stop", running, stopped, "--json");

        assertThat(run.code()).isEqualTo(ExitCode.OK);
        assertThat(run.json().get("results")).extracting(r -> r.get("outcome").asText())
                .containsExactlyInAnyOrder("SUCCEEDED", "SKIPPED");
    }

    @Test
    void unknownInstanceNameExitsFourAndChangesNothing() {
        String running = firstNameWithStatus("running");

        CliRun run = ctl("pause", running, "no-such-vm");

        assertThat(run.code()).isEqualTo(ExitCode.NOTHING_MATCHED);
        assertThat(run.err()).contains("'no-such-vm'").contains("nothing was changed");
        assertThat(ctl("list", "--filter", "name:" + running, "--json").json().get(0).get("status").asText()).isEqualTo("RUNNING");
    }

    @Test
    void queryMatchingNothingExitsFour() {
        assertThat(ctl("pause", "--all-matching", "name:does-not-exist").code()).isEqualTo(ExitCode.NOTHING_MATCHED);
    }

    @Test
    void malformedQueryAndUnknownStatusAreUsageErrors() {
        CliRun query = ctl("list", "--filter", "colour:blue");
        assertThat(query.code()).isEqualTo(ExitCode.USAGE);
        assertThat(query.err()).contains("unknown filter 'colour:'");

        CliRun status = ctl("list", "--status", "sleeping");
        assertThat(status.code()).isEqualTo(ExitCode.USAGE);
        assertThat(status.err()).contains("unknown status 'sleeping'");
    }

    @Test
    void unknownOptionIsPicocliUsageError() {
        assertThat(ctl("list", "--colour").code()).isEqualTo(ExitCode.USAGE);
        assertThat(ctl("frobnicate").code()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void connectionsCanBeAddedListedTestedAndRemovedKeepingHistory() {
        CliRun add = ctl("connections", "add", "lab2", "--simulator", "--read-only");
        assertThat(add.code()).isEqualTo(ExitCode.OK);

        JsonNode connections = ctl("connections", "list", "--json").json();
        assertThat(connections).extracting(n -> n.get("name").asText()).containsExactlyInAnyOrder("Simulator", "lab2");
        JsonNode lab2 = ctl("connections", "list", "--json").json().findParents("name").stream()
                .filter(n -> n.get("name").asText().equals("lab2")).findFirst().orElseThrow();
        assertThat(lab2.get("readOnly").asBoolean()).isTrue();
        assertThat(lab2.get("kind").asText()).isEqualTo("simulator");

        CliRun test = ctl("connections", "test", "lab2");
        assertThat(test.code()).isEqualTo(ExitCode.OK);
        assertThat(test.out()).contains("reachable, 40 instances");

        CliRun readOnly = ctl("pause", "--connection", "lab2", "--all-matching", "status:running", "--json");
        assertThat(readOnly.code()).isEqualTo(ExitCode.FAILED);
        readOnly.json().get("results").forEach(r -> {
            assertThat(r.get("outcome").asText()).isEqualTo("REJECTED");
            assertThat(r.get("message").asText()).contains("read-only");
        });

        String name = firstNameWithStatus("running");
        assertThat(ctl("pause", "--connection", "Simulator", name).code()).isZero();
        assertThat(ctl("connections", "remove", "Simulator").code()).isZero();
        assertThat(ctl("list", "--connection", "lab2", "--json").json().size()).isEqualTo(40);
        assertThat(ctl("history", "--json").json()).anySatisfy(e -> assertThat(e.get("instance").asText()).isEqualTo(name));
    }

    @Test
    void badConnectionInputIsRefusedBeforeAnythingIsSaved() {
        CliRun notDocker = ctl("connections", "add", "x", "--docker", "http//nope");
        assertThat(notDocker.code()).isEqualTo(ExitCode.USAGE);
        assertThat(notDocker.err()).contains("http//nope");

        CliRun tls = ctl("connections", "add", "y", "--docker", "tcp://127.0.0.1:2376", "--tls-dir", dataDir.toString());
        assertThat(tls.code()).isEqualTo(ExitCode.USAGE);
        assertThat(tls.err()).contains("ca.pem");

        CliRun driver = ctl("connections", "add", "z", "--libvirt", "kvm:///system");
        assertThat(driver.code()).isEqualTo(ExitCode.USAGE);
        assertThat(driver.err()).contains("no libvirt driver 'kvm'");

        assertThat(ctl("connections", "add", "Simulator", "--simulator").err()).contains("already exists");
        assertThat(ctl("connections", "list", "--json").json().size()).isEqualTo(1);
        assertThat(ctl("connections", "remove", "nope").code()).isEqualTo(ExitCode.NOTHING_MATCHED);
    }

    @Test
    void unreachableConnectionExitsThreeNamingIt() {
        assertThat(ctl("connections", "add", "gone", "--docker", "unix:///tmp/does-not-exist/docker.sock").code()).isZero();

        CliRun run = ctl("connections", "test", "gone");

        assertThat(run.code()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(run.err()).contains("'gone'").contains("unix:///tmp/does-not-exist/docker.sock");
    }

    @Test
    void anActionOnAnInstanceOfAnUnreachableHostExitsThreeAndSendsNothing() {
        // a closed port on loopback: the engine's message names the host and its URI itself
        assertThat(ctl("connections", "add", "gone", "--docker", "tcp://127.0.0.1:1").code()).isZero();
        // the host's last-known rows, as an earlier session left them in the store
        try (Database store = Database.open(
                new DataDirectory(dataDir).prepare())) {
            String id = new ConnectionRepository(store).findAll().stream()
                    .filter(c -> c.name().equals("gone")).findFirst().orElseThrow().id();
            Instant now = Instant.now();
            new InstanceRepository(store).upsert(new Instance(
                    new InstanceKey(id, "c0ffee"), "web-1", BackendKind.DOCKER,
                    "nginx", InstanceStatus.RUNNING, "", now, now));
        }

        CliRun pause = ctl("pause", "--connection", "gone", "web-1");

        assertThat(pause.code()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(pause.err()).contains("'gone'").contains("tcp://127.0.0.1:1").contains("connection refused");
        assertThat(ctl("history", "--json").out()).doesNotContain("web-1");

        // the list shows that row as what was last seen, and says so in both forms
        CliRun list = ctl("list", "--connection", "gone");
        assertThat(list.code()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(list.out()).contains("running, last known");
        assertThat(ctl("list", "--connection", "gone", "--json").json().get(0).get("stale").asBoolean()).isTrue();
        assertThat(ctl("list", "--connection", "Simulator", "--json").json().get(0).get("stale").asBoolean()).isFalse();
    }

    @Test
    void dataDirectoryThatCannotBeOpenedIsOneLineOnStderr() throws Exception {
        Path file = Files.writeString(dataDir.resolve("file"), "x");
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = InstanceCtl.run(new String[]{"--data-dir", file.toString(), "list"}, new CliServicesFactory(Map.of()),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(ExitCode.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).singleElement()
                .satisfies(line -> assertThat(line).contains(file.toString()));
    }

    @Test
    void aDataDirectoryThatDoesNotExistIsAnErrorUnlessAConnectionIsAddedAndThenItIsTheOnlyOne() {
        Path missing = dataDir.resolve("typo/data");
        CliRun list = run("--data-dir", missing.toString(), "list");
        assertThat(list.code()).isEqualTo(ExitCode.USAGE);
        assertThat(list.err()).contains(missing.toString()).contains("does not exist");
        assertThat(run("--data-dir", missing.toString(), "pause", "web-1").code()).isEqualTo(ExitCode.USAGE);
        assertThat(Files.exists(missing)).as("nothing created").isFalse();
        assertThat(run("--data-dir", "", "list").err()).contains("--data-dir is empty");

        assertThat(run("--data-dir", missing.toString(), "connections", "add", "lab one", "--simulator").code()).isZero();
        CliRun connections = run("--data-dir", missing.toString(), "connections", "list", "--json");
        assertThat(connections.json()).extracting(n -> n.get("name").asText()).containsExactly("lab one");
    }

    @Test
    void anEmptyQueryIsRefusedAndAPlanWithJsonLeavesStandardOutputToJson() {
        assertThat(ctl("connections", "list").code()).isZero(); // the embedded simulator
        CliRun empty = ctl("pause", "--all-matching", "  ");
        assertThat(empty.code()).isEqualTo(ExitCode.USAGE);
        assertThat(empty.err()).contains("--all-matching needs a query");
        assertThat(ctl("history", "--json").json()).isEmpty();

        CliRun plan = ctl("stop", "--all-matching", "status:running", "--json");
        assertThat(plan.code()).isEqualTo(ExitCode.USAGE);
        assertThat(plan.out()).isEmpty();
        assertThat(plan.err()).contains("Would stop").contains("needs --yes");
    }

    @Test
    void anInstanceNotFoundWhileAConnectionIsUnreachableExitsThreeNotFour() {
        assertThat(ctl("connections", "add", "gone", "--docker", "tcp://127.0.0.1:1").code()).isZero();

        CliRun pause = ctl("pause", "web-on-gone", "--connection", "gone");

        assertThat(pause.code()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(pause.err()).contains("no instance named 'web-on-gone'").contains("'gone'").contains("nothing was changed");
    }

    @Test
    void outputThatCannotBeWrittenIsNotASuccess() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        OutputStream full = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }
        };

        int code = InstanceCtl.run(new String[]{"--data-dir", dataDir.toString(), "list"}, new CliServicesFactory(Map.of()),
                new PrintStream(full), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(ExitCode.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot write to standard output");
    }

    private CliRun run(String... args) {
        return CliRun.of(Map.of(), args);
    }

    @Test
    void historySinceAcceptsALocalTimeWithoutAnOffset() {
        assertThat(ctl("history", "--since", "2026-11-29T09:13:00").code()).isZero();
        CliRun bad = ctl("history", "--since", "yesterday");
        assertThat(bad.code()).isEqualTo(ExitCode.USAGE);
        assertThat(bad.err()).contains("invalid --since 'yesterday'").contains("2026-11-28T15:00 (local time)");
    }

    @Test
    void anAmbiguousNameOrIdSaysHowToTellThemApart() {
        assertThat(ctl("connections", "add", "lab two", "--simulator").code()).isZero();
        String name = ctl("list", "--connection", "lab two", "--json").json().get(0).get("name").asText();

        CliRun twoHosts = ctl("pause", name);
        assertThat(twoHosts.code()).isEqualTo(ExitCode.USAGE);
        assertThat(twoHosts.err()).contains("names 2 instances").contains("add --connection NAME");

        CliRun oneHost = ctl("pause", "sim-0000", "--connection", "lab two");
        assertThat(oneHost.code()).isEqualTo(ExitCode.USAGE);
        assertThat(oneHost.err()).contains("(on lab two)").contains("give more of the id");
    }

    @Test
    void anUnknownStatusIsNamedWithTheKnownOnes() {
        CliRun bad = ctl("list", "--status", "bogus");

        assertThat(bad.code()).isEqualTo(ExitCode.USAGE);
        assertThat(bad.err().strip()).isEqualTo("instancectl: invalid --status: unknown status 'bogus' "
                + "(known: created, running, paused, stopped, restarting, error, unknown)");
    }

    @Test
    void afterCtrlCNothingIsSentEvenByASessionThatOpensLater() {
        assertThat(ctl("list").code()).isZero();
        CliServicesFactory interrupted = new CliServicesFactory(Map.of());
        assertThat(interrupted.finishWork()).as("no session was open yet").isFalse();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int code = InstanceCtl.run(new String[]{"--data-dir", dataDir.toString(), "pause", "--all-matching", "status:running",
                "--json"}, interrupted, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));

        assertThat(code).isEqualTo(ExitCode.FAILED);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("was not sent: the console is closing").doesNotContain("SUCCEEDED");
        assertThat(ctl("history", "--json").json()).isEmpty();
    }

    @Test
    void completionScriptIsGenerated() {
        CliRun run = ctl("generate-completion");
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("instancectl").contains("complete");
    }
}
