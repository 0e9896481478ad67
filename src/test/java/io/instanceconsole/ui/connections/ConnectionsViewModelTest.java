package io.instanceconsole.ui.connections;

import io.instanceconsole.app.TestContexts;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.service.ConnectionManager;
import io.instanceconsole.testing.ConfirmingDialogs;
import io.instanceconsole.testing.ServiceFixture;
import io.instanceconsole.ui.common.UiServiceEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The Connections form over the real connection manager and store, without the toolkit. */
class ConnectionsViewModelTest {
    @TempDir
    Path dir;

    private TestContexts.Opened context;
    private ConnectionsViewModel viewModel;
    private final List<String> notifications = new ArrayList<>();

    @BeforeEach
    void setUp() {
        context = TestContexts.open(dir);
        viewModel = new ConnectionsViewModel(context.manager(), new UiServiceEvents(Runnable::run), Runnable::run, Runnable::run,
                (severity, message) -> notifications.add(severity + ": " + message), new ConfirmingDialogs(), Clock.systemUTC());
        viewModel.reload().orTimeout(10, TimeUnit.SECONDS).join();
    }

    @AfterEach
    void tearDown() {
        context.close();
    }

    private ConnectionManager manager() {
        return context.manager();
    }

    @Test
    void aBlankFormSaysNothingIsWrongYetButCannotBeSaved() {
        assertThat(viewModel.shownValidation().get()).isEmpty();
        assertThat(viewModel.saveCommand().isExecutable()).isFalse();

        viewModel.uriProperty().set("unix:///var/run/docker.sock");

        assertThat(viewModel.shownValidation().get()).isEqualTo("a connection needs a name");
    }

    @Test
    void malformedUriIsRefusedInTheFormNamingTheProblemBeforeAnythingIsSaved() {
        viewModel.nameProperty().set("lab1");
        viewModel.kindProperty().set(BackendKind.DOCKER);
        viewModel.uriProperty().set("http//nope");

        assertThat(viewModel.validationProperty().get()).contains("http//nope");
        assertThat(viewModel.saveCommand().isExecutable()).isFalse();
        viewModel.saveCommand().execute();
        assertThat(manager().all()).extracting(Connection::name).containsExactly("Simulator");

        viewModel.kindProperty().set(BackendKind.LIBVIRT);
        viewModel.uriProperty().set("test:///default");
        assertThat(viewModel.validationProperty().get()).isEmpty();
    }

    @Test
    void duplicateNameAndTlsDirectoryWithoutCertificatesAreRefused() {
        viewModel.nameProperty().set("Simulator");
        viewModel.kindProperty().set(BackendKind.SIMULATOR);
        viewModel.uriProperty().set("sim://two");
        assertThat(viewModel.validationProperty().get()).contains("'Simulator' already exists");

        viewModel.nameProperty().set("remote");
        viewModel.kindProperty().set(BackendKind.DOCKER);
        viewModel.uriProperty().set("tcp://127.0.0.1:2376");
        viewModel.tlsDirProperty().set(dir.toString());
        assertThat(viewModel.validationProperty().get()).contains("ca.pem");
    }

    @Test
    void afterAddingTheFormEditsWhatWasAddedAndNewStartsEmpty() {
        viewModel.nameProperty().set("lab3");
        viewModel.kindProperty().set(BackendKind.SIMULATOR);
        viewModel.uriProperty().set("sim://lab3?count=3&latencyMs=0");
        viewModel.saveCommand().execute();

        ServiceFixture.await(Duration.ofSeconds(10), "the added connection is selected",
                () -> viewModel.selectedProperty().get() != null);
        assertThat(viewModel.selectedProperty().get().connection().name()).isEqualTo("lab3");
        viewModel.saveCommand().execute(); // saves it again: no second "lab3", no "already exists"
        assertThat(manager().all()).extracting(Connection::name).containsExactlyInAnyOrder("Simulator", "lab3");
        assertThat(notifications).noneMatch(n -> n.startsWith("ERROR"));

        viewModel.newCommand().execute();
        viewModel.nameProperty().set("typed but not saved");
        viewModel.newCommand().execute();
        assertThat(viewModel.nameProperty().get()).isEmpty();
    }

    @Test
    void savedConnectionWithItsColourAndLimitsSurvivesARestart() {
        viewModel.nameProperty().set("lab2");
        viewModel.kindProperty().set(BackendKind.SIMULATOR);
        viewModel.uriProperty().set("sim://lab2?count=5&latencyMs=0");
        viewModel.colourProperty().set("#3b82f6");
        viewModel.timeoutSecondsProperty().set("7");
        viewModel.maxCallsProperty().set("3");
        viewModel.saveCommand().execute();
        assertThat(notifications).anyMatch(n -> n.contains("Added connection 'lab2'"));

        context.close();
        context = TestContexts.open(dir);
        Connection lab2 = context.manager().all().stream().filter(c -> c.name().equals("lab2")).findFirst().orElseThrow();
        assertThat(context.manager().policy(lab2.id()).colour()).isEqualTo("#3b82f6");
        assertThat(context.manager().policy(lab2.id()).resilience().callTimeout()).hasSeconds(7);
        assertThat(context.manager().policy(lab2.id()).resilience().maxConcurrentCalls()).isEqualTo(3);
    }
}
