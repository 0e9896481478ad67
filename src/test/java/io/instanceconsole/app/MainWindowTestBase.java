package io.instanceconsole.app;

import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;

import java.nio.file.Path;

/**
 * What the TestFX tests over the whole main window share: a fresh window ({@link MainWindowHarness}) per test, closed
 * after it, and a stage of the test's own closed too. TestFX calls only the {@code @Start} method a test class
 * declares itself, so each test class has one that calls {@link #open} or {@link #openOnAStageOfItsOwn}.
 */
@ExtendWith(ApplicationExtension.class)
abstract class MainWindowTestBase {
    @TempDir
    static Path temp;

    MainWindowHarness h;
    /** The stage the window shows on. */
    Stage stage;
    private boolean ownStage;

    /** Shows the window on the stage TestFX hands the test. */
    void open(Stage stage) {
        this.stage = stage;
        h = MainWindowHarness.open(temp, stage);
    }

    /** Shows the window on a stage of its own: the primary stage keeps the previous window's first-start handler. */
    void openOnAStageOfItsOwn() {
        ownStage = true;
        open(new Stage());
    }

    @AfterEach
    void closeTheWindow() {
        h.close();
        if (ownStage) {
            h.robot().interact(stage::close);
        }
    }
}
