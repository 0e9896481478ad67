package io.instanceconsole.ui.connections;

import io.instanceconsole.app.TestContexts;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.service.ConnectionManager;
import io.instanceconsole.testing.ServiceFixture;
import io.instanceconsole.ui.common.DialogService;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The Connections form over the real connection manager and store, without the toolkit. */
class ConnectionsViewModelTest {
    @TempDir
    Path dir;

    private TestContexts.Opened context;
    private ConnectionsViewModel viewModel;
    private final List<String> notifications = new CopyOnWriteArrayList<>();
    /** The questions the form asked, and the answer the next one gets (yes unless a test says otherwise). */
    private final List<String> questions = new CopyOnWriteArrayList<>();
    private volatile boolean answerYes = true;

    @BeforeEach
    void setUp() {
        context = TestContexts.open(dir);
        DialogService dialogs = new DialogService() {
            @Override
            public Confirmation confirm(String title, String question, String details, boolean offerDontAskAgain) {
                return new Confirmation(true, false);
            }

            @Override
            public void copyToClipboard(String text) {
            }

            @Override
            public boolean confirmAction(String title, String question, String details, String actionLabel) {
                questions.add(question + " | " + details + " | " + actionLabel);
                return answerYes;
            }
        };
        viewModel = new ConnectionsViewModel(context.manager(), new UiServiceEvents(Runnable::run), Runnable::run, Runnable::run,
                (severity, message) -> notifications.add(severity + ": " + message), dialogs, Clock.systemUTC());
        viewModel.reload().orTimeout(10, TimeUnit.SECONDS).join();
    }

    @AfterEach
    void tearDown() {
        context.close();
    }

