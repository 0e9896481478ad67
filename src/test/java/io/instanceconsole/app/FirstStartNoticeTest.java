package io.instanceconsole.app;

import io.instanceconsole.domain.Connection;
import io.instanceconsole.ui.instances.InstanceRowViewModel;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.Map;
import java.util.stream.Collectors;

import static io.instanceconsole.app.MainWindowHarness.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first start as a person meets it (issue 24, item 9): over the embedded simulator's 40 rows a line says they are
 * made up, with "Add connection" (the Connections tab, a new form, the focus in its name) and "Remove the simulator"
 * (asked first, Cancel by default); the Kind column says Container or VM, for the simulator's rows too.
 */
class FirstStartNoticeTest extends MainWindowTestBase {
    @Start
    void start(Stage primary) {
        openOnAStageOfItsOwn();
    }

    private Node notice() {
        return h.robot().lookup("#simulator-notice").query();
    }

    private String noticeText() {
        return h.robot().lookup("#simulator-notice-text").queryAs(Label.class).getText();
    }

    @Test
    void theTableSaysItShowsASimulatorAndAddConnectionOpensANewForm() {
        waitUntil("the notice shows", () -> notice().isVisible());
        assertThat(noticeText()).isEqualTo("You are looking at a simulator: 40 made-up instances.");
        assertThat(h.robot().lookup("#remove-simulator-link").queryAs(Hyperlink.class).getText())
                .isEqualTo("Remove the simulator");

        h.robot().clickOn("#add-connection-link");

        TabPane tabs = h.robot().lookup("#main-tabs").queryAs(TabPane.class);
        waitUntil("the Connections tab shows", () -> tabs.getSelectionModel().getSelectedIndex() == 2);
        TextField name = h.robot().lookup("#nameField").queryAs(TextField.class);
        waitUntil("the new form's name has the focus", name::isFocused);
        assertThat(name.getText()).isEmpty();
        assertThat(h.robot().lookup(".title-4").queryAs(Label.class).getText()).isEqualTo("New connection");
        assertThat(h.robot().lookup("#saveButton").queryAs(Button.class).getText()).isEqualTo("Add");
    }

    @Test
    void removingTheSimulatorIsAskedFirstWithCancelAsTheDefault() {
        waitUntil("the notice shows", () -> notice().isVisible());

        h.robot().clickOn("#remove-simulator-link");
        DialogPane dialog = h.awaitDialog();
        assertThat(MainWindowHarness.text(dialog)).contains("Remove the simulator 'Simulator'?", "40 made-up instances");
        assertThat(((Button) dialog.lookupButton(ButtonType.CANCEL)).isDefaultButton()).as("Cancel is the default").isTrue();
        assertThat(((Button) dialog.lookupButton(ButtonType.OK)).isDefaultButton()).isFalse();
        assertThat(((Button) dialog.lookupButton(ButtonType.OK)).getText()).isEqualTo("Remove");
        h.answer(dialog, ButtonType.CANCEL, false);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(h.context.connectionManager().all()).extracting(Connection::name).contains("Simulator");
        assertThat(h.table().getItems()).hasSize(40);

        h.robot().clickOn("#remove-simulator-link");
        h.answer(h.awaitDialog(), ButtonType.OK, false);

        waitUntil("the simulator's rows leave the table", () -> h.table().getItems().isEmpty());
        assertThat(h.context.connectionManager().all()).extracting(Connection::name).doesNotContain("Simulator");
        waitUntil("the line says there is no connection", () -> noticeText().startsWith("No connections"));
        assertThat(((Label) h.table().getPlaceholder().lookup(".label")).getText())
                .as("the empty table no longer waits for hosts").isEqualTo("No connections: add one in the"
                        + " Connections tab (Ctrl+3)");
        assertThat(h.robot().lookup("#remove-simulator-link").query().isVisible()).isFalse();
        assertThat(h.robot().lookup("#add-connection-link").query().isVisible()).isTrue();
    }

    @Test
    void kindSaysContainerOrVmForTheSimulatedInstancesToo() {
        @SuppressWarnings("unchecked")
        TableColumn<InstanceRowViewModel, String> kind = (TableColumn<InstanceRowViewModel, String>)
                h.table().getColumns().stream().filter(c -> c.getText().equals("Kind")).findFirst().orElseThrow();
        Map<String, String> kindByName = h.table().getItems().stream()
                .collect(Collectors.toMap(r -> r.snapshot().name(), kind::getCellData));

        assertThat(kindByName).containsEntry("dev-vm-debian-1", "VM").containsEntry("win-test-vm-1", "VM")
                .containsEntry("k8s-node-1", "VM").containsEntry("web-frontend-1", "Container")
                .containsEntry("postgres-main-1", "Container");
        assertThat(kindByName.values()).containsOnly("VM", "Container");

        h.robot().interact(() -> h.robot().lookup("#filterField").queryAs(TextField.class).setText("kind:vm"));
        assertThat(h.table().getItems()).extracting(r -> r.snapshot().name())
                .allMatch(n -> n.startsWith("dev-vm-debian") || n.startsWith("win-test-vm") || n.startsWith("k8s-node"))
                .hasSize(6);
    }

    @Test
    void theSimulatorsLineCanBeClosedForTheSession() {
        waitUntil("the notice shows", () -> notice().isVisible());

        h.robot().clickOn("#simulator-notice-close");

        waitUntil("the notice goes", () -> !notice().isVisible());
        assertThat(notice().isManaged()).as("it takes no room").isFalse();
    }
}
