package io.instanceconsole.app;

import io.instanceconsole.cli.VersionProvider;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.PresentedHostKey;
import io.instanceconsole.service.FactsService;
import io.instanceconsole.service.LogService;
import io.instanceconsole.service.StatsService;
import io.instanceconsole.ui.bulk.BulkActionsViewModel;
import io.instanceconsole.ui.bulk.BulkProgressView;
import io.instanceconsole.ui.common.FxDialogService;
import io.instanceconsole.ui.common.FxUiThread;
import io.instanceconsole.ui.common.Notifications;
import io.instanceconsole.ui.common.UiServiceEvents;
import io.instanceconsole.ui.instances.InstanceTableView;
import io.instanceconsole.ui.instances.InstanceTableViewModel;
import io.instanceconsole.ui.details.DetailsPane;
import io.instanceconsole.ui.details.DetailsViewModel;
import io.instanceconsole.ui.details.LogViewModel;
import io.instanceconsole.ui.keyboard.KeyBinding;
import io.instanceconsole.ui.keyboard.KeyBindingRepository;
import io.instanceconsole.ui.shell.MainTab;
import io.instanceconsole.ui.shell.MainWindowView;
import io.instanceconsole.ui.shell.ShellViewModel;
import io.instanceconsole.ui.shell.SimulatorNotice;
import io.instanceconsole.ui.shell.SimulatorNoticeViewModel;
import io.instanceconsole.ui.activity.ActivityView;
import io.instanceconsole.ui.activity.ActivityViewModel;
import io.instanceconsole.ui.connections.ConnectionsView;
import io.instanceconsole.ui.connections.ConnectionsViewModel;
import io.instanceconsole.ui.connections.HostKeyPromptDialog;
import io.instanceconsole.ui.connections.HostKeyTrustViewModel;
import io.instanceconsole.ui.connections.ImportDialog;
import javafx.fxml.FXMLLoader;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import javafx.event.EventHandler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;

/** Builds the main window's views and view models over an {@link AppContext}: the GUI half of the composition root. */
final class MainWindowFactory {
    private MainWindowFactory() {
    }

    /** The scene to show and its main view (to activate once shown). */
    record Built(Scene scene, MainWindowView view, InstanceTableViewModel table) {
    }

