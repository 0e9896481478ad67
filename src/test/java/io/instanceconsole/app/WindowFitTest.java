package io.instanceconsole.app;

import javafx.geometry.Rectangle2D;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WindowFitTest {
    @Test
    void aWindowLargerThanTheScreenIsShrunkToItAndCentred() {
        Rectangle2D placed = ConsoleApplication.fitted(1280, 760, new Rectangle2D(0, 24, 1024, 676));

        assertThat(placed).isEqualTo(new Rectangle2D(0, 24, 1024, 676));
    }

    @Test
    void aWindowThatFitsKeepsItsSizeAndIsCentredOnTheScreensUsableArea() {
        Rectangle2D placed = ConsoleApplication.fitted(1280, 760, new Rectangle2D(1920, 0, 1600, 1000));

        assertThat(placed).isEqualTo(new Rectangle2D(2080, 120, 1280, 760));
    }

    @Test
    void onlyTheDimensionThatDoesNotFitShrinks() {
        Rectangle2D placed = ConsoleApplication.fitted(1280, 760, new Rectangle2D(0, 0, 1920, 700));

        assertThat(placed).isEqualTo(new Rectangle2D(320, 0, 1280, 700));
    }
}
