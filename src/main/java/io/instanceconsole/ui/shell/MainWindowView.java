package io.instanceconsole.ui.shell;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import io.instanceconsole.domain.Action;
import io.instanceconsole.ui.activity.ActivityView;
import io.instanceconsole.ui.bulk.BulkActionsViewModel;
import io.instanceconsole.ui.common.Command;
import io.instanceconsole.ui.common.ExplainedButton;
import io.instanceconsole.ui.common.Notifications;
import io.instanceconsole.ui.common.Notifier;
import io.instanceconsole.ui.common.UiTimer;
import io.instanceconsole.ui.connections.ConnectionsViewModel;
import io.instanceconsole.ui.details.DetailsViewModel;
import io.instanceconsole.ui.instances.InstanceRowViewModel;
import io.instanceconsole.ui.instances.InstanceTableView;
import io.instanceconsole.ui.instances.InstanceTableViewModel;
import io.instanceconsole.ui.keyboard.CommandPalette;
import io.instanceconsole.ui.keyboard.KeyBinding;
import io.instanceconsole.ui.keyboard.KeyBindingDispatcher;
import io.instanceconsole.ui.keyboard.KeyBindingRepository;
import io.instanceconsole.ui.keyboard.ShortcutSheet;
import javafx.animation.PauseTransition;
import javafx.application.Application;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.fxml.FXML;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.controlsfx.control.NotificationPane;
import org.controlsfx.control.StatusBar;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The main window: filter bar, bulk action toolbar with its scope, the instance table inside a non-modal
 * notification pane, the bulk progress panel and the status bar with host badges. Owns the window's keyboard
 * dispatch, shortcut sheet and command palette. Also the {@link Notifier}: messages slide in above the table and
 * never stack as dialogs.
 */
public final class MainWindowView implements Notifier {
    private final ShellViewModel viewModel;
    private final InstanceTableViewModel tableViewModel;
    private final InstanceTableView tableView;
    private final BulkActionsViewModel bulk;
    private final KeyBindingRepository keyBindings;
    private final TabPane content;
    private final Node progressPanel;
    private final BooleanProperty instancesShown = new SimpleBooleanProperty(true);
    private final PauseTransition hideInfo = new PauseTransition(javafx.util.Duration.seconds(6));
    private final UiTimer timer;
    private Runnable stopBadgeClock;
    private final KeyBindingDispatcher dispatcher;
    private final ActivityView activity;
    private final Notifications notices;
    private final ConnectionsViewModel connections;
    private final DetailsViewModel details;
    private ShortcutSheet shortcutSheet;
    private CommandPalette palette;

    @FXML private NotificationPane notifications;
    @FXML private StatusBar statusBar;
    @FXML private VBox bottomBox;
    @FXML private Label titleLabel;
    @FXML private ToolBar actionToolbar;
    @FXML private TextField filterField;
    @FXML private Label filterError;
    @FXML private Label scopeLabel;
    @FXML private Button refreshButton;
    @FXML private Button paletteButton;
    @FXML private Button shortcutsButton;
    @FXML private Button aboutButton;
    @FXML private ToggleButton themeToggle;
    @FXML private Label hostBadges;
    @FXML private Label downHosts;
    @FXML private Button pauseButton;
    @FXML private Button resumeButton;
    @FXML private Button startButton;
    @FXML private Button stopButton;
    @FXML private Button killButton;
    @FXML private Button restartButton;
    @FXML private Button deleteButton;

