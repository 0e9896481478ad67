package io.instanceconsole.ui.shell;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import io.instanceconsole.ui.common.Notifier;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Application;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.util.Duration;
import org.controlsfx.control.NotificationPane;
import org.controlsfx.control.StatusBar;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The main window: toolbar, the instance table inside a non-modal notification pane, and a status bar with the
 * summary and host badges. Also the {@link Notifier}: errors slide in above the table and never stack as dialogs.
 */
public final class MainWindowView implements Notifier {
    private final ShellViewModel viewModel;
    private final Node content;
    private final Timeline badgeClock = new Timeline(new KeyFrame(Duration.seconds(1), e -> tick()));

    @FXML private NotificationPane notifications;
    @FXML private StatusBar statusBar;
    @FXML private Button refreshButton;
    @FXML private ToggleButton themeToggle;
    @FXML private Label hostBadges;

    public MainWindowView(ShellViewModel viewModel, Node content) {
        this.viewModel = viewModel;
        this.content = content;
    }

    @FXML
    private void initialize() {
        notifications.setContent(content);
        notifications.setShowFromTop(true);
        statusBar.textProperty().bind(viewModel.summaryProperty());
        hostBadges.textProperty().bind(viewModel.hostBadgesProperty());
        refreshButton.setGraphic(new FontIcon(Feather.REFRESH_CW));
        refreshButton.setOnAction(e -> viewModel.refresh());
        themeToggle.setGraphic(new FontIcon(Feather.MOON));
        themeToggle.selectedProperty().bindBidirectional(viewModel.darkThemeProperty());
        viewModel.darkThemeProperty().addListener((obs, old, dark) -> applyTheme(dark));
        badgeClock.setCycleCount(Timeline.INDEFINITE);
    }

    /** Starts the view's timers and subscriptions; undone by {@link #deactivate()}. */
    public void activate() {
        viewModel.activate();
        badgeClock.play();
    }

    public void deactivate() {
        badgeClock.stop();
        viewModel.deactivate();
    }

    private void tick() {
        viewModel.tick();
    }

    public static void applyTheme(boolean dark) {
        Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
    }

    @Override
    public void notify(Severity severity, String message) {
        Feather icon = switch (severity) {
            case INFO -> Feather.INFO;
            case WARNING -> Feather.ALERT_TRIANGLE;
            case ERROR -> Feather.ALERT_OCTAGON;
        };
        notifications.getStyleClass().removeAll("info", "warning", "error");
        notifications.getStyleClass().add(severity.name().toLowerCase(java.util.Locale.ROOT));
        notifications.show(message, new FontIcon(icon));
    }
}
