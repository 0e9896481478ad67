package io.instanceconsole.ui.connections;

import io.instanceconsole.app.TestContexts;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.ConnectionPolicy;
import io.instanceconsole.service.imports.ConnectionImport;
import io.instanceconsole.service.imports.DockerContextsSource;
import io.instanceconsole.service.imports.UserSettings;
import io.instanceconsole.service.imports.VirtManagerSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The "Import…" dialog's logic over the real import, store and gsettings, without the toolkit. */
class ImportViewModelTest {
    @TempDir
    Path dir;

    private TestContexts.Opened context;
    private ImportViewModel viewModel;
    private final List<String> notifications = new ArrayList<>();
    private int reloads;

    @BeforeEach
    void setUp() {
        UserSettings user = UserSettings.create(dir.resolve("user"));
        context = TestContexts.open(dir.resolve("data"));
        context.manager().add("my engine", BackendKind.DOCKER, UserSettings.LOCAL_SOCKET, null, false, ConnectionPolicy.defaults());
        ConnectionImport importer = new ConnectionImport(List.of(new DockerContextsSource(user.dockerConfig(), null),
                new VirtManagerSource(user.env())));
        viewModel = new ImportViewModel(context.manager(), importer, Runnable::run, Runnable::run,
                (severity, message) -> notifications.add(severity + ": " + message), () -> reloads++);
        viewModel.scan().orTimeout(30, TimeUnit.SECONDS).join();
    }

    @AfterEach
    void tearDown() {
        context.close();
    }

    private Map<String, ImportViewModel.Item> items() {
        return viewModel.items().stream().collect(Collectors.toMap(i -> i.candidate().name(), i -> i));
    }

    @Test
    void importableOnesAreTickedPresentOnesMarkedAndUntickedBadOnesDisabledWithTheirReason() {
        Map<String, ImportViewModel.Item> items = items();
        assertThat(viewModel.summaryProperty().get()).isEqualTo("Found 8: 4 to import, 1 already present, 3 not importable (hover for why).");

        assertThat(items.get("lab1")).satisfies(i -> {
            assertThat(i.enabled()).isTrue();
            assertThat(i.checkedProperty().get()).isTrue();
            assertThat(i.label()).isEqualTo("lab1 · Docker · tcp://127.0.0.1:1");
            assertThat(i.status()).isEmpty();
        });
        assertThat(items.get("local")).satisfies(i -> {
            assertThat(i.enabled()).isFalse();
            assertThat(i.checkedProperty().get()).isFalse();
            assertThat(i.status()).isEqualTo("already present as 'my engine'");
        });
        assertThat(items.get("nokey")).satisfies(i -> {
            assertThat(i.enabled()).isFalse();
            assertThat(i.checkedProperty().get()).isFalse();
            assertThat(i.status()).isEqualTo("not importable");
            assertThat(i.tooltip()).contains("lacks key.pem");
        });
        assertThat(viewModel.importCommand().isExecutable()).isTrue();
    }

    @Test
    void onlyTheTickedOnesAreImportedAndTheListReloads() {
        items().values().stream().filter(ImportViewModel.Item::enabled)
                .filter(i -> !i.candidate().name().equals("lab1")).forEach(i -> i.checkedProperty().set(false));
        viewModel.importCommand().execute();

        assertThat(context.manager().all()).extracting(Connection::name).contains("lab1").doesNotContain("skipper", "test-default");
        assertThat(notifications).containsExactly("INFO: Imported 1 connection: 'lab1'");
        assertThat(reloads).isEqualTo(1);
    }

    @Test
    void withNothingTickedImportIsDisabled() {
        viewModel.items().forEach(i -> i.checkedProperty().set(false));
        assertThat(viewModel.importCommand().isExecutable()).isFalse();
    }
}
