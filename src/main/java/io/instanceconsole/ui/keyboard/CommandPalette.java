package io.instanceconsole.ui.keyboard;

import io.instanceconsole.ui.common.Command;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.event.EventHandler;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code Shortcut+K}: every command with its shortcut; type to narrow, Enter runs the highlighted one (only when it is
 * executable), Esc closes. Typed words also find what a {@link Finder} offers for them (an instance's actions, a
 * connection, an export), listed after the commands that match.
 */
public final class CommandPalette {
    private final OverlayWindow window;
    private final TextField search = new TextField();
    private final ListView<Entry> list = new ListView<>();

    /** One line of the palette: what it does, the shortcut that does the same (or empty), and the command. */
    public record Entry(String description, String id, String shortcut, Command command) {
        /** A key binding's command. */
        public static Entry of(KeyBinding binding, String shortcut, Command command) {
            return new Entry(binding.description(), binding.id(), shortcut, command);
        }

        /** Whether every word typed (lower case) is in the description or the id. */
        public boolean matches(List<String> words) {
            String text = description.toLowerCase(Locale.ROOT) + " " + id;
            return words.stream().allMatch(text::contains);
        }
    }

    /** Entries found for what was typed (lower case, split into words; never empty), on the FX thread. */
    @FunctionalInterface
    public interface Finder {
        List<Entry> find(List<String> words);
    }

    private final List<Entry> commands;
    private final Finder finder;
    private final ObservableList<Entry> shownEntries = FXCollections.observableArrayList();

    public CommandPalette(List<Entry> commands, Finder finder) {
        this.commands = List.copyOf(commands);
        this.finder = finder;
        shownEntries.setAll(this.commands);
        search.setPromptText("Type a command, an instance, a connection…");
        search.setId("palette-search");
        search.textProperty().addListener((obs, old, text) -> {
            List<String> words = Arrays.stream(text.toLowerCase(Locale.ROOT).strip().split("\\s+"))
                    .filter(w -> !w.isEmpty()).toList();
            List<Entry> found = new ArrayList<>(commands.stream().filter(e -> e.matches(words)).toList());
            if (!words.isEmpty()) {
                found.addAll(finder.find(words));
            }
            shownEntries.setAll(found);
            highlightFirstExecutable();
        });
        list.setItems(shownEntries);
        list.setId("palette-list");
        list.setPlaceholder(new Label("No command matches"));
        list.setPrefSize(520, 320);
        list.setCellFactory(v -> new ListCell<>() {
            {
                // as wide as the list, never wider: the widest entry made every line scroll sideways and pushed the
                // shortcuts out of sight; a long description is cut instead (whole in the tooltip)
                setPrefWidth(0);
                // one click on a line runs it, as in other command palettes (a click on the scroll bar does not)
                setOnMouseClicked(e -> {
                    if (e.getButton() == MouseButton.PRIMARY && !isEmpty()) {
                        runSelected();
                    }
                });
            }

            @Override
            protected void updateItem(Entry entry, boolean empty) {
                super.updateItem(entry, empty);
                if (empty || entry == null) {
                    setGraphic(null);
                    setTooltip(null);
                    return;
                }
                Label shortcut = new Label(entry.shortcut());
                shortcut.getStyleClass().add("palette-shortcut");
                shortcut.setMinWidth(Region.USE_PREF_SIZE);
                Label description = new Label(entry.description());
                description.setMinWidth(0);
                setTooltip(new Tooltip(entry.description()));
                BorderPane line = new BorderPane();
                line.setLeft(description);
                line.setRight(shortcut);
                // the line is as tall as the cell; on their own, its labels would sit at the top of it
                BorderPane.setAlignment(description, Pos.CENTER_LEFT);
                BorderPane.setAlignment(shortcut, Pos.CENTER_RIGHT);
                line.setDisable(!entry.command().isExecutable());
                setGraphic(line);
            }
        });
        VBox box = new VBox(6, search, list);
        box.setPadding(new Insets(10));
        box.getStyleClass().add("command-palette");
        window = new OverlayWindow(box);
        box.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
    }

    private void onKey(KeyEvent event) {
        if (event.getCode() == KeyCode.ENTER) {
            runSelected();
            event.consume();
        } else if (event.getCode() == KeyCode.DOWN && search.isFocused()) {
            list.getSelectionModel().selectNext();
            event.consume();
        } else if (event.getCode() == KeyCode.UP && search.isFocused()) {
            list.getSelectionModel().selectPrevious();
            event.consume();
        }
    }

    private void runSelected() {
        Entry entry = list.getSelectionModel().getSelectedItem();
        if (entry != null && entry.command().isExecutable()) {
            window.hide();
            entry.command().execute();
        }
    }

    /** Enter runs the highlighted command: the first that can run now (with nothing selected, not Pause). */
    private void highlightFirstExecutable() {
        List<Entry> shown = list.getItems();
        int index = 0;
        while (index < shown.size() && !shown.get(index).command().isExecutable()) {
            index++;
        }
        list.getSelectionModel().select(index < shown.size() ? index : 0);
        list.scrollTo(0);
    }

    public void show(Window owner) {
        // where the keyboard was, to give it back when the palette closes (it went to the first button, Refresh)
        Node from = owner.getScene().getFocusOwner();
        window.onHidden(() -> {
            if (from != null && from.getScene() == owner.getScene() && from.isVisible() && !from.isDisabled()) {
                from.requestFocus();
            }
        });
        search.clear();
        shownEntries.setAll(commands);
        highlightFirstExecutable();
        typeAheadFrom(owner);
        window.show(owner, 540, 90);
        list.refresh();
        search.requestFocus();
    }

    /**
     * Until the palette's own window has the keyboard (a moment after it shows), what is typed still goes to the
     * main window: it is passed on to the search field, or "Ctrl+K pause" lost its first letters.
     */
    private void typeAheadFrom(Window owner) {
        Scene main = owner.getScene();
        EventHandler<KeyEvent> forward = new EventHandler<>() {
            @Override
            public void handle(KeyEvent e) {
                if (!isShowing()) { // closed before it ever had the keyboard: typing belongs to the main window again
                    main.removeEventFilter(KeyEvent.KEY_TYPED, this);
                    return;
                }
                passOn(e);
            }
        };
        main.addEventFilter(KeyEvent.KEY_TYPED, forward);
        ChangeListener<Boolean> done = new ChangeListener<>() {
            @Override
            public void changed(ObservableValue<? extends Boolean> o, Boolean was, Boolean focused) {
                if (focused) {
                    main.removeEventFilter(KeyEvent.KEY_TYPED, forward);
                    search.focusedProperty().removeListener(this);
                    search.end();
                }
            }
        };
        search.focusedProperty().addListener(done);
    }

    private void passOn(KeyEvent e) {
        String typed = e.getCharacter();
        if (!typed.isEmpty() && !Character.isISOControl(typed.charAt(0)) && !e.isShortcutDown() && !e.isAltDown()) {
            search.appendText(typed);
            e.consume();
        }
    }

    public boolean isShowing() {
        return window.isShowing();
    }
}
