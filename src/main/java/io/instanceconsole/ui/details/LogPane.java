package io.instanceconsole.ui.details;

import io.instanceconsole.domain.LogLine;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.io.File;
import java.util.List;

/**
 * The log tab of the details pane: find, timestamps, follow, copy and save over a virtualised list of the lines kept
 * (only the lines in sight are drawn, whatever the buffer holds). Scrolling up or moving up with the keys stops
 * following; Follow scrolls to the newest line again. FX thread only.
 */
final class LogPane {
    private static final PseudoClass STDERR = PseudoClass.getPseudoClass("stderr");

    private final LogViewModel viewModel;
    private final ListView<LogLine> list = new ListView<>();
    private final VBox root;

    LogPane(LogViewModel viewModel, DetailsViewModel details) {
        this.viewModel = viewModel;
        list.setId("log-lines");
        list.getStyleClass().add("log-lines");
        list.setItems(viewModel.lines());
        list.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        list.setPlaceholder(new Label("No output"));
        list.setFixedCellSize(22); // one text line a row, and no row measured: the list stays cheap at 10,000 lines
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(LogLine line, boolean empty) {
                super.updateItem(line, empty);
                setText(empty || line == null ? null : viewModel.format(line));
                pseudoClassStateChanged(STDERR, !empty && line != null && line.source() == LogLine.Source.STDERR);
            }
        });
        viewModel.lines().addListener((ListChangeListener<LogLine>) c -> {
            if (viewModel.followingProperty().get() && !viewModel.lines().isEmpty()) {
                list.scrollTo(viewModel.lines().size() - 1);
            }
        });
        list.addEventFilter(ScrollEvent.SCROLL, e -> {
            if (e.getDeltaY() > 0) {
                viewModel.followingProperty().set(false);
            }
        });
        list.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.UP || e.getCode() == KeyCode.PAGE_UP || e.getCode() == KeyCode.HOME) {
                viewModel.followingProperty().set(false);
            }
        });
        viewModel.timestampsProperty().addListener((o, was, now) -> list.refresh());

        TextField find = new TextField();
        find.setId("log-find");
        find.setPromptText("Find in the log");
        HBox.setHgrow(find, Priority.ALWAYS);
        Runnable findNext = () -> {
            int from = list.getSelectionModel().getSelectedIndex();
            int at = viewModel.find(find.getText(), from < 0 ? viewModel.lines().size() - 1 : from);
            if (at >= 0) {
                viewModel.followingProperty().set(false);
                list.getSelectionModel().clearAndSelect(at);
                list.scrollTo(at);
            }
        };
        find.setOnAction(e -> findNext.run());
        Button next = new Button(null, new FontIcon(Feather.SEARCH));
        next.setTooltip(new Tooltip("Find the next line with this text (Enter)"));
        next.setOnAction(e -> findNext.run());
        ToggleButton times = new ToggleButton(null, new FontIcon(Feather.CLOCK));
        times.setId("log-timestamps");
        times.setTooltip(new Tooltip("Show when each line was written"));
        times.selectedProperty().bindBidirectional(viewModel.timestampsProperty());
        ToggleButton follow = new ToggleButton(null, new FontIcon(Feather.ARROW_DOWN));
        follow.setId("log-follow");
        follow.setTooltip(new Tooltip("Follow: keep the newest line in sight (off when you scroll up)"));
        follow.selectedProperty().bindBidirectional(viewModel.followingProperty());
        viewModel.followingProperty().addListener((o, was, now) -> {
            if (now && !viewModel.lines().isEmpty()) {
                list.scrollTo(viewModel.lines().size() - 1);
            }
        });
        Button copy = new Button(null, new FontIcon(Feather.COPY));
        copy.setId("log-copy");
        copy.setTooltip(new Tooltip("Copy the selected lines, or every line kept when none is selected"));
        copy.setOnAction(e -> {
            List<LogLine> chosen = list.getSelectionModel().getSelectedItems().isEmpty() ? List.copyOf(viewModel.lines())
                    : List.copyOf(list.getSelectionModel().getSelectedItems());
            details.copy(viewModel.asText(chosen));
        });
        Button save = new Button(null, new FontIcon(Feather.DOWNLOAD));
        save.setId("log-save");
        save.setTooltip(new Tooltip("Save every line kept to a file…"));
        save.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Save the log");
            chooser.setInitialFileName("log.txt");
            File file = chooser.showSaveDialog(list.getScene().getWindow());
            if (file != null) {
                viewModel.save(file.toPath());
            }
        });
        HBox tools = new HBox(4, find, next, times, follow, copy, save);
        tools.setAlignment(Pos.CENTER_LEFT);
        Label note = new Label();
        note.setId("log-note");
        note.setWrapText(true);
        note.getStyleClass().add("details-note");
        note.textProperty().bind(viewModel.noteProperty());
        note.visibleProperty().bind(note.textProperty().isNotEmpty());
        note.managedProperty().bind(note.visibleProperty());
        VBox.setVgrow(list, Priority.ALWAYS);
        root = new VBox(4, tools, note, list);
    }

    Node node() {
        return root;
    }
}
