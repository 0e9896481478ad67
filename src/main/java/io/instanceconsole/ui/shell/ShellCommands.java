package io.instanceconsole.ui.shell;

import io.instanceconsole.domain.Action;
import io.instanceconsole.ui.bulk.BulkActionsViewModel;
import io.instanceconsole.ui.common.Command;
import io.instanceconsole.ui.keyboard.KeyBinding;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.value.ObservableBooleanValue;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * The main window's commands as data: what each {@link KeyBinding} does and when it may. Commands on instances (the
 * actions, the filter, the details, select all and clear) are executable only while the Instances tab is on screen: a shortcut
 * must not act on rows out of sight. Esc closes the bulk panel of a finished run before it clears the selection. Every
 * binding has exactly one command.
 */
final class ShellCommands {
    private ShellCommands() {
    }

    /** What the window itself does for a command. */
    interface Window {
        void refresh();

        void focusFilter();

        void showTab(MainTab tab);

        void switchTheme();

        void toggleDetails();

        void selectAllShown();

        void clearSelection();

        void showPalette();

        void showShortcuts();
    }

    /** Every binding's command; fails naming the bindings without one, so a new binding cannot go unbound. */
    static Map<KeyBinding, Command> of(BulkActionsViewModel bulk, ObservableBooleanValue instancesShown, Window window) {
        Map<KeyBinding, Command> commands = new EnumMap<>(KeyBinding.class);
        for (Action action : Action.values()) {
            commands.put(KeyBinding.valueOf(action.name()), whileShown(bulk.command(action), instancesShown));
        }
        commands.put(KeyBinding.UNDO, whileShown(bulk.progress().undoCommand(), instancesShown));
        commands.put(KeyBinding.ASK_AGAIN, always(bulk::askAgain));
        commands.put(KeyBinding.REFRESH, always(window::refresh));
        commands.put(KeyBinding.FOCUS_FILTER, whileShown(always(window::focusFilter), instancesShown));
        commands.put(KeyBinding.SHOW_INSTANCES, always(() -> window.showTab(MainTab.INSTANCES)));
        commands.put(KeyBinding.SHOW_ACTIVITY, always(() -> window.showTab(MainTab.ACTIVITY)));
        commands.put(KeyBinding.SHOW_CONNECTIONS, always(() -> window.showTab(MainTab.CONNECTIONS)));
        commands.put(KeyBinding.DARK_THEME, always(window::switchTheme));
        commands.put(KeyBinding.DETAILS, whileShown(always(window::toggleDetails), instancesShown));
        commands.put(KeyBinding.SELECT_ALL, whileShown(always(window::selectAllShown), instancesShown));
        // Esc closes a finished bulk panel first, then clears the selection
        commands.put(KeyBinding.CLEAR_SELECTION, whileShown(always(() -> {
            if (!bulk.progress().dismiss()) {
                window.clearSelection();
            }
        }), instancesShown));
        commands.put(KeyBinding.COMMAND_PALETTE, always(window::showPalette));
        commands.put(KeyBinding.SHORTCUT_SHEET, always(window::showShortcuts));
        var unbound = Arrays.stream(KeyBinding.values()).filter(b -> !commands.containsKey(b)).toList();
        if (!unbound.isEmpty()) {
            throw new IllegalStateException("key bindings without a command: " + unbound);
        }
        return commands;
    }

    private static Command always(Runnable action) {
        return new Command(new SimpleBooleanProperty(true), action);
    }

    private static Command whileShown(Command command, ObservableBooleanValue instancesShown) {
        return new Command(command.executableProperty().and(instancesShown), command::execute);
    }
}
