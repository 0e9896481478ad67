package io.instanceconsole.service;

import java.util.Map;
import java.util.Optional;

/** User preferences (key bindings, "don't ask again", theme), persisted in the store. Thread-safe. */
public interface Preferences {
    Optional<String> get(String name);

    void put(String name, String value);

    void remove(String name);

    /** Every preference whose name starts with the prefix. */
    Map<String, String> withPrefix(String prefix);
}
