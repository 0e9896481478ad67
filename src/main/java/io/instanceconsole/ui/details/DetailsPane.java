package io.instanceconsole.ui.details;

import io.instanceconsole.ui.details.DetailsViewModel.EnvironmentVariable;
import io.instanceconsole.ui.details.DetailsViewModel.FactLine;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The details pane: a title, a one-line note (reading, stale, what went wrong), then two tabs: the facts as label and
 * value, each value selectable and with its own copy button, and the environment variables by name with Show for each
 * value; the instance's log ({@link LogPane}); its CPU and memory over the last five minutes ({@link UsageCharts}). It
 * takes no focus by itself, so the table keeps the keyboard; its controls are reached with Tab or the mouse. FX
 * thread only.
 */
public final class DetailsPane {
    private static final PseudoClass STALE = PseudoClass.getPseudoClass("stale");
    /** The width from which the pane sits beside the table: the table's columns need about 1,000 px. */
    static final double BESIDE_FROM_WIDTH = 1500;

    private final DetailsViewModel viewModel;
    private final VBox root = new VBox(6);
    private final GridPane grid = new GridPane();

    public DetailsPane(DetailsViewModel viewModel, String closeShortcut) {
        this.viewModel = viewModel;
        Label title = new Label();
        title.setId("details-title");
        title.getStyleClass().add("details-title");
        title.textProperty().bind(viewModel.titleProperty());
        title.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(title, Priority.ALWAYS);
        Button copyAll = new Button(null, new FontIcon(Feather.COPY));
        copyAll.setId("details-copy-all");
        copyAll.setTooltip(new Tooltip("Copy every fact shown (never a variable's value)"));
        copyAll.setOnAction(e -> viewModel.copyAll());
        copyAll.setFocusTraversable(false);
        Button close = new Button(null, new FontIcon(Feather.X));
        close.setId("details-close");
        close.setTooltip(new Tooltip("Close the details (" + closeShortcut + ")"));
        close.setOnAction(e -> viewModel.openProperty().set(false));
        close.setFocusTraversable(false);
        HBox header = new HBox(4, title, copyAll, close);
        header.setAlignment(Pos.CENTER_LEFT);
        Label note = new Label();
        note.setId("details-note");
        note.setWrapText(true);
        note.textProperty().bind(viewModel.noteProperty());
        note.visibleProperty().bind(note.textProperty().isNotEmpty());
        note.managedProperty().bind(note.visibleProperty());
        note.getStyleClass().add("details-note");
        viewModel.staleProperty().addListener((o, was, stale) -> note.pseudoClassStateChanged(
                STALE, stale));
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(labels, values, new ColumnConstraints());
        grid.setHgap(8);
        grid.setVgap(2);
        grid.setId("details-facts");
        ScrollPane scroll = new ScrollPane(grid);
        scroll.setFitToWidth(true);
        scroll.setFocusTraversable(false);
        Tab facts = new Tab("Facts", scroll);
        Tab log = new Tab("Log", new LogPane(viewModel.log(), viewModel).node());
        log.setId("details-log-tab");
        Tab usage = new Tab("Usage", new UsageCharts(viewModel).node());
        usage.setId("details-usage-tab");
        TabPane tabs = new TabPane(facts, log, usage);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setFocusTraversable(false);
        VBox.setVgrow(tabs, Priority.ALWAYS);
        root.getChildren().addAll(header, note, tabs);
        root.setPadding(new Insets(8));
        root.setId("details-pane");
        root.getStyleClass().add("details-pane");
        root.setMinWidth(260);
        root.setMinHeight(160);
        ListChangeListener<Object> rebuild = c -> rebuild();
        viewModel.lines().addListener(rebuild);
        viewModel.environment().addListener(rebuild);
    }

    public Node node() {
        return root;
    }

    /**
     * The table with this pane while the pane is open: to its right in a wide window (a third of the width at first),
     * below it where beside it would leave the table too narrow for its columns (the lower 40 % at first); the
     * divider is the user's. The table stays first and keeps its own keyboard flow.
     */
    public Node besideOrBelow(Node table) {
        SplitPane split = new SplitPane(table);
        split.setId("details-split");
        SplitPane.setResizableWithParent(root, false);
        viewModel.openProperty().addListener((o, was, open) -> {
            if (open && !split.getItems().contains(root)) {
                split.getItems().add(root);
                place(split);
            } else if (!open) {
                split.getItems().remove(root);
            }
        });
        split.widthProperty().addListener((o, was, width) -> {
            if (split.getItems().contains(root) && orientationFor(width.doubleValue()) != split.getOrientation()) {
                place(split);
            }
        });
        return split;
    }

    private static Orientation orientationFor(double width) {
        return width >= BESIDE_FROM_WIDTH ? Orientation.HORIZONTAL : Orientation.VERTICAL;
    }

    private static void place(SplitPane split) {
        Orientation orientation = orientationFor(split.getWidth());
        split.setOrientation(orientation);
        split.setDividerPositions(orientation == Orientation.HORIZONTAL ? 0.66 : 0.6);
    }

    private void rebuild() {
        grid.getChildren().clear();
        int row = 0;
        for (FactLine line : viewModel.lines()) {
            if (line.isHeading()) {
                grid.add(heading(line.section()), 0, row++, 3, 1);
            } else {
                grid.add(label(line.label()), 0, row);
                TextField value = value(line.value());
                // cut to the pane's width; the tooltip says all of it
                value.setTooltip(new Tooltip(line.value()));
                grid.add(value, 1, row);
                grid.add(copyButton(line.value(), line.label()), 2, row++);
            }
        }
        if (!viewModel.environment().isEmpty()) {
            grid.add(heading("Environment"), 0, row++, 3, 1);
            for (EnvironmentVariable variable : viewModel.environment()) {
                TextField value = value("");
                value.textProperty().bind(variable.valueProperty());
                value.setId("env-" + variable.name());
                Button show = new Button("Show");
                show.setId("reveal-" + variable.name());
                show.setTooltip(new Tooltip("Read this value from the host (values are often secrets)"));
                show.setOnAction(e -> {
                    if (variable.revealedProperty().get()) {
                        viewModel.copy(variable.valueProperty().get());
                    } else {
                        viewModel.reveal(variable);
                    }
                });
                show.textProperty().bind(Bindings.when(variable.revealedProperty()).then("Copy").otherwise("Show"));
                show.getStyleClass().add("small");
                grid.add(label(variable.name()), 0, row);
                grid.add(value, 1, row);
                grid.add(show, 2, row++);
            }
        }
    }

    private static Label heading(String text) {
        Label heading = new Label(text);
        heading.getStyleClass().add("details-heading");
        heading.setPadding(new Insets(8, 0, 2, 0));
        return heading;
    }

    private static Label label(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("details-label");
        return label;
    }

    /** A read-only field: the value can be selected and copied with the keyboard as well. */
    private static TextField value(String text) {
        TextField field = new TextField(text);
        field.setEditable(false);
        field.getStyleClass().add("details-value");
        field.setMaxWidth(Double.MAX_VALUE);
        return field;
    }

    private Button copyButton(String value, String label) {
        Button copy = new Button(null, new FontIcon(Feather.COPY));
        copy.setTooltip(new Tooltip("Copy " + label));
        copy.getStyleClass().add("small");
        copy.setFocusTraversable(false);
        copy.setOnAction(e -> viewModel.copy(value));
        return copy;
    }
}
