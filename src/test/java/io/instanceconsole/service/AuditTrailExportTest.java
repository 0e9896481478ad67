package io.instanceconsole.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.instanceconsole.domain.AuditEvent;
import io.instanceconsole.domain.OperationState;
import io.instanceconsole.store.SettingRepository;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Activity view's and {@code instancectl history}'s read side of the audit trail over a real store: the newest
 * events, those after a sequence number or since a time; and the export, CSV with a header or JSON by the file's
 * extension, the same fields in the same order, replacing the file whole.
 */
class AuditTrailExportTest {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    @TempDir
    Path dir;

    private ServiceFixture fixture;
    private AuditTrail trail;

    @BeforeEach
    void store() {
        fixture = new ServiceFixture(dir.resolve("data"));
        trail = new AuditTrail(fixture.storeJournal);
        for (int i = 0; i < 4; i++) {
            fixture.storeJournal.appendAudit(new AuditEvent(0, T0.plusSeconds(60L * i), "conn-lab", "lab", "id-" + i,
                    "web-" + i, "pause", OperationState.SUCCEEDED, "paused " + i, "tester", "op-" + i));
        }
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void theTrailIsReadNewestFirstOrOldestFirstAfterASequenceNumberOrSinceATime() {
        List<AuditEvent> newest = trail.newest(2);
        assertThat(newest).extracting(AuditEvent::instanceName).containsExactly("web-3", "web-2");

        long second = trail.newest(4).get(2).seq();
        assertThat(trail.after(second, 10)).extracting(AuditEvent::instanceName).containsExactly("web-2", "web-3");
        assertThat(trail.after(second, 1)).extracting(AuditEvent::instanceName).containsExactly("web-2");
        assertThat(trail.since(T0.plusSeconds(60), 10)).extracting(AuditEvent::instanceName)
                .containsExactly("web-1", "web-2", "web-3");
    }

    @Test
    void aCsvExportHasAHeaderAndOneRowPerEventInTheRecordsOrder() throws Exception {
        Path file = dir.resolve("activity.csv");
        Files.writeString(file, "an older export");

        trail.export(trail.since(T0, 2), file);

        assertThat(Files.readAllLines(file)).containsExactly(
                "time,connection,instance,instanceId,action,outcome,message,user,operationId",
                "2026-12-07T10:00:00Z,lab,web-0,id-0,pause,SUCCEEDED,\"paused 0\",tester,op-0",
                "2026-12-07T10:01:00Z,lab,web-1,id-1,pause,SUCCEEDED,\"paused 1\",tester,op-1");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
        }
    }

    @Test
    void aJsonExportHasTheSameFieldsWithIsoTimes() throws Exception {
        Path file = dir.resolve("activity.JSON");

        trail.export(trail.since(T0, 1), file);

        JsonNode rows = new ObjectMapper().readTree(file.toFile());
        assertThat(rows.isArray()).isTrue();
        assertThat(rows).hasSize(1);
        JsonNode row = rows.get(0);
        assertThat(row.get("time").asText()).isEqualTo("2026-12-07T10:00:00Z");
        assertThat(row.get("connection").asText()).isEqualTo("lab");
        assertThat(row.get("instance").asText()).isEqualTo("web-0");
        assertThat(row.get("outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(row.get("operationId").asText()).isEqualTo("op-0");
        // what instancectl history --json prints for the same events, pretty printed
        assertThat(Files.readString(file)).isEqualTo(ConsoleJson.write(List.of(AuditRecord.of(trail.since(T0, 1).getFirst()))))
                .contains("\n");
    }

    @Test
    void anExportThatCannotBeWrittenSaysWhichFileAndLeavesNothingBehind() {
        Path missing = dir.resolve("no-such-dir").resolve("activity.csv");

        assertThatThrownBy(() -> trail.export(trail.newest(1), missing))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageStartingWith("cannot write " + missing + ": ");
    }

    @Test
    void preferencesAreKeptInTheStore() {
        StoredPreferences preferences = new StoredPreferences(new SettingRepository(fixture.database));

        preferences.put("ui.columns.name", "200");
        preferences.put("ui.columns.status", "80");
        preferences.put("other", "x");
        assertThat(preferences.get("ui.columns.name")).contains("200");
        assertThat(preferences.withPrefix("ui.columns.")).containsOnlyKeys("ui.columns.name", "ui.columns.status");

        preferences.remove("ui.columns.name");
        assertThat(preferences.get("ui.columns.name")).isEmpty();
        assertThat(fixture.services.preferences().get("ui.columns.status")).contains("80");
    }
}
