package io.instanceconsole.app;

import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceStatus;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.instanceconsole.app.MainWindowHarness.waitUntil;

/**
 * Writes the issue-24 screenshots (the outage look and a row's context menu, in both themes) to
 * {@code -Dscreenshots.dir=docs/screenshots}: the simulated host made unreachable with its fault injector, which the
 * running application does not expose. Not a test; skipped unless asked for.
 */
@ExtendWith(ApplicationExtension.class)
@EnabledIfSystemProperty(named = "screenshots.dir", matches = ".+")
class Ux24ScreenshotsTest {
    @TempDir
    static Path temp;

    private MainWindowHarness h;
    private Stage stage;

    @Start
    void start(Stage primary) {
        stage = new Stage();
        h = MainWindowHarness.open(temp, stage);
        h.robot().interact(() -> {
            stage.setWidth(1280);
            stage.setHeight(760);
        });
    }

    @AfterEach
    void tearDown() {
        h.simulator().faults().clear();
        h.close();
        h.robot().interact(stage::close);
    }

    @Test
    void outageAndContextMenuInBothThemes() throws Exception {
        Path dir = Path.of(System.getProperty("screenshots.dir"));
        Files.createDirectories(dir);
        for (boolean dark : new boolean[] {false, true}) {
            javafx.scene.control.ToggleButton toggle = h.robot().lookup("#themeToggle").queryAs(javafx.scene.control.ToggleButton.class);
            h.robot().interact(() -> toggle.setSelected(dark));
            String theme = dark ? "dark" : "light";

            Instance running = h.first(InstanceStatus.RUNNING);
            h.select(running);
            h.type(KeyCode.ENTER);
            waitUntil("the row menu shows", () -> menu() != null);
            pause();
            save(dir.resolve("context-menu-" + theme + ".png"));
            h.robot().interact(() -> menu().hide());

            h.simulator().faults().disconnect();
            h.type(KeyCode.F5);
            waitUntil("the host is down", () -> h.robot().lookup(".host-down-chip").query().isVisible());
            pause();
            save(dir.resolve("outage-" + theme + ".png"));
            h.simulator().faults().reconnect();
            h.type(KeyCode.F5);
            waitUntil("the host is back", () -> !h.robot().lookup(".host-down-chip").query().isVisible());
        }
    }

    private static void pause() throws InterruptedException {
        Thread.sleep(600);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static javafx.scene.control.ContextMenu menu() {
        return Window.getWindows().stream()
                .filter(w -> w instanceof javafx.scene.control.ContextMenu m && m.isShowing())
                .map(w -> (javafx.scene.control.ContextMenu) w).findFirst().orElse(null);
    }

    /** The window, with the popups over it drawn where they are (a scene snapshot has only its own scene). */
    private void save(Path file) throws Exception {
        BufferedImage[] out = new BufferedImage[1];
        h.robot().interact(() -> {
            WritableImage main = stage.getScene().snapshot(null);
            BufferedImage image = toAwt(main);
            java.awt.Graphics2D g = image.createGraphics();
            for (Window w : Window.getWindows()) {
                if (w != stage && w.isShowing() && w.getScene() != null && w instanceof javafx.stage.PopupWindow) {
                    javafx.scene.SnapshotParameters clear = new javafx.scene.SnapshotParameters();
                    clear.setFill(javafx.scene.paint.Color.TRANSPARENT); // the shadow's margin, not a white frame
                    BufferedImage popup = toAwt(w.getScene().getRoot().snapshot(clear, null));
                    g.drawImage(popup, (int) (w.getX() + w.getScene().getX() - stage.getX() - stage.getScene().getX()),
                            (int) (w.getY() + w.getScene().getY() - stage.getY() - stage.getScene().getY()), null);
                }
            }
            g.dispose();
            out[0] = image;
        });
        javax.imageio.ImageIO.write(out[0], "png", file.toFile());
    }

    private static BufferedImage toAwt(WritableImage fx) {
        int w = (int) fx.getWidth();
        int hgt = (int) fx.getHeight();
        BufferedImage image = new BufferedImage(w, hgt, BufferedImage.TYPE_INT_ARGB);
        PixelReader reader = fx.getPixelReader();
        for (int y = 0; y < hgt; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, reader.getArgb(x, y));
            }
        }
        return image;
    }
}
