package io.instanceconsole.app;

import io.instanceconsole.concurrent.ConsoleThreads;
import io.instanceconsole.domain.InstanceConsoleException;
import io.instanceconsole.store.DataDirectory;
import io.instanceconsole.ui.common.FxUiThread;
import io.instanceconsole.ui.shell.MainWindowView;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.stage.Screen;
import javafx.stage.Stage;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The GUI: opens the store off the FX thread while the toolkit starts, paints the last-known table, then contacts
 * the hosts. A store that cannot be opened ends the start-up with one clear message, before any window is half-built.
 */
public final class ConsoleApplication extends Application {
    public static final String TITLE = "Instance Console";

    /**
     * The store being opened since {@link #openAndLaunch(String[])} was called. JavaFX constructs the {@code Application}
     * itself, after its toolkit started, so this one hand-over cannot go through a constructor.
     */
    private static volatile CompletableFuture<Opened> opening;

    private AppContext context;
    private InstanceConsoleException startupFailure;
    private MainWindowView mainWindow;
    private AutoCloseable guiClaim;

    /** The store and the data directory's GUI lock, both open. */
    private record Opened(AppContext context, AutoCloseable guiClaim) {
    }

    /**
     * Starts opening the store (lock the data directory, H2, migrations, reading the cached instances) and, at the
     * same time, the JavaFX toolkit; returns when the GUI ended. Start-up is the longer of the two, not their sum.
     */
    static void openAndLaunch(String[] args) {
        // at normal priority, unlike the service's workers: the first frame waits for what this thread reads
        CompletableFuture<Opened> opened = new CompletableFuture<>();
        opening = opened;
        new ConsoleThreads().start("ic-open", ConsoleThreads.Priority.NORMAL, () -> {
            try {
                opened.complete(open(List.of(args)));
            } catch (Throwable e) {
                opened.completeExceptionally(e);
            }
        });
        Application.launch(ConsoleApplication.class, args);
    }

    private static Opened open(List<String> args) {
        DataDirectory dataDirectory = DataDirectory.fromEnvironment(GuiOptions.parse(args).dataDir()).prepare();
        AutoCloseable claim = dataDirectory.claimForGui();
        try {
            return new Opened(AppContext.open(dataDirectory, Clock.systemDefaultZone()), claim);
        } catch (RuntimeException e) {
            closeQuietly(claim);
            throw e;
        }
    }

    @Override
    public void init() {
        CompletableFuture<Opened> started = opening;
        opening = null;
        try {
            Opened opened = started != null ? join(started) : open(getParameters().getRaw());
            context = opened.context();
            guiClaim = opened.guiClaim();
        } catch (InstanceConsoleException e) {
            startupFailure = e;
        }
    }

    private static Opened join(CompletableFuture<Opened> started) {
        try {
            return started.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the store was opening", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    static final double MIN_WIDTH = 1000;
    static final double MIN_HEIGHT = 560;

    @Override
    public void start(Stage stage) {
        MainWindowView.applyTheme(false);
        if (startupFailure != null) {
            System.err.println("instance-console: " + startupFailure.getMessage());
            Alert alert = new Alert(Alert.AlertType.ERROR, startupFailure.getMessage());
            alert.setTitle(TITLE);
            alert.setHeaderText("Instance Console cannot start");
            alert.showAndWait();
            FxUiThread.exitApplication();
            return;
        }
        MainWindowFactory.Built built = MainWindowFactory.build(context, stage);
        mainWindow = built.view();
        Scene scene = built.scene();
        stage.setScene(scene);
        stage.setTitle(TITLE);
        // the smallest window in which the table's columns (at their minimum widths) and both toolbars fit: below it,
        // the Memory and Actions columns were cut off without a scroll bar and the selection count went into "»"
        stage.setMinWidth(MIN_WIDTH);
        stage.setMinHeight(MIN_HEIGHT);
        fitToScreen(stage, scene);
        StartupProbe.install(scene);
        stage.show();
        mainWindow.activate(scene);
        // Paint first, then contact the hosts: the cached table is on screen before any host is asked anything, and
        // the first resync (10,000 rows compared on the service threads) does not compete with that first frame.
        afterFirstFrame(scene, context::connectAll);
    }

    /** Opens the window at its preferred size, but never larger than the screen's usable area. */
    private static void fitToScreen(Stage stage, Scene scene) {
        double width = scene.getRoot().prefWidth(-1);
        double height = scene.getRoot().prefHeight(-1);
        Rectangle2D placed = fitted(width, height, Screen.getPrimary().getVisualBounds());
        if (placed.getWidth() < width || placed.getHeight() < height) {
            stage.setX(placed.getMinX());
            stage.setY(placed.getMinY());
            stage.setWidth(placed.getWidth());
            stage.setHeight(placed.getHeight());
        }
    }

    /**
     * Where a window of the given size goes on a screen: as large as it wants but no larger than the screen (a
     * 1280×760 window on a 1024×700 screen opened with its title bar and left edge off the screen), centred.
     */
    static Rectangle2D fitted(double width, double height, Rectangle2D screen) {
        double w = Math.min(width, screen.getWidth());
        double h = Math.min(height, screen.getHeight());
        return new Rectangle2D(screen.getMinX() + (screen.getWidth() - w) / 2,
                screen.getMinY() + (screen.getHeight() - h) / 2, w, h);
    }

    /**
     * Runs {@code work} at the start of the pulse after the scene's first laid-out pulse, i.e. once the first frame
     * was handed to the renderer. FX thread.
     */
    private static void afterFirstFrame(Scene scene, Runnable work) {
        AnimationTimer nextPulse = new AnimationTimer() {
            @Override
            public void handle(long now) {
                stop();
                work.run();
            }
        };
        Runnable[] firstPulse = new Runnable[1];
        firstPulse[0] = () -> {
            scene.removePostLayoutPulseListener(firstPulse[0]);
            nextPulse.start();
        };
        scene.addPostLayoutPulseListener(firstPulse[0]);
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
            closeQuietly(guiClaim);
        }
    }

    private static void closeQuietly(AutoCloseable claim) {
        try {
            claim.close();
        } catch (Exception e) {
            // the process is ending (or never started); the OS releases the lock anyway
        }
    }
}
