package io.instanceconsole.app;

import javafx.scene.Scene;
import javafx.scene.control.TableView;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The probe's exit after the first paint (the AOT-cache training run ends itself with it): off unless its property is
 * set, and then only after the table showed its rows, not before.
 */
@ExtendWith(ApplicationExtension.class)
class StartupProbeTest {
    private Scene scene;
    private TableView<String> table;

    @Start
    void start(Stage stage) {
        table = new TableView<>();
        table.getStyleClass().add("instance-table");
        scene = new Scene(new StackPane(table), 400, 300);
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void clearProperties() {
        System.clearProperty(StartupProbe.EXIT_AFTER_MS);
        System.clearProperty(StartupProbe.MIN_ROWS);
    }

    @Test
    void withoutItsPropertyTheProbeNeverEndsTheGui(FxRobot robot) throws Exception {
        CountDownLatch exited = new CountDownLatch(1);
        robot.interact(() -> {
            StartupProbe.install(scene, exited::countDown);
            table.getItems().addAll("a", "b");
        });
        assertThat(exited.await(1, TimeUnit.SECONDS)).as("exit without the property").isFalse();
    }

    @Test
    void exitsTheGivenTimeAfterTheTableShowedEnoughRows(FxRobot robot) throws Exception {
        System.setProperty(StartupProbe.EXIT_AFTER_MS, "300");
        System.setProperty(StartupProbe.MIN_ROWS, "2");
        CountDownLatch exited = new CountDownLatch(1);
        AtomicLong exitedAt = new AtomicLong();
        robot.interact(() -> {
            StartupProbe.install(scene, () -> {
                exitedAt.set(System.nanoTime());
                exited.countDown();
            });
            table.getItems().add("a");
        });
        assertThat(exited.await(1, TimeUnit.SECONDS)).as("exit while the table showed fewer rows than asked").isFalse();

        long[] painted = new long[1];
        robot.interact(() -> {
            table.getItems().add("b");
            painted[0] = System.nanoTime();
        });
        assertThat(exited.await(10, TimeUnit.SECONDS)).as("exit after the table showed its rows").isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(exitedAt.get() - painted[0])).isGreaterThanOrEqualTo(300);
    }
}
