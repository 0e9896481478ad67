package io.instanceconsole.ui.details;

import io.instanceconsole.ui.details.DetailsViewModel.UsagePoint;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The usage tab of the details pane: CPU (percent) and memory (MiB) of the instance shown over the last five minutes,
 * seconds before now on the x axis, redrawn when a sample comes (at most one point per table sample, 60 in five
 * minutes). Animation off: a chart that animates every sample kept the FX thread busy for nothing. FX thread only.
 */
final class UsageCharts {
    private final VBox root;

    UsageCharts(DetailsViewModel viewModel) {
        XYChart.Series<Number, Number> cpu = new XYChart.Series<>();
        XYChart.Series<Number, Number> memory = new XYChart.Series<>();
        LineChart<Number, Number> cpuChart = chart("CPU %", cpu);
        cpuChart.setId("usage-cpu");
        LineChart<Number, Number> memoryChart = chart("Memory (MiB)", memory);
        memoryChart.setId("usage-memory");
        Label empty = new Label("No samples yet: the table samples running instances on screen every 5 s.");
        empty.setWrapText(true);
        empty.getStyleClass().add("details-note");
        viewModel.usage().addListener((ListChangeListener<UsagePoint>) c -> {
            Instant now = viewModel.usage().isEmpty() ? Instant.now() : viewModel.usage().getLast().at();
            List<XYChart.Data<Number, Number>> cpuPoints = new ArrayList<>();
            List<XYChart.Data<Number, Number>> memoryPoints = new ArrayList<>();
            for (UsagePoint point : viewModel.usage()) {
                double ago = -Duration.between(point.at(), now).toMillis() / 1000.0;
                if (point.cpuPercent() >= 0) {
                    cpuPoints.add(new XYChart.Data<>(ago, point.cpuPercent()));
                }
                memoryPoints.add(new XYChart.Data<>(ago, point.memoryMiB()));
            }
            cpu.getData().setAll(cpuPoints);
            memory.getData().setAll(memoryPoints);
        });
        empty.visibleProperty().bind(Bindings.isEmpty(viewModel.usage()));
        empty.managedProperty().bind(empty.visibleProperty());
        VBox.setVgrow(cpuChart, Priority.ALWAYS);
        VBox.setVgrow(memoryChart, Priority.ALWAYS);
        root = new VBox(4, empty, cpuChart, memoryChart);
    }

    Node node() {
        return root;
    }

    private static LineChart<Number, Number> chart(String title, XYChart.Series<Number, Number> series) {
        NumberAxis seconds = new NumberAxis(-DetailsViewModel.USAGE_WINDOW.toSeconds(), 0, 60);
        seconds.setLabel("seconds ago");
        NumberAxis values = new NumberAxis();
        values.setForceZeroInRange(true);
        LineChart<Number, Number> chart = new LineChart<>(seconds, values);
        chart.setTitle(title);
        chart.setAnimated(false);
        chart.setLegendVisible(false);
        chart.setCreateSymbols(false);
        chart.getData().add(series);
        chart.setMinHeight(140);
        return chart;
    }
}