    /** Types a name, chooses a kind and types a URI into the form, as a person would. */
    private void fill(String name, BackendKind kind, String uri) {
        viewModel.nameProperty().set(name);
        viewModel.kindProperty().set(kind);
        viewModel.uriProperty().set(uri);
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
    void anLxdTrustTokenIsUsedBeforeSavingAndARefusedOneSavesNothing() {
        List<String> enrolled = new ArrayList<>();
        viewModel.enrolWith((uri, token) -> {
            enrolled.add(uri + " " + token);
            if (token.equals("used")) {
                throw new IllegalStateException("LXD at lxd+https://127.0.0.1:1 refused the trust token");
            }
            return "Enrolled with LXD at 127.0.0.1:1";
        });
        fill("cluster", BackendKind.LXD, "lxd+https://127.0.0.1:1");
        viewModel.projectProperty().set("web");
        viewModel.tokenProperty().set("used");
        assertThat(viewModel.lxdFieldsApply().get()).isTrue();
        assertThat(viewModel.tlsDirApplies().get()).isFalse();

        viewModel.saveCommand().execute();
        ServiceFixture.await(Duration.ofSeconds(10), "the enrolment fails", () -> viewModel.testOutcomeProperty().get() == ConnectionsViewModel.TestOutcome.FAILED);
        assertThat(viewModel.testResultProperty().get()).isEqualTo("Enrolment failed: LXD at lxd+https://127.0.0.1:1 refused the trust token");
        assertThat(manager().all()).extracting(Connection::name).containsExactly("Simulator");

        answerYes = true; // the server does not answer after the enrolment: saved anyway when asked
        viewModel.tokenProperty().set("fresh");
        viewModel.saveCommand().execute();
        ServiceFixture.await(Duration.ofSeconds(20), "the connection is saved",
                () -> manager().all().stream().anyMatch(c -> c.name().equals("cluster")));
        assertThat(enrolled).containsExactly("lxd+https://127.0.0.1:1?project=web used", "lxd+https://127.0.0.1:1?project=web fresh");
        assertThat(manager().all()).filteredOn(c -> c.name().equals("cluster")).extracting(Connection::uri)
                .containsExactly("lxd+https://127.0.0.1:1?project=web");
        assertThat(viewModel.tokenProperty().get()).isEmpty();
        ServiceFixture.await(Duration.ofSeconds(10), "the added connection is selected", () -> viewModel.selectedProperty().get() != null);
        assertThat(viewModel.uriProperty().get()).isEqualTo("lxd+https://127.0.0.1:1");
        assertThat(viewModel.projectProperty().get()).isEqualTo("web");
    }

    @Test
    void malformedUriIsRefusedInTheFormNamingTheProblemBeforeAnythingIsSaved() {
        fill("lab1", BackendKind.DOCKER, "http//nope");

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
        fill("Simulator", BackendKind.SIMULATOR, "sim://two");
        assertThat(viewModel.validationProperty().get()).contains("'Simulator' already exists");

        fill("remote", BackendKind.DOCKER, "tcp://127.0.0.1:2376");
        viewModel.tlsDirProperty().set(dir.toString());
        assertThat(viewModel.validationProperty().get()).contains("ca.pem");
    }

    @Test
    void afterAddingTheFormEditsWhatWasAddedAndNewStartsEmpty() {
        fill("lab3", BackendKind.SIMULATOR, "sim://lab3?count=3&latencyMs=0");
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
        fill("lab2", BackendKind.SIMULATOR, "sim://lab2?count=5&latencyMs=0");
        viewModel.colourProperty().set("#3b82f6");
        viewModel.timeoutSecondsProperty().set("7");
        viewModel.maxCallsProperty().set("3");
        viewModel.saveCommand().execute();
        ServiceFixture.await(Duration.ofSeconds(10), "lab2 is added after its test",
                () -> notifications.stream().anyMatch(n -> n.contains("Added connection 'lab2'")));

        context.close();
        context = TestContexts.open(dir);
        Connection lab2 = context.manager().all().stream().filter(c -> c.name().equals("lab2")).findFirst().orElseThrow();
        assertThat(context.manager().policy(lab2).colour()).isEqualTo("#3b82f6");
        assertThat(context.manager().policy(lab2).resilience().callTimeout()).hasSeconds(7);
        assertThat(context.manager().policy(lab2).resilience().maxConcurrentCalls()).isEqualTo(3);
    }

    @Test
    void callsInFlightFollowTheKindUntilTheUserTypesANumber() {
        assertThat(viewModel.maxCallsProperty().get()).isEqualTo("8");
        viewModel.kindProperty().set(BackendKind.LXD);
        assertThat(viewModel.maxCallsProperty().get()).isEqualTo("64");
        viewModel.kindProperty().set(BackendKind.LIBVIRT);
        assertThat(viewModel.maxCallsProperty().get()).isEqualTo("8");

        viewModel.maxCallsProperty().set("12");
        viewModel.kindProperty().set(BackendKind.LXD);
        assertThat(viewModel.maxCallsProperty().get()).isEqualTo("12");
    }

    @Test
    void eachKindShowsItsOwnExamplesAndOnlyDockerHasATlsDirectory() {
        assertThat(viewModel.uriExamples().get()).contains("unix://", "tcp://", "ssh://user@host");
        assertThat(viewModel.tlsDirApplies().get()).isTrue();

        viewModel.kindProperty().set(BackendKind.LIBVIRT);
        assertThat(viewModel.uriExamples().get()).contains("qemu:///system", "qemu+ssh://user@host/system")
                .doesNotContain("unix://", "tcp://", "docker");
        assertThat(viewModel.uriPrompt().get()).isEqualTo("qemu:///system");
        assertThat(viewModel.tlsDirApplies().get()).isFalse();

        viewModel.kindProperty().set(BackendKind.SIMULATOR);
        assertThat(viewModel.uriExamples().get()).contains("sim://NAME").doesNotContain("qemu", "unix://");
        assertThat(viewModel.tlsDirApplies().get()).isFalse();
    }

    @Test
    void aTlsDirectoryTypedForDockerDoesNotCountOnceTheKindIsLibvirt() {
        viewModel.nameProperty().set("vms");
        viewModel.uriProperty().set("tcp://127.0.0.1:2376");
        viewModel.tlsDirProperty().set(dir.resolve("no-such-dir").toString());
        assertThat(viewModel.shownValidation().get()).contains("no-such-dir");

        viewModel.kindProperty().set(BackendKind.LIBVIRT);
        viewModel.uriProperty().set("test:///default");

        assertThat(viewModel.shownValidation().get()).isEmpty();
        assertThat(viewModel.saveCommand().isExecutable()).isTrue();
    }

    @Test
    void noBlankFieldIsCalledWrongBeforeTheUserReachedIt() {
        viewModel.nameProperty().set("vms");
        viewModel.kindProperty().set(BackendKind.LIBVIRT);

        assertThat(viewModel.shownValidation().get()).as("the URI was not typed yet").isEmpty();
        assertThat(viewModel.saveCommand().isExecutable()).isFalse();
        assertThat(viewModel.saveHint().get()).as("the disabled Add says what it waits for")
                .isEqualTo("First: the libvirt connection needs a URI");

        viewModel.uriProperty().set("q");
        viewModel.uriProperty().set("");
        assertThat(viewModel.shownValidation().get()).isEqualTo("the libvirt connection needs a URI");

        viewModel.newCommand().execute();
        viewModel.kindProperty().set(BackendKind.LIBVIRT);
        assertThat(viewModel.shownValidation().get()).as("New starts a form that accuses nothing").isEmpty();
    }

    @Test
    void theFormSaysWhetherItAddsOrEdits() {
        assertThat(viewModel.formTitle().get()).isEqualTo("New connection");
        assertThat(viewModel.saveLabel().get()).isEqualTo("Add");

        viewModel.selectedProperty().set(viewModel.rows().get(0));

        assertThat(viewModel.formTitle().get()).isEqualTo("Editing 'Simulator'");
        assertThat(viewModel.saveLabel().get()).isEqualTo("Save");
        viewModel.newCommand().execute();
        assertThat(viewModel.formTitle().get()).isEqualTo("New connection");
    }

    @Test
    void testSaysWhetherTheHostAnswered() {
        fill("lab4", BackendKind.SIMULATOR, "sim://lab4?count=2&latencyMs=0");
        viewModel.testCommand().execute();
        ServiceFixture.await(Duration.ofSeconds(10), "the test ends",
                () -> viewModel.testOutcomeProperty().get() != ConnectionsViewModel.TestOutcome.RUNNING);
        assertThat(viewModel.testOutcomeProperty().get()).isEqualTo(ConnectionsViewModel.TestOutcome.SUCCEEDED);
        assertThat(viewModel.testResultProperty().get()).contains("reachable: 2 instances");

        viewModel.kindProperty().set(BackendKind.DOCKER);
        viewModel.uriProperty().set("unix://" + dir.resolve("no-docker.sock"));
        viewModel.testCommand().execute();
        ServiceFixture.await(Duration.ofSeconds(20), "the test ends",
                () -> viewModel.testOutcomeProperty().get() != ConnectionsViewModel.TestOutcome.RUNNING);
        assertThat(viewModel.testOutcomeProperty().get()).isEqualTo(ConnectionsViewModel.TestOutcome.FAILED);
        assertThat(viewModel.testResultProperty().get()).startsWith("Test failed: ").contains("no-docker.sock");

        viewModel.uriProperty().set("unix://" + dir.resolve("other.sock"));
        assertThat(viewModel.testOutcomeProperty().get()).as("the line was about another address")
                .isEqualTo(ConnectionsViewModel.TestOutcome.NONE);
        assertThat(viewModel.testResultProperty().get()).isEmpty();
    }

    @Test
    void aConnectionThatDoesNotAnswerIsSavedOnlyWhenTheUserSaysSo() {
        String socket = "unix://" + dir.resolve("no-docker.sock");
        viewModel.nameProperty().set("gone");
        viewModel.uriProperty().set(socket);
        answerYes = false;
        viewModel.saveCommand().execute();

        ServiceFixture.await(Duration.ofSeconds(20), "the user is asked", () -> !questions.isEmpty());
        assertThat(questions.get(0)).contains("'gone' does not answer", "no-docker.sock", "Save anyway");
        ServiceFixture.await(Duration.ofSeconds(10), "the form is usable again", () -> viewModel.saveCommand().isExecutable());
        assertThat(manager().all()).extracting(Connection::name).containsExactly("Simulator");
        assertThat(viewModel.testOutcomeProperty().get()).isEqualTo(ConnectionsViewModel.TestOutcome.FAILED);

        answerYes = true;
        viewModel.saveCommand().execute();
        ServiceFixture.await(Duration.ofSeconds(20), "it is saved anyway",
                () -> manager().all().stream().anyMatch(c -> c.name().equals("gone")));
        assertThat(questions).hasSize(2);
    }

    @Test
    void aReachableNewConnectionIsSavedWithoutAQuestionAndEditingItsColourTestsNothing() {
        fill("lab5", BackendKind.SIMULATOR, "sim://lab5?count=1&latencyMs=0");
        viewModel.saveCommand().execute();
        ServiceFixture.await(Duration.ofSeconds(10), "lab5 is added and selected",
                () -> viewModel.selectedProperty().get() != null);

        viewModel.colourProperty().set("#22c55e");
        viewModel.saveCommand().execute();

        assertThat(questions).isEmpty();
        assertThat(viewModel.testResultProperty().get()).as("the first save's test, not a second one").contains("reachable");
        Connection lab5 = manager().all().stream().filter(c -> c.name().equals("lab5")).findFirst().orElseThrow();
        ServiceFixture.await(Duration.ofSeconds(10), "the colour is saved",
                () -> manager().policy(lab5).colour().equals("#22c55e"));
    }
}
