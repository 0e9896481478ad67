package io.instanceconsole.ui.keyboard;

import java.util.List;

/**
 * Every keyboard command, as data: id, description, category and default combinations ({@code Shortcut} is Ctrl,
 * or Cmd on macOS). Users override them (see {@link KeyBindingRepository}); the shortcut sheet and the command
 * palette list them from here.
 */
public enum KeyBinding {
    PAUSE("pause", "Pause the selected instances", Category.ACTIONS, "Shortcut+P"),
    RESUME("resume", "Resume the selected instances", Category.ACTIONS, "Shortcut+Shift+P"),
    START("start", "Start the selected instances", Category.ACTIONS, "Shortcut+Enter"),
    STOP("stop", "Stop the selected instances (graceful)", Category.ACTIONS, "Shortcut+Period"),
    FORCE_STOP("kill", "Force stop the selected instances", Category.ACTIONS, "Shortcut+Shift+Period"),
    RESTART("restart", "Restart the selected instances", Category.ACTIONS, "Shortcut+R"),
    DELETE("delete", "Delete the selected instances", Category.ACTIONS, "Delete"),
    UNDO("undo", "Undo the last bulk pause or resume (the reverse, on exactly what it did)", Category.ACTIONS,
            "Shortcut+Z"),
    /** No default keys: from the palette, where "don't ask again" is undone. */
    ASK_AGAIN("ask-again", "Ask again before stop, force stop and delete", Category.ACTIONS),
    REFRESH("refresh", "List every host again", Category.VIEW, "F5"),
    FOCUS_FILTER("filter", "Filter the table", Category.VIEW, "Shortcut+F"),
    SHOW_INSTANCES("show-instances", "Show the instance table", Category.VIEW, "Shortcut+1"),
    SHOW_ACTIVITY("show-activity", "Show the activity trail", Category.VIEW, "Shortcut+2"),
    SHOW_CONNECTIONS("show-connections", "Show the connections", Category.VIEW, "Shortcut+3"),
    DETAILS("details", "Show or hide the details of the selected instance", Category.VIEW, "Shortcut+I"),
    DARK_THEME("dark-theme", "Switch between the light and the dark theme", Category.VIEW, "Shortcut+Shift+D"),
    SELECT_ALL("select-all", "Select every row shown", Category.SELECTION, "Shortcut+A"),
    CLEAR_SELECTION("clear-selection", "Clear the selection (first closes a finished bulk panel)", Category.SELECTION,
            "Esc"),
    COMMAND_PALETTE("palette", "Open the command palette", Category.HELP, "Shortcut+K"),
    SHORTCUT_SHEET("shortcuts", "Show the keyboard shortcuts", Category.HELP, "F1", "Shortcut+Slash");

    public enum Category {
        ACTIONS("Actions"), SELECTION("Selection"), VIEW("View"), HELP("Help");

        private final String label;

        Category(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final String id;
    private final String description;
    private final Category category;
    private final List<String> defaults;

    KeyBinding(String id, String description, Category category, String... defaults) {
        this.id = id;
        this.description = description;
        this.category = category;
        this.defaults = List.of(defaults);
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    public Category category() {
        return category;
    }

    /** Default combinations, in {@code KeyCombination.valueOf} syntax. */
    public List<String> defaults() {
        return defaults;
    }
}
