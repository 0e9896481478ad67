package io.instanceconsole.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.instanceconsole.cli.InstanceCtl;
import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.ui.activity.ActivityViewModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The GUI's Activity export and {@code instancectl history --json} give the same fields and values for the same events. */
class AuditJsonParityTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theActivityExportAndHistoryJsonAgreeFieldForField() throws Exception {
        Path dataDir = dir.resolve("data");
        Path exported = dir.resolve("activity.json");
        try (AppContext context = TestContexts.context(dataDir)) {
            context.connectAll().orTimeout(30, TimeUnit.SECONDS).join();
            List<Instance> running = context.known().all().stream()
                    .filter(i -> i.status() == InstanceStatus.RUNNING).limit(2).toList();
            for (Instance instance : running) {
                context.lifecycle().perform(Action.PAUSE, instance.key()).orTimeout(30, TimeUnit.SECONDS).join();
            }
            context.lifecycle().perform(Action.RESUME, running.get(0).key()).orTimeout(30, TimeUnit.SECONDS).join();

            ActivityViewModel activity = new ActivityViewModel(context.auditTrail(), Runnable::run, Runnable::run,
                    (severity, message) -> { }, Clock.systemUTC());
            activity.load().orTimeout(10, TimeUnit.SECONDS).join();
            activity.export(exported).orTimeout(10, TimeUnit.SECONDS).join();
        }

        JsonNode gui = JSON.readTree(exported.toFile());
        JsonNode cli = JSON.readTree(historyJson(dataDir));

        assertThat(gui.size()).isEqualTo(3);
        assertThat(cli.size()).isEqualTo(gui.size());
        List<JsonNode> newestFirst = new ArrayList<>();
        cli.forEach(event -> newestFirst.add(0, event)); // history lists oldest first, the Activity view newest first
        for (int i = 0; i < gui.size(); i++) {
            assertThat(fieldNames(cli.get(i))).as("fields of event " + i).isEqualTo(fieldNames(gui.get(i)))
                    .contains("operationId", "time", "connection", "instance", "instanceId", "action", "outcome");
            assertThat(newestFirst.get(i)).as("event " + i).isEqualTo(gui.get(i));
        }
        assertThat(gui.get(0).get("operationId").asText()).isNotEmpty();
    }

    private static List<String> fieldNames(JsonNode event) {
        List<String> names = new ArrayList<>();
        Iterator<String> fields = event.fieldNames();
        fields.forEachRemaining(names::add);
        return names;
    }

    private static String historyJson(Path dataDir) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = InstanceCtl.run(new String[] {"--data-dir", dataDir.toString(), "history", "--json"},
                new CliServicesFactory(Map.of()), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(code).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }
}
