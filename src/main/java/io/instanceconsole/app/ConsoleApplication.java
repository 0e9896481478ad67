package io.instanceconsole.app;

import io.instanceconsole.domain.InstanceConsoleException;
import io.instanceconsole.store.DataDirectory;
import io.instanceconsole.ui.shell.MainWindowView;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.stage.Stage;

import java.time.Clock;
import java.util.List;

/**
 * The GUI: opens the store off the FX thread, paints the last-known table, then contacts the hosts. A store that
 * cannot be opened ends the start-up with one clear message, before any window is half-built.
 */
public final class ConsoleApplication extends Application {
    public static final String TITLE = "Instance Console";

    private AppContext context;
    private InstanceConsoleException startupFailure;
    private MainWindowView mainWindow;
    private AutoCloseable guiClaim;

    @Override
    public void init() {
        List<String> args = getParameters().getRaw();
        try {
            DataDirectory dataDirectory = DataDirectory.fromEnvironment(GuiOptions.parse(args).dataDir()).prepare();
            guiClaim = dataDirectory.claimForGui();
            context = AppContext.open(dataDirectory, Clock.systemDefaultZone());
        } catch (InstanceConsoleException e) {
            startupFailure = e;
        }
    }

    @Override
    public void start(Stage stage) {
        MainWindowView.applyTheme(false);
        if (startupFailure != null) {
            System.err.println("instance-console: " + startupFailure.getMessage());
            Alert alert = new Alert(Alert.AlertType.ERROR, startupFailure.getMessage());
            alert.setTitle(TITLE);
            alert.setHeaderText("Instance Console cannot start");
            alert.showAndWait();
            Platform.exit();
            return;
        }
        MainWindowFactory.Built built = MainWindowFactory.build(context, stage);
        mainWindow = built.view();
        Scene scene = built.scene();
        stage.setScene(scene);
        stage.setTitle(TITLE);
        StartupProbe.install(scene);
        stage.show();
        mainWindow.activate(scene);
        // Paint first, then contact the hosts: the cached table is on screen before any host answers.
        context.connectAll();
    }

    @Override
    public void stop() {
        if (mainWindow != null) {
            mainWindow.deactivate();
        }
        if (context != null) {
            context.close();
        }
        if (guiClaim != null) {
            try {
                guiClaim.close();
            } catch (Exception e) {
                // the process is ending; the OS releases the lock anyway
            }
        }
    }
}
