package io.instanceconsole.ui.activity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.instanceconsole.domain.AuditEvent;
import io.instanceconsole.domain.OperationState;
import io.instanceconsole.service.AuditTrail;
import io.instanceconsole.store.DataDirectory;
import io.instanceconsole.store.Database;
import io.instanceconsole.store.StoreJournal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The Activity view model over a real store, without the toolkit (current-thread executors). */
class ActivityViewModelTest {
    @TempDir
    Path dir;

    private Database database;
    private StoreJournal journal;
    private ActivityViewModel viewModel;
    private final List<String> notifications = new ArrayList<>();
    private final Instant now = Instant.parse("2026-11-28T12:00:00Z");

    @BeforeEach
    void setUp() {
        database = Database.open(new DataDirectory(dir.resolve("store")).prepare());
        journal = new StoreJournal(database);
        for (int i = 0; i < 300; i++) {
            journal.appendAudit(event(i, now.minus(Duration.ofMinutes(300 - i)), i % 10 == 0 ? OperationState.FAILED : OperationState.SUCCEEDED));
        }
        viewModel = new ActivityViewModel(new AuditTrail(journal), Runnable::run, Runnable::run,
                (severity, message) -> notifications.add(message), Clock.fixed(now, ZoneOffset.UTC));
        viewModel.load().orTimeout(10, TimeUnit.SECONDS).join();
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    private static AuditEvent event(int i, Instant time, OperationState outcome) {
        return new AuditEvent(0, time, "c1", i % 2 == 0 ? "lab1" : "lab2", "id-" + i, "vm-" + i, i % 3 == 0 ? "resume" : "pause",
                outcome, outcome == OperationState.FAILED ? "host 'lab' did not answer" : "", "alice", "op-" + i);
    }

    @Test
    void showsEveryEventNewestFirst() {
        assertThat(viewModel.shown()).hasSize(300);
        assertThat(viewModel.shown().get(0).instanceName()).isEqualTo("vm-299");
        assertThat(viewModel.countProperty().get()).isEqualTo("300 events");
    }

    @Test
    void filtersByTextActionOutcomeAndTime() {
        viewModel.outcomeProperty().set("FAILED");
        assertThat(viewModel.shown()).hasSize(30).allMatch(e -> e.outcome() == OperationState.FAILED);

        viewModel.textProperty().set("lab2");
        assertThat(viewModel.shown()).isEmpty(); // every 10th event is on lab1

        viewModel.textProperty().set("");
        viewModel.outcomeProperty().set(ActivityViewModel.ALL);
        viewModel.actionProperty().set("resume");
        assertThat(viewModel.shown()).hasSize(100);

        viewModel.actionProperty().set(ActivityViewModel.ALL);
        viewModel.windowProperty().set(ActivityViewModel.Window.HOUR);
        assertThat(viewModel.shown()).hasSize(60);
        assertThat(viewModel.countProperty().get()).isEqualTo("60 of 300 events");
    }

    @Test
    void eventsAppendedByAnyProcessAppearOnThePollNewestOnTop() {
        journal.appendAudit(event(1000, now, OperationState.SUCCEEDED));

        viewModel.poll().orTimeout(10, TimeUnit.SECONDS).join();

        assertThat(viewModel.shown()).hasSize(301);
        assertThat(viewModel.shown().get(0).instanceName()).isEqualTo("vm-1000");
    }

    @Test
    void selectingAnEventShowsItsDetails() {
        viewModel.selectedProperty().set(viewModel.shown().get(9));
        assertThat(viewModel.detailsProperty().get()).contains("vm-290").contains("FAILED").contains("did not answer")
                .contains("op-290");
    }

    @Test
    void exportsWhatIsShownAsCsvAndJson() throws Exception {
        viewModel.outcomeProperty().set("FAILED");
        Path csv = dir.resolve("activity.csv");
        Path json = dir.resolve("activity.json");

        viewModel.export(csv).orTimeout(10, TimeUnit.SECONDS).join();
        viewModel.export(json).orTimeout(10, TimeUnit.SECONDS).join();

        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("time,connection,instance,instanceId,action,outcome,message,user,operationId");
        assertThat(lines).hasSize(31);
        JsonNode parsed = new ObjectMapper().readTree(json.toFile());
        assertThat(parsed.size()).isEqualTo(30);
        assertThat(parsed.get(0).get("outcome").asText()).isEqualTo("FAILED");
        assertThat(notifications).hasSize(2).allMatch(n -> n.startsWith("Exported 30 events"));
    }

    @Test
    void exportToAnUnwritablePlaceIsOneMessageNamingTheFile() throws Exception {
        Path blocker = Files.writeString(dir.resolve("file"), "x");
        Path impossible = blocker.resolve("activity.csv");

        viewModel.export(impossible).orTimeout(10, TimeUnit.SECONDS).join();

        assertThat(notifications).singleElement().asString().contains(impossible.toString());
    }
}