    /**
     * @param content       the center: the instance table and the activity view, as tabs
     * @param activity      activated and deactivated with the window
     * @param timer         runs the host badges' 1 s clock ("retry in 12 s")
     * @param notices       what the view models say to the user, shown by this view once it is loaded
     * @param connections   the connections the palette finds
     * @param details       the details pane's model, opened and closed by its shortcut
     */
    public MainWindowView(ShellViewModel viewModel, InstanceTableViewModel tableViewModel, InstanceTableView tableView,
                          BulkActionsViewModel bulk, KeyBindingRepository keyBindings, TabPane content, Node progressPanel,
                          ActivityView activity, UiTimer timer, Notifications notices,
                          ConnectionsViewModel connections, DetailsViewModel details) {
        this.details = details;
        this.notices = notices;
        this.connections = connections;
        this.timer = timer;
        this.activity = activity;
        this.viewModel = viewModel;
        this.tableViewModel = tableViewModel;
        this.tableView = tableView;
        this.bulk = bulk;
        this.keyBindings = keyBindings;
        this.content = content;
        this.progressPanel = progressPanel;
        this.dispatcher = new KeyBindingDispatcher(keyBindings);
    }

    @FXML
    private void initialize() {
        notifications.setContent(content);
        content.getTabs().stream().filter(t -> MainTab.of(t) == MainTab.INSTANCES).findFirst()
                .ifPresent(tab -> tab.setContent(withOutageBand(tab.getContent())));
        // at the bottom: from the top it covered the tab headers, and a click meant for a tab hit the message
        notifications.setShowFromTop(false);
        hideInfo.setOnFinished(e -> notifications.hide());
        notices.showOn(this);
        // the bulk panel belongs to the Instances tab: on Activity it covered half of the trail
        VBox bulkPanel = new VBox(progressPanel);
        bulkPanel.visibleProperty().bind(instancesShown);
        bulkPanel.managedProperty().bind(instancesShown);
        bottomBox.getChildren().add(0, bulkPanel);
        statusBar.textProperty().bind(viewModel.summaryProperty());
        hostBadges.textProperty().bind(viewModel.hostBadgesProperty());
        // a host that does not answer is a red chip of its own, not one more grey badge
        downHosts.textProperty().bind(viewModel.downHostsProperty());
        downHosts.visibleProperty().bind(downHosts.textProperty().isNotEmpty());
        downHosts.managedProperty().bind(downHosts.visibleProperty());
        downHosts.setGraphic(new FontIcon(Feather.WIFI_OFF));
        showWholeTextOnHover(downHosts, viewModel.hostDetailsProperty());
        filterField.textProperty().bindBidirectional(tableViewModel.filterTextProperty());
        filterError.textProperty().bind(tableViewModel.filterErrorProperty());
        filterError.visibleProperty().bind(filterError.textProperty().isNotEmpty().and(instancesShown));
        // the filter and the action toolbar act on the instance table: on the other tabs they would act unseen
        filterField.visibleProperty().bind(instancesShown);
        filterField.managedProperty().bind(instancesShown);
        actionToolbar.visibleProperty().bind(instancesShown);
        actionToolbar.managedProperty().bind(instancesShown);
        scopeLabel.visibleProperty().bind(instancesShown);
        scopeLabel.managedProperty().bind(instancesShown);
        filterError.managedProperty().bind(filterError.visibleProperty());
        // long texts are cut to fit the window; their tooltips say all of it
        showWholeTextOnHover(filterError, filterError.textProperty());
        // the hosts' badges say why on hover; a tooltip on the whole status bar would shadow theirs
        showWholeTextOnHover(hostBadges, viewModel.hostDetailsProperty());
        filterField.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            // Esc in a filter with text clears the filter (the dispatcher leaves Esc to text fields)
            if (e.getCode() == KeyCode.ESCAPE && !filterField.getText().isEmpty()) {
                filterField.clear();
                e.consume();
            } else if ((e.getCode() == KeyCode.ENTER || e.getCode() == KeyCode.DOWN)
                    && !e.isShortcutDown() && !e.isAltDown()) {
                // from the filter to the rows it found: the table was seven Tabs away
                tableView.focusFirstRow();
                e.consume();
            }
        });
        scopeLabel.textProperty().bind(tableViewModel.scopeProperty());
        themeToggle.selectedProperty().bindBidirectional(viewModel.darkThemeProperty());
        // it names the theme a press switches to, like a menu item would; "Dark" while dark read as a state
        themeToggle.textProperty().bind(Bindings.when(viewModel.darkThemeProperty())
                .then("Light").otherwise("Dark"));
        themeToggle.graphicProperty().bind(Bindings.when(viewModel.darkThemeProperty())
                .<Node>then(new FontIcon(Feather.SUN)).otherwise(new FontIcon(Feather.MOON)));
        themeToggle.setTooltip(new Tooltip(KeyBinding.DARK_THEME.description()
                + " (" + keyBindings.displayText(KeyBinding.DARK_THEME) + ")"));
        viewModel.darkThemeProperty().addListener((obs, old, dark) -> applyTheme(dark));

        Map<Action, Button> actionButtons = new EnumMap<>(Action.class);
        actionButtons.put(Action.PAUSE, pauseButton);
        actionButtons.put(Action.RESUME, resumeButton);
        actionButtons.put(Action.START, startButton);
        actionButtons.put(Action.STOP, stopButton);
        actionButtons.put(Action.FORCE_STOP, killButton);
        actionButtons.put(Action.RESTART, restartButton);
        actionButtons.put(Action.DELETE, deleteButton);
        actionButtons.forEach((action, button) -> bindActionButton(action, button));
        tableView.setRowMenu(rowMenu());

        ShellCommands.of(bulk, instancesShown, new ShellCommands.Window() {
            @Override
            public void refresh() {
                viewModel.refresh();
            }

            @Override
            public void focusFilter() {
                filterField.requestFocus();
                filterField.selectAll();
            }

            @Override
            public void showTab(MainTab tab) {
                MainWindowView.this.showTab(tab);
            }

            @Override
            public void switchTheme() {
                viewModel.darkThemeProperty().set(!viewModel.darkThemeProperty().get());
            }

            @Override
            public void toggleDetails() {
                details.toggleCommand().execute();
            }

            @Override
            public void selectAllShown() {
                tableView.selectAllShown();
            }

            @Override
            public void clearSelection() {
                tableView.clearSelection();
            }

            @Override
            public void showPalette() {
                MainWindowView.this.showPalette();
            }

            @Override
            public void showShortcuts() {
                MainWindowView.this.showShortcuts();
            }
        }).forEach(dispatcher::bind);
        button(refreshButton, Feather.REFRESH_CW, KeyBinding.REFRESH);
        button(paletteButton, Feather.COMMAND, KeyBinding.COMMAND_PALETTE);
        button(shortcutsButton, Feather.HELP_CIRCLE, KeyBinding.SHORTCUT_SHEET);
        aboutButton.setGraphic(new FontIcon(Feather.INFO));
        aboutButton.setOnAction(e -> showAbout());
        aboutButton.setTooltip(new Tooltip("About Instance Console"));
        filterField.setTooltip(new Tooltip("Free words match name, image or host; facets: status: host: kind: name: image: id:; "
                + "a leading - excludes (" + keyBindings.displayText(KeyBinding.FOCUS_FILTER) + ")"));
    }

    /**
     * The tab now on screen: its title goes in the header, and the instance tools (filter, action toolbar, their
     * shortcuts) show only while it is the Instances tab.
     */
    public void tabShown(MainTab tab) {
        instancesShown.set(tab == MainTab.INSTANCES);
        titleLabel.setText(tab.title());
    }

    /**
     * The instance table under a band that shows while a host does not answer: which host since when, that its rows
     * are its last known state, and Retry now (what F5 does). Red text in the status bar alone went unseen.
     */
    private Node withOutageBand(Node table) {
        Label what = new Label();
        what.textProperty().bind(Bindings.concat(viewModel.downHostsProperty(), " · rows show the last known state"));
        what.setGraphic(new FontIcon(Feather.WIFI_OFF));
        what.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(what, Priority.ALWAYS);
        showWholeTextOnHover(what, viewModel.hostDetailsProperty());
        Button retry = new Button("Retry now", new FontIcon(Feather.REFRESH_CW));
        retry.setId("retry-now");
        retry.setMinWidth(Region.USE_PREF_SIZE);
        retry.setOnAction(e -> viewModel.refresh());
        retry.setTooltip(new Tooltip("Ask every host again (" + keyBindings.displayText(KeyBinding.REFRESH) + ")"));
        HBox band = new HBox(10, what, retry);
        band.setAlignment(Pos.CENTER_LEFT);
        band.getStyleClass().add("outage-band");
        BooleanBinding shown = viewModel.downHostsProperty().isNotEmpty();
        band.visibleProperty().bind(shown);
        band.managedProperty().bind(shown);
        VBox centre = new VBox(band, table);
        VBox.setVgrow(table, Priority.ALWAYS);
        return centre;
    }

    /** A tooltip with the control's whole text while there is any (an empty tooltip would show as a blank box). */
    private static void showWholeTextOnHover(Control control, ObservableValue<String> text) {
        Tooltip tooltip = new Tooltip();
        tooltip.textProperty().bind(text);
        tooltip.setWrapText(true);
        tooltip.setMaxWidth(640);
        ChangeListener<String> follow = (o, old, now) ->
                control.setTooltip(now == null || now.isEmpty() ? null : tooltip);
        text.addListener(follow);
        follow.changed(text, null, text.getValue());
    }

    private void bindActionButton(Action action, Button button) {
        Command command = bulk.command(action);
        button.setGraphic(new FontIcon(iconOf(action)));
        button.disableProperty().bind(command.executableProperty().not());
        button.setOnAction(e -> {
            command.execute();
            // the clicked button is usually disabled by its own action, and JavaFX then gave the focus to the next
            // button (Start after Pause), where a Space or Enter meant for the table would start the selection
            tableView.focusTable();
        });
        KeyBinding binding = KeyBinding.valueOf(action.name());
        Tooltip tooltip = new Tooltip();
        // The preview is computed when the tooltip opens, so it always describes the current selection: what will
        // happen, or why nothing can ("Nothing to pause: 3 already paused").
        tooltip.setOnShowing(e -> tooltip.setText(bulk.preview(action) + "   (" + keyBindings.displayText(binding) + ")"));
        // disabled, it says why it cannot act ("Nothing to pause: 3 already paused")
        int at = actionToolbar.getItems().indexOf(button);
        actionToolbar.getItems().set(at, ExplainedButton.wrap(button, tooltip));
        button.getStyleClass().add(atlantafx.base.theme.Styles.FLAT); // as the toolbar drew it while it was its own child
    }

    /**
     * A row's right-click menu: the toolbar's actions on the selection (a right-click on a row outside the selection
     * selects it first), through the same commands, so each item is enabled exactly when its button is.
     */
    private ContextMenu rowMenu() {
        ContextMenu menu = new ContextMenu();
        menu.getStyleClass().add("row-menu");
        for (Action action : Action.values()) {
            if (action == Action.START || action == Action.DELETE) {
                menu.getItems().add(new SeparatorMenuItem());
            }
            Command command = bulk.command(action);
            MenuItem item = new MenuItem(action.label(), new FontIcon(iconOf(action)));
            item.setId("menu-" + action.key());
            item.disableProperty().bind(command.executableProperty().not());
            item.setOnAction(e -> command.execute());
            if (action == Action.DELETE) {
                item.getStyleClass().add("danger");
            }
            menu.getItems().add(item);
        }
        return menu;
    }

    private void button(Button button, Ikon icon, KeyBinding binding) {
        button.setGraphic(new FontIcon(icon));
        Command command = dispatcher.command(binding);
        button.setOnAction(e -> command.execute());
        button.setTooltip(new Tooltip(binding.description() + " (" + keyBindings.displayText(binding) + ")"));
    }

    static Ikon iconOf(Action action) {
        return switch (action) {
            case PAUSE -> Feather.PAUSE;
            case RESUME -> Feather.PLAY;
            case START -> Feather.POWER;
            case STOP -> Feather.SQUARE;
            case FORCE_STOP -> Feather.X_OCTAGON;
            case RESTART -> Feather.ROTATE_CW;
            case DELETE -> Feather.TRASH_2;
        };
    }

    /** Starts timers, keyboard dispatch and subscriptions; undone by {@link #deactivate()}. */
    public void activate(Scene scene) {
        viewModel.activate();
        dispatcher.install(scene);
        if (stopBadgeClock == null) {
            stopBadgeClock = timer.every(java.time.Duration.ofSeconds(1), this::tick);
        }
        tableView.activate(); // the Instances tab shows first; the other tabs activate when they are shown
        // The table, not the filter field, takes the focus: a focused text field's blinking caret redraws the window
        // all the time (measured: 3.9 % of a core idle with it, under 2 % without).
        tableView.focusTable();
    }

    public void deactivate() {
        tableView.deactivate();
        activity.deactivate();
        if (stopBadgeClock != null) {
            stopBadgeClock.run();
            stopBadgeClock = null;
        }
        dispatcher.uninstall();
        viewModel.deactivate();
    }

    private void tick() {
        viewModel.tick();
    }

    private void showTab(MainTab tab) {
        content.getTabs().stream().filter(t -> MainTab.of(t) == tab).findFirst()
                .ifPresent(content.getSelectionModel()::select);
    }

    private void showPalette() {
        if (palette == null) {
            List<CommandPalette.Entry> entries = new ArrayList<>();
            for (KeyBinding binding : KeyBinding.values()) {
                if (binding != KeyBinding.COMMAND_PALETTE) {
                    entries.add(CommandPalette.Entry.of(binding, keyBindings.displayText(binding),
                            dispatcher.command(binding)));
                }
            }
            palette = new CommandPalette(entries, new PaletteFinder(tableViewModel.sortedRows(), connections.rows(),
                    new PaletteFinder.Window() {
                        @Override
                        public void showRow(InstanceRowViewModel row) {
                            showTab(MainTab.INSTANCES);
                            tableView.reveal(row);
                        }

                        @Override
                        public void showConnection(ConnectionsViewModel.Row row) {
                            showTab(MainTab.CONNECTIONS);
                            connections.selectedProperty().set(row);
                        }

                        @Override
                        public void exportActivity(String extension) {
                            showTab(MainTab.ACTIVITY); // builds the Activity view the first time
                            activity.export(extension);
                        }
                    }));
        }
        connections.reload(); // the connections it finds, as the store has them now (in the background)
        palette.show(notifications.getScene().getWindow());
    }

    private void showShortcuts() {
        if (shortcutSheet == null) {
            shortcutSheet = new ShortcutSheet(keyBindings);
        }
        if (shortcutSheet.isShowing()) {
            shortcutSheet.hide();
        } else {
            shortcutSheet.show(notifications.getScene().getWindow());
        }
    }

    private void showAbout() {
        Alert about = new Alert(Alert.AlertType.INFORMATION, viewModel.about());
        about.initOwner(notifications.getScene().getWindow());
        about.setTitle("About Instance Console");
        about.setHeaderText("Instance Console");
        about.getDialogPane().setId("about-dialog");
        about.show();
    }

    public static void applyTheme(boolean dark) {
        Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
    }

    @Override
    public void withdraw(String message) {
        if (notifications.isShowing() && message.equals(notifications.getText())) {
            hideInfo.stop();
            notifications.hide();
        }
    }

    @Override
    public void notify(Severity severity, String message) {
        Feather icon = switch (severity) {
            case INFO -> Feather.INFO;
            case WARNING -> Feather.ALERT_TRIANGLE;
            case ERROR -> Feather.ALERT_OCTAGON;
        };
        notifications.getStyleClass().removeAll("info", "warning", "error");
        notifications.getStyleClass().add(severity.name().toLowerCase(Locale.ROOT));
        hideInfo.stop();
        notifications.show(message, new FontIcon(icon));
        if (severity == Severity.INFO) {
            // news ("Exported 30 events to …") goes away by itself; warnings and errors stay until closed
            hideInfo.playFromStart();
        }
    }
}
