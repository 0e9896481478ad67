package io.instanceconsole.ui.keyboard;

import io.instanceconsole.ui.common.Command;
import javafx.event.EventHandler;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyEvent;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * One event filter per scene that runs a binding's command, and only when that command is executable. Keys that
 * mean something in a text field (Delete, Esc, Shortcut+A) are left to the field while it has the focus.
 * FX thread only; {@link #install} and {@link #uninstall} pair like {@code activate}/{@code deactivate}.
 */
public final class KeyBindingDispatcher {
    private static final Set<KeyBinding> TEXT_KEYS = EnumSet.of(KeyBinding.DELETE, KeyBinding.SELECT_ALL,
            KeyBinding.CLEAR_SELECTION, KeyBinding.UNDO);

    private final KeyBindingRepository repository;
    private final Map<KeyBinding, Command> commands = new EnumMap<>(KeyBinding.class);
    private final EventHandler<KeyEvent> filter = this::dispatch;
    private Scene scene;

    public KeyBindingDispatcher(KeyBindingRepository repository) {
        this.repository = repository;
    }

    public KeyBindingDispatcher bind(KeyBinding binding, Command command) {
        commands.put(binding, command);
        return this;
    }

    public Command command(KeyBinding binding) {
        return commands.get(binding);
    }

    public void install(Scene target) {
        uninstall();
        scene = target;
        scene.addEventFilter(KeyEvent.KEY_PRESSED, filter);
    }

    public void uninstall() {
        if (scene != null) {
            scene.removeEventFilter(KeyEvent.KEY_PRESSED, filter);
            scene = null;
        }
    }

    private void dispatch(KeyEvent event) {
        repository.match(event).ifPresent(binding -> {
            Node focus = scene == null ? null : scene.getFocusOwner();
            if (focus instanceof TextInputControl && TEXT_KEYS.contains(binding)) {
                return;
            }
            Command command = commands.get(binding);
            if (command != null) {
                event.consume();
                command.execute();
            }
        });
    }
}
