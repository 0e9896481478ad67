package io.instanceconsole.ui.shell;

import io.instanceconsole.app.TestContexts;
import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.ConnectionPolicy;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.service.ActionResult;
import io.instanceconsole.service.InstanceActions;
import io.instanceconsole.testing.ServiceFixture;
import io.instanceconsole.ui.common.DialogService;
import io.instanceconsole.ui.common.UiServiceEvents;
import io.instanceconsole.ui.instances.InstanceTableViewModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The first start's line over the table, over the real connection manager and store, without the toolkit. */
class SimulatorNoticeViewModelTest {
    @TempDir
    Path dir;

    private TestContexts.Opened context;
    private final UiServiceEvents events = new UiServiceEvents(Runnable::run);
    private InstanceTableViewModel table;
    private SimulatorNoticeViewModel notice;
    private final List<String> questions = new CopyOnWriteArrayList<>();
    private final List<String> notifications = new CopyOnWriteArrayList<>();
    private int addConnectionAsked;
    private volatile boolean answerYes;

    @BeforeEach
    void setUp() {
        context = TestContexts.open(dir);
        context.context().registry().addListener(events);
        context.context().connectAll().orTimeout(30, TimeUnit.SECONDS).join();
        table = new InstanceTableViewModel(new NoActions(), Runnable::run, (s, m) -> { }, id -> "host");
        events.subscribe(table);
        events.start();
        table.load(context.context().known().all());
        DialogService dialogs = new DialogService() {
            @Override
            public Confirmation confirm(String title, String question, String details, boolean offerDontAskAgain) {
                questions.add(question + " | " + details);
                return new Confirmation(answerYes, false);
            }

            @Override
            public void copyToClipboard(String text) {
            }
        };
        notice = new SimulatorNoticeViewModel(context.manager(), events, table.allRows(), () -> addConnectionAsked++,
                Runnable::run, Runnable::run, dialogs, (severity, message) -> notifications.add(severity + ": " + message));
    }

    @AfterEach
    void tearDown() {
        context.close();
    }

    @Test
    void withOnlyTheSimulatorTheLineSaysSoAndCountsItsRows() {
        assertThat(notice.shownProperty().get()).isTrue();
        assertThat(notice.messageProperty().get()).isEqualTo("You are looking at a simulator: 40 made-up instances.");
        assertThat(notice.simulatorShownProperty().get()).isTrue();

        notice.addConnectionCommand().execute();
        assertThat(addConnectionAsked).isEqualTo(1);
    }

    @Test
    void besideARealHostTheLineSaysWhichRowsAreMadeUp() {
        context.manager().add("engine", BackendKind.DOCKER, "unix://" + dir.resolve("docker.sock"), "", false,
                ConnectionPolicy.defaults());
        notice.reload().orTimeout(10, TimeUnit.SECONDS).join();

        assertThat(notice.messageProperty().get())
                .isEqualTo("40 made-up instances in this table come from the simulator 'Simulator', not from a real host.");
    }

    @Test
    void removingAsksFirstAndCancelKeepsTheSimulator() {
        answerYes = false;
        notice.removeSimulatorCommand().execute();

        assertThat(questions).containsExactly("Remove the simulator 'Simulator'? | Its 40 made-up instances leave the "
                + "table. A simulator can be added again in Connections (kind Simulator, sim://NAME).");
        assertThat(context.manager().all()).extracting(Connection::name).containsExactly("Simulator");

        answerYes = true;
        notice.removeSimulatorCommand().execute();

        assertThat(context.manager().all()).isEmpty();
        assertThat(notifications).containsExactly("INFO: Removed the simulator 'Simulator'");
        ServiceFixture.await(Duration.ofSeconds(10), "the line says there is no connection",
                () -> notice.messageProperty().get().startsWith("No connections"));
        assertThat(notice.shownProperty().get()).isTrue();
        assertThat(notice.simulatorShownProperty().get()).isFalse();
        assertThat(notice.removeSimulatorCommand().isExecutable()).isFalse();
    }

    @Test
    void closedTheLineStaysAwayWhileASimulatorIsThere() {
        notice.closeCommand().execute();

        assertThat(notice.shownProperty().get()).isFalse();
        notice.reload().orTimeout(10, TimeUnit.SECONDS).join();
        assertThat(notice.shownProperty().get()).isFalse();
    }

    /** The table's actions are not what this test is about. */
    private static final class NoActions implements InstanceActions {
        @Override
        public CompletableFuture<ActionResult> perform(Action action, InstanceKey key) {
            return new CompletableFuture<>();
        }

        @Override
        public Optional<String> whyNot(Action action, Instance instance) {
            return Optional.empty();
        }
    }
}
