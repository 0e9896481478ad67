package io.instanceconsole.app;

import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.ConnectionPolicy;
import io.instanceconsole.service.imports.ConnectionImport;
import io.instanceconsole.service.imports.DockerContextsSource;
import io.instanceconsole.service.imports.UserSettings;
import io.instanceconsole.service.imports.VirtManagerSource;
import io.instanceconsole.store.DataDirectory;
import io.instanceconsole.testing.ConfirmingDialogs;
import io.instanceconsole.ui.common.FxUiThread;
import io.instanceconsole.ui.common.UiServiceEvents;
import io.instanceconsole.ui.connections.ConnectionsView;
import io.instanceconsole.ui.connections.ConnectionsViewModel;
import io.instanceconsole.ui.connections.ImportDialog;
import io.instanceconsole.ui.connections.ImportViewModel;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

import static io.instanceconsole.app.MainWindowHarness.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Import…" in the Connections view, with the toolkit: the dialog lists a home's Docker contexts and virt-manager
 * URIs (made by {@link UserSettings} with the real gsettings), ticks what can be imported, marks what is present,
 * disables what cannot be imported with the reason on hover, and Import adds the ticked ones to the list.
 * {@code -Dic.screenshot=FILE} saves the dialog as a PNG.
 */
@ExtendWith(ApplicationExtension.class)
class ConnectionsImportDialogTest {
    @TempDir
    static Path temp;

    private AppContext context;
    private final FxRobot robot = new FxRobot();

    @Start
    void start(Stage stage) {
        UserSettings user = UserSettings.create(temp.resolve("user-" + System.nanoTime()));
        context = AppContext.open(new DataDirectory(temp.resolve("data-" + System.nanoTime())), Clock.systemUTC(), Map.of());
        context.connectionManager().add("my engine", BackendKind.DOCKER, UserSettings.LOCAL_SOCKET, null, false,
                ConnectionPolicy.defaults());
        ConnectionsViewModel model = new ConnectionsViewModel(context.connectionManager(),
                new UiServiceEvents(Runnable::run), context.backgroundExecutor(), new FxUiThread(), (severity, message) -> { }, new ConfirmingDialogs(), Clock.systemUTC());
        model.useImporter(new ConnectionImport(List.of(new DockerContextsSource(user.dockerConfig(), null),
                new VirtManagerSource(user.env()))));
        ConnectionsView view = new ConnectionsView(model);
        Application.setUserAgentStylesheet(new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet());
        Scene scene = new Scene(MainWindowFactory.load("ui/connections/ConnectionsView.fxml", view), 1100, 700);
        stage.setScene(scene);
        stage.show();
        view.activate();
    }

    @AfterEach
    void tearDown() {
        dialog().ifPresent(pane -> robot.interact(() -> pane.getScene().getWindow().hide()));
        context.close();
    }

    private Optional<DialogPane> dialog() {
        return Window.getWindows().stream().filter(Window::isShowing).map(Window::getScene)
                .map(s -> s == null ? null : s.lookup(".dialog-pane")).filter(DialogPane.class::isInstance)
                .map(DialogPane.class::cast).findFirst();
    }

    @SuppressWarnings("unchecked")
    private ListView<ImportViewModel.Item> list(DialogPane pane) {
        return (ListView<ImportViewModel.Item>) pane.lookup("#import-list");
    }

    /** The check box of a candidate's line, once the list has drawn it (cells are drawn a pulse after the items). */
    private CheckBox box(DialogPane pane, String name) throws Exception {
        waitUntil("the line for " + name + " is drawn", () -> line(pane, name).isPresent());
        return line(pane, name).orElseThrow();
    }

    private static Optional<CheckBox> line(DialogPane pane, String name) {
        return pane.lookupAll(".list-cell").stream().map(n -> (ListCell<?>) n)
                .filter(c -> c.getGraphic() != null)
                .map(c -> (CheckBox) ((HBox) c.getGraphic()).getChildren().get(0))
                .filter(b -> b.getText().startsWith(name + " · ")).findFirst();
    }

    @Test
    void theDialogListsWhatWasFoundAndImportsTheTickedOnes() throws Exception {
        robot.clickOn("#import-button");
        waitUntil("the import dialog shows what it found", () -> dialog().isPresent() && !list(dialog().get()).getItems().isEmpty());
        DialogPane pane = dialog().orElseThrow();
        waitUntil("the list draws its lines", () -> pane.lookupAll(".list-cell").stream()
                .anyMatch(c -> ((ListCell<?>) c).getGraphic() != null));
        assertThat(((Label) pane.lookup("#import-summary")).getText())
                .isEqualTo("Found 8: 4 to import, 1 already present, 3 not importable (hover for why).");

        CheckBox lab1 = box(pane, "lab1");
        assertThat(lab1.isSelected()).isTrue();
        assertThat(lab1.isDisabled()).isFalse();
        CheckBox local = box(pane, "local");
        assertThat(local.isSelected()).isFalse();
        assertThat(local.isDisabled()).isTrue();
        assertThat(((Label) ((HBox) local.getParent()).getChildren().get(1)).getText())
                .isEqualTo("already present as 'my engine'");
        CheckBox nokey = box(pane, "nokey");
        assertThat(nokey.isDisabled()).isTrue();
        ListCell<?> nokeyCell = (ListCell<?>) nokey.getParent().getParent();
        assertThat(nokeyCell.getTooltip().getText()).contains("lacks key.pem");

        // hover the not importable line: its reason shows
        robot.moveTo(nokeyCell);
        waitUntil("the reason shows on hover", () -> nokeyCell.getTooltip().isShowing());
        long pause = Long.getLong("ic.pauseMs", 0);
        if (pause > 0) {
            TimeUnit.MILLISECONDS.sleep(pause); // to look at it on a display (Xvfb and `import -window root`)
        }
        String screenshot = System.getProperty("ic.screenshot");
        if (screenshot != null) {
            robot.interact(() -> {
                WritableImage image = pane.getScene().snapshot(null);
                int w = (int) image.getWidth();
                int h = (int) image.getHeight();
                BufferedImage png = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        png.setRGB(x, y, image.getPixelReader().getArgb(x, y));
                    }
                }
                try {
                    ImageIO.write(png, "png", new File(screenshot));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }

        robot.clickOn(box(pane, "skipper")); // untick one
        assertThat(box(pane, "skipper").isSelected()).isFalse();
        robot.clickOn((Button) pane.lookupButton(ImportDialog.IMPORT));
        waitUntil("the dialog closes", () -> dialog().isEmpty());
        waitUntil("the imported connections are in the store", () -> context.connectionManager().all().stream()
                .map(Connection::name).toList().containsAll(List.of("lab1", "test-default", "127.0.0.2")));
        assertThat(context.connectionManager().all()).extracting(Connection::name).doesNotContain("skipper", "nokey");
        waitUntil("the list shows them", () -> robot.lookup(".table-view").queryTableView().getItems().size() == 5);
    }
}
