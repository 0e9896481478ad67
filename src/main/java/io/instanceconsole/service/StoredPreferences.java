package io.instanceconsole.service;

import io.instanceconsole.store.SettingRepository;

import java.util.Map;
import java.util.Optional;

/** {@link Preferences} kept in the store's {@code setting} table. Thread-safe. */
public final class StoredPreferences implements Preferences {
    private final SettingRepository settings;

    public StoredPreferences(SettingRepository settings) {
        this.settings = settings;
    }

    @Override
    public Optional<String> get(String name) {
        return settings.get(name);
    }

    @Override
    public void put(String name, String value) {
        settings.put(name, value);
    }

    @Override
    public void remove(String name) {
        settings.remove(name);
    }

    @Override
    public Map<String, String> withPrefix(String prefix) {
        return settings.withPrefix(prefix);
    }
}
