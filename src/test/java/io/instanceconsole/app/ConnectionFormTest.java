package io.instanceconsole.app;

import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.store.DataDirectory;
import io.instanceconsole.ui.common.FxDialogService;
import io.instanceconsole.ui.common.FxUiThread;
import io.instanceconsole.ui.common.UiServiceEvents;
import io.instanceconsole.ui.connections.ConnectionsView;
import io.instanceconsole.ui.connections.ConnectionsViewModel;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import static io.instanceconsole.app.MainWindowHarness.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection form with the toolkit (issue 24, item 8): each kind's own examples and fields, New vs Editing,
 * Test's result with its icon and colour, and the question before saving a connection that does not answer (Cancel
 * by default, "Save anyway" to save it).
 */
@ExtendWith(ApplicationExtension.class)
class ConnectionFormTest {
    @TempDir
    static Path temp;

    private AppContext context;
    private final FxRobot robot = new FxRobot();
    private Stage stage;

    @Start
    void start(Stage primary) {
        stage = new Stage();
        context = AppContext.open(new DataDirectory(temp.resolve("data-" + System.nanoTime())), Clock.systemUTC(), Map.of());
        ConnectionsViewModel model = new ConnectionsViewModel(context.connectionManager(),
                new UiServiceEvents(Runnable::run), context.backgroundExecutor(), new FxUiThread(),
                (severity, message) -> { }, new FxDialogService(() -> stage), Clock.systemUTC());
        ConnectionsView view = new ConnectionsView(model);
        Application.setUserAgentStylesheet(new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet());
        stage.setScene(new Scene(MainWindowFactory.load("ui/connections/ConnectionsView.fxml", view), 1100, 760));
        stage.show();
        view.activate();
    }

    @AfterEach
    void tearDown() {
        dialog().ifPresent(pane -> robot.interact(() -> pane.getScene().getWindow().hide()));
        robot.interact(stage::close);
        context.close();
    }

    private Optional<DialogPane> dialog() {
        return Window.getWindows().stream().filter(Window::isShowing).map(Window::getScene)
                .map(s -> s == null ? null : s.lookup(".dialog-pane")).filter(DialogPane.class::isInstance)
                .map(DialogPane.class::cast).findFirst();
    }

    private Label label(String id) {
        return robot.lookup("#" + id).queryAs(Label.class);
    }

    @SuppressWarnings("unchecked")
    private void chooseKind(BackendKind kind) {
        ComboBox<BackendKind> box = robot.lookup("#kindBox").queryAs(ComboBox.class);
        robot.interact(() -> box.setValue(kind));
    }

    private void type(String fieldId, String text) {
        robot.clickOn("#" + fieldId);
        robot.write(text);
    }

    @Test
    void eachKindShowsItsOwnExamplesAndOnlyDockerTheTlsDirectory() {
        assertThat(label("formTitleLabel").getText()).isEqualTo("New connection");
        assertThat(robot.lookup("#saveButton").queryAs(Button.class).getText()).isEqualTo("Add");
        assertThat(label("uriExamplesLabel").getText()).contains("unix://", "tcp://", "ssh://user@host");
        assertThat(robot.lookup("#tlsDirField").query().isVisible()).isTrue();

        type("nameField", "vms");
        chooseKind(BackendKind.LIBVIRT);

        assertThat(label("uriExamplesLabel").getText()).contains("qemu:///system", "qemu+ssh://user@host/system")
                .doesNotContain("unix://");
        assertThat(robot.lookup("#uriField").queryAs(TextField.class).getPromptText()).isEqualTo("qemu:///system");
        assertThat(robot.lookup("#tlsDirField").query().isVisible()).isFalse();
        assertThat(label("tlsDirLabel").isVisible()).isFalse();
        assertThat(label("validationLabel").getText()).as("nothing typed in the URI yet").isEmpty();

        chooseKind(BackendKind.SIMULATOR);
        assertThat(label("uriExamplesLabel").getText()).contains("sim://NAME");
    }

    @Test
    void testsSuccessAndFailureLookDifferent() {
        type("nameField", "lab");
        chooseKind(BackendKind.SIMULATOR);
        type("uriField", "sim://lab");
        robot.clickOn("#testButton");

        Label result = label("testLabel");
        waitUntil("the test succeeds", () -> result.getStyleClass().contains("success"));
        assertThat(result.getText()).contains("reachable");
        assertThat(((FontIcon) result.getGraphic()).getIconCode()).isEqualTo(Feather.CHECK_CIRCLE);

        chooseKind(BackendKind.DOCKER);
        robot.interact(() -> robot.lookup("#uriField").queryAs(TextField.class)
                .setText("unix://" + temp.resolve("no-docker.sock")));
        robot.clickOn("#testButton");

        waitUntil("the test fails", () -> result.getStyleClass().contains("danger"));
        assertThat(result.getStyleClass()).doesNotContain("success");
        assertThat(result.getText()).startsWith("Test failed: ");
        assertThat(((FontIcon) result.getGraphic()).getIconCode()).isEqualTo(Feather.X_CIRCLE);
    }

    @Test
    void savingAConnectionThatDoesNotAnswerAsksFirstWithCancelAsTheDefault() {
        type("nameField", "gone");
        robot.interact(() -> robot.lookup("#uriField").queryAs(TextField.class)
                .setText("unix://" + temp.resolve("no-docker.sock")));
        robot.clickOn("#saveButton");

        waitUntil("the question shows", () -> dialog().isPresent());
        DialogPane question = dialog().orElseThrow();
        assertThat(question.getHeaderText()).isEqualTo("'gone' does not answer");
        Button anyway = (Button) question.lookupButton(ButtonType.OK);
        assertThat(anyway.getText()).isEqualTo("Save anyway");
        assertThat(anyway.isDefaultButton()).isFalse();
        assertThat(((Button) question.lookupButton(ButtonType.CANCEL)).isDefaultButton()).isTrue();
        robot.clickOn(question.lookupButton(ButtonType.CANCEL));
        waitUntil("the question closes", () -> dialog().isEmpty());
        assertThat(context.connectionManager().all()).extracting(Connection::name).doesNotContain("gone");

        robot.clickOn("#saveButton");
        waitUntil("the question shows again", () -> dialog().isPresent());
        robot.clickOn(dialog().orElseThrow().lookupButton(ButtonType.OK));

        waitUntil("it is saved anyway", () -> context.connectionManager().all().stream()
                .anyMatch(c -> c.name().equals("gone")));
        waitUntil("the form edits what it saved", () -> label("formTitleLabel").getText().equals("Editing 'gone'"));
        assertThat(robot.lookup("#saveButton").queryAs(Button.class).getText()).isEqualTo("Save");
    }
}
