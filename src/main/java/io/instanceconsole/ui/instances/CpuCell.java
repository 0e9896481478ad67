package io.instanceconsole.ui.instances;

import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Polygon;

/**
 * The CPU column's cell: the last sample's figure, and under it the recent samples ({@link CpuTrend}) as a small
 * area, newest at the right edge. It takes the column's own width and the space a row keeps under its text, so the
 * sparkline costs neither. {@link #getText()} is the figure, as in the other cells.
 */
final class CpuCell extends TableCell<InstanceRowViewModel, CpuTrend> {
    /** The line's band, in pixels: the space a row keeps under its text. */
    private static final double BAND = 8;

    private final Polygon line = new Polygon();
    private final Pane plot = new Pane(line);
    private final Label figure = new Label();
    private final Region above = new Region();
    private final VBox box = new VBox(above, figure, plot);
    private final Tooltip whole = new Tooltip();
    private CpuTrend shown = CpuTrend.NONE;

    CpuCell() {
        getStyleClass().add("cpu-cell");
        line.getStyleClass().add("cpu-sparkline");
        line.setManaged(false);
        plot.setMinSize(0, BAND);
        plot.setPrefSize(0, BAND);
        plot.setMaxHeight(BAND);
        // as high as the band, so the figure stays on the row's middle line with the other columns' text; in a row too
        // low for both, this gives way first
        above.setMinHeight(0);
        above.setPrefHeight(BAND);
        box.setAlignment(Pos.CENTER_LEFT);
        box.setMinSize(0, 0);
        box.prefWidthProperty().bind(Bindings.createDoubleBinding(
                () -> Math.max(0, getWidth() - snappedLeftInset() - snappedRightInset()),
                widthProperty(), paddingProperty()));
        plot.widthProperty().addListener((obs, old, width) -> draw());
        plot.heightProperty().addListener((obs, old, height) -> draw());
        setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
    }

    @Override
    protected void updateItem(CpuTrend trend, boolean empty) {
        super.updateItem(trend, empty);
        shown = empty || trend == null ? CpuTrend.NONE : trend;
        String text = shown.text();
        setText(text.isEmpty() ? null : text);
        figure.setText(text);
        whole.setText(text);
        setTooltip(text.isEmpty() ? null : whole);
        setGraphic(text.isEmpty() ? null : box);
        draw();
    }

    private void draw() {
        double[] recent = shown.recent();
        double width = plot.getWidth();
        double height = plot.getHeight();
        if (recent.length < 2 || width <= 0 || height <= 0) {
            line.getPoints().clear();
            return;
        }
        double step = width / (CpuTrend.LENGTH - 1);
        double scale = shown.scale();
        // the samples' line, closed along the band's bottom: an area, lighter than a bare line to read beside text
        Double[] points = new Double[recent.length * 2 + 4];
        for (int i = 0; i < recent.length; i++) {
            points[2 * i] = width - (recent.length - 1 - i) * step;
            points[2 * i + 1] = height - Math.min(recent[i], scale) / scale * height;
        }
        points[recent.length * 2] = width;
        points[recent.length * 2 + 1] = height;
        points[recent.length * 2 + 2] = points[0];
        points[recent.length * 2 + 3] = height;
        line.getPoints().setAll(points);
    }
}
