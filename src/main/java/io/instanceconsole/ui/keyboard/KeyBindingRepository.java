package io.instanceconsole.ui.keyboard;

import io.instanceconsole.service.Preferences;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The key bindings in force: defaults, overridden by the user's choices persisted in preferences
 * ({@code keybinding.pause = Shortcut+Shift+X}; several separated by {@code |}). FX thread only.
 */
public final class KeyBindingRepository {
    static final String PREFIX = "keybinding.";

    private final Preferences preferences;
    private final Map<KeyBinding, List<KeyCombination>> combinations = new EnumMap<>(KeyBinding.class);

    public KeyBindingRepository(Preferences preferences) {
        this.preferences = preferences;
        Map<String, String> overrides = preferences.withPrefix(PREFIX);
        for (KeyBinding binding : KeyBinding.values()) {
            String override = overrides.get(PREFIX + binding.id());
            List<KeyCombination> parsed = parse(binding.defaults());
            if (override != null) {
                try {
                    parsed = parse(List.of(override.split("\\|")));
                } catch (IllegalArgumentException e) {
                    // A broken override (edited by hand) must not stop the console: the default stays in force.
                    LoggerFactory.getLogger(KeyBindingRepository.class).warn("ignoring key binding {}: {}", binding.id(), e.getMessage());
                }
            }
            combinations.put(binding, parsed);
        }
    }

    public List<KeyCombination> combinations(KeyBinding binding) {
        return combinations.get(binding);
    }

    /** What the shortcut sheet and the palette show, e.g. {@code Ctrl+P} (or {@code ⌘P} on macOS). */
    public String displayText(KeyBinding binding) {
        return String.join(" or ", combinations.get(binding).stream().map(KeyCombination::getDisplayText).toList());
    }

    /** The binding a key event triggers, if any. */
    public Optional<KeyBinding> match(KeyEvent event) {
        for (Map.Entry<KeyBinding, List<KeyCombination>> entry : combinations.entrySet()) {
            for (KeyCombination combination : entry.getValue()) {
                if (combination.match(event)) {
                    return Optional.of(entry.getKey());
                }
            }
        }
        return Optional.empty();
    }

    /** Overrides a binding and persists it; an unparsable combination is refused, naming it. */
    public void override(KeyBinding binding, String combination) {
        List<KeyCombination> parsed = parse(List.of(combination.split("\\|")));
        combinations.put(binding, parsed);
        preferences.put(PREFIX + binding.id(), combination);
    }

    public void reset(KeyBinding binding) {
        combinations.put(binding, parse(binding.defaults()));
        preferences.remove(PREFIX + binding.id());
    }

    private static List<KeyCombination> parse(List<String> texts) {
        List<KeyCombination> parsed = new ArrayList<>();
        for (String text : texts) {
            try {
                parsed.add(KeyCombination.valueOf(text.strip()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + text + "' is not a key combination (e.g. Shortcut+Shift+P)", e);
            }
        }
        return parsed;
    }
}