    static Built build(AppContext context, Stage stage) {
        MainWindowView.applyTheme(false);
        Clock clock = Clock.systemDefaultZone();
        FxUiThread uiThread = new FxUiThread(context.timer());
        Notifications notifier = new Notifications();
        UiServiceEvents events = new UiServiceEvents(uiThread);
        context.registry().addListener(events);
        FxDialogService dialogs = new FxDialogService(() -> stage);
        InstanceTableViewModel table = new InstanceTableViewModel(context.lifecycle(), uiThread, notifier, context::hostName);
        table.setHostColours(context.connectionManager()::colour);
        table.setStatsSampler(new StatsService(context.registry()));
        table.load(context.known().all());
        table.hostNews(List.of(new UiServiceEvents.HostNews.Existing(
                context.connectionManager().all().stream().map(Connection::id).collect(Collectors.toSet()))));
        events.subscribe(table);
        InstanceTableView tableController = new InstanceTableView(table, clock, uiThread);
        Parent tableView = load("ui/instances/InstanceTableView.fxml", tableController);
        BulkActionsViewModel bulk = new BulkActionsViewModel(table.selection(),
                key -> context.known().find(key).orElse(null), context.lifecycle(), dialogs, notifier,
                context.preferences(), uiThread, context.backgroundExecutor(), context::hostName);
        bulk.progress().whenItemsChange(table::bulkItemsChanged);
        Parent progressView = load("ui/bulk/BulkProgressView.fxml", new BulkProgressView(bulk.progress()));
        ShellViewModel shell = new ShellViewModel(events, table, context::hostName,
                () -> context.reconciler().resyncAll(), clock);
        shell.rememberTheme(context.preferences(), context.backgroundExecutor());
        MainWindowView.applyTheme(shell.darkThemeProperty().get());
        shell.setAbout("Instance Console " + VersionProvider.version()
                + "\nJava " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
                + "\nJavaFX " + System.getProperty("javafx.runtime.version", "unknown")
                + "\nData directory: " + context.dataDirectory().path());
        ActivityView activity = new ActivityView(new ActivityViewModel(context.auditTrail(),
                context.backgroundExecutor(), uiThread, notifier, clock), uiThread);
        ConnectionsViewModel connectionsModel = new ConnectionsViewModel(context.connectionManager(), events,
                context.backgroundExecutor(), uiThread, notifier, dialogs, clock);
        connectionsModel.enrolWith((uri, token) -> {
            PresentedHostKey pinned = context.hostKeys().enrol(uri, token);
            return "Enrolled with LXD at " + pinned.host() + "; trusted its " + pinned.type() + " " + pinned.fingerprint();
        });
        // a listener of its own, not a subscriber of the FX-thread events: it reads the store before it asks
        context.registry().addListener(new HostKeyTrustViewModel(context.connectionManager(), context.hostKeys(),
                new HostKeyPromptDialog(() -> stage, context.sshTrustFile()), notifier, uiThread,
                context.backgroundExecutor()));
        ConnectionsView connections = new ConnectionsView(connectionsModel);
        // The Activity and Connections views are built when their tab is first shown: their FXML and classes took
        // ~0.4 s before the first paint, for tabs nobody sees at start-up. Their view models exist from the start.
        Tab instancesTab = MainTab.INSTANCES.newTab();
        Tab activityTab = MainTab.ACTIVITY.newTab();
        Tab connectionsTab = MainTab.CONNECTIONS.newTab();
        TabPane tabs = new TabPane(instancesTab, activityTab, connectionsTab);
        // over the table, a line that says when it shows the simulator's made-up rows (or nothing: no connection)
        SimulatorNoticeViewModel simulatorNotice = new SimulatorNoticeViewModel(context.connectionManager(), events,
                table.allRows(), () -> {
                    tabs.getSelectionModel().select(connectionsTab);
                    // the tab's content becomes visible in the tab pane's layout, and only then can its field take focus
                    tabs.applyCss();
                    tabs.layout();
                    connections.startNewConnection();
                }, context.backgroundExecutor(), uiThread, dialogs, notifier);
        // the details pane beside the table, following its selection; facts are read on the hosts' own pools
        DetailsViewModel details = new DetailsViewModel(new FactsService(context.registry()), table.selection(),
                uiThread, dialogs, new LogViewModel(new LogService(context.registry()), uiThread,
                context.backgroundExecutor()), clock);
        KeyBindingRepository keyBindings = new KeyBindingRepository(context.preferences());
        Node tableWithDetails = new DetailsPane(details, keyBindings.displayText(KeyBinding.DETAILS)).besideOrBelow(tableView);
        instancesTab.setContent(new SimulatorNotice(simulatorNotice).over(tableWithDetails));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("main-tabs");
        MainWindowView main = new MainWindowView(shell, table, tableController, bulk,
                keyBindings, tabs, progressView, activity, uiThread, notifier, connectionsModel, details);
        // Only the tab on screen polls: a hidden Activity list or stats column would keep an idle console busy.
        tabs.getSelectionModel().selectedItemProperty().addListener((o, old, now) -> {
            if (old != null) {
                switch (MainTab.of(old)) {
                    case INSTANCES -> tableController.deactivate();
                    case ACTIVITY -> activity.deactivate();
                    case CONNECTIONS -> { }
                }
            }
            if (now == null) {
                return;
            }
            main.tabShown(MainTab.of(now));
            switch (MainTab.of(now)) {
                case INSTANCES -> tableController.activate();
                case ACTIVITY -> {
                    buildOnce(activityTab, "ui/activity/ActivityView.fxml", activity);
                    activity.activate();
                }
                case CONNECTIONS -> {
                    buildOnce(connectionsTab, "ui/connections/ConnectionsView.fxml", connections);
                    connections.activate();
                }
            }
        });
        Scene scene = new Scene(load("ui/shell/MainWindow.fxml", main));
        scene.getStylesheets().add(resource("ui/shell/console.css"));
        if (context.isFirstStart()) {
            offerImportsWhenShown(stage, scene, connectionsModel, uiThread);
        }
        return new Built(scene, main, table);
    }

    /**
     * Once, when the window first shows this console's scene: what can be imported. A stage shown later with another
     * scene (tests reuse one stage) is left alone, and the handler goes with its first call.
     */
    private static void offerImportsWhenShown(Stage stage, Scene scene, ConnectionsViewModel connections,
                                              FxUiThread uiThread) {
        EventHandler<WindowEvent> offer = new EventHandler<>() {
            @Override
            public void handle(WindowEvent event) {
                stage.removeEventHandler(WindowEvent.WINDOW_SHOWN, this);
                if (stage.getScene() == scene) {
                    ImportDialog.offer(connections.newImport(), stage, uiThread);
                }
            }
        };
        stage.addEventHandler(WindowEvent.WINDOW_SHOWN, offer);
    }

    private static void buildOnce(Tab tab, String fxml, Object controller) {
        if (tab.getContent() == null) {
            tab.setContent(load(fxml, controller));
        }
    }

    static Parent load(String fxml, Object controller) {
        FXMLLoader loader = new FXMLLoader(MainWindowFactory.class.getResource(resourcePath(fxml)));
        loader.setControllerFactory(type -> controller);
        try {
            return loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load " + fxml, e);
        }
    }

    private static String resource(String path) {
        return MainWindowFactory.class.getResource(resourcePath(path)).toExternalForm();
    }

    private static String resourcePath(String path) {
        return "/io/instanceconsole/" + path;
    }
}
