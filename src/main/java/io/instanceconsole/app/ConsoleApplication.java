package io.instanceconsole.app;

import io.instanceconsole.domain.InstanceConsoleException;
import io.instanceconsole.store.DataDirectory;
import io.instanceconsole.ui.bulk.BulkActionsViewModel;
import io.instanceconsole.ui.bulk.BulkProgressView;
import io.instanceconsole.ui.common.FxDialogService;
import io.instanceconsole.ui.common.FxUiThread;
import io.instanceconsole.ui.keyboard.KeyBindingRepository;
import io.instanceconsole.ui.common.Notifier;
import io.instanceconsole.ui.instances.InstanceTableView;
import io.instanceconsole.ui.instances.InstanceTableViewModel;
import io.instanceconsole.ui.shell.MainWindowView;
import io.instanceconsole.ui.shell.ShellViewModel;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.stage.Stage;

import java.io.IOException;
import java.io.UncheckedIOException;
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

    @Override
    public void init() {
        List<String> args = getParameters().getRaw();
        try {
            context = AppContext.open(DataDirectory.fromEnvironment(GuiOptions.parse(args).dataDir()), Clock.systemDefaultZone());
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
        Scene scene = new Scene(buildMainWindow(stage));
        scene.getStylesheets().add(resource("ui/shell/console.css"));
        stage.setScene(scene);
        stage.setTitle(TITLE);
        stage.show();
        mainWindow.activate(scene);
        // Paint first, then contact the hosts: the cached table is on screen before any host answers.
        context.connectAll();
    }

    private Parent buildMainWindow(Stage stage) {
        Clock clock = Clock.systemDefaultZone();
        FxUiThread uiThread = new FxUiThread();
        Notifier notifier = (severity, message) -> mainWindow.notify(severity, message);
        FxDialogService dialogs = new FxDialogService(() -> stage);
        InstanceTableViewModel table = new InstanceTableViewModel(context.lifecycle(), uiThread, notifier, context::hostName);
        table.load(context.known().all());
        InstanceTableView tableController = new InstanceTableView(table, clock);
        Parent tableView = load("ui/instances/InstanceTableView.fxml", tableController);
        BulkActionsViewModel bulk = new BulkActionsViewModel(table::selectedInstances,
                key -> context.known().find(key).orElse(null), context.lifecycle(), dialogs, notifier,
                context.preferences(), uiThread, context::hostName);
        table.onRowsChanged(bulk::selectionOrRowsChanged);
        bulk.progress().onItems(table::bulkItemsChanged);
        Parent progressView = load("ui/bulk/BulkProgressView.fxml", new BulkProgressView(bulk.progress()));
        ShellViewModel shell = new ShellViewModel(table, uiThread, context::hostName,
                () -> context.reconciler().resyncAll(), clock);
        context.registry().addListener(shell);
        mainWindow = new MainWindowView(shell, table, tableController, bulk, new KeyBindingRepository(context.preferences()),
                tableView, progressView);
        return load("ui/shell/MainWindow.fxml", mainWindow);
    }

    static Parent load(String fxml, Object controller) {
        FXMLLoader loader = new FXMLLoader(ConsoleApplication.class.getResource(resourcePath(fxml)));
        loader.setControllerFactory(type -> controller);
        try {
            return loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load " + fxml, e);
        }
    }

    private static String resource(String path) {
        return ConsoleApplication.class.getResource(resourcePath(path)).toExternalForm();
    }

    private static String resourcePath(String path) {
        return "/io/instanceconsole/" + path;
    }

    @Override
    public void stop() {
        if (mainWindow != null) {
            mainWindow.deactivate();
        }
        if (context != null) {
            context.close();
        }
    }
}
