package io.instanceconsole.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The {@code setting} table. Thread-safe. */
public final class SettingRepository {
    private final Database database;

    public SettingRepository(Database database) {
        this.database = database;
    }

    public Optional<String> get(String name) {
        return database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT setting_value FROM setting WHERE name = ?")) {
                s.setString(1, name);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    public void put(String name, String value) {
        database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("MERGE INTO setting(name, setting_value) KEY(name) VALUES (?, ?)")) {
                s.setString(1, name);
                s.setString(2, value);
                return s.executeUpdate();
            }
        });
    }

    public void remove(String name) {
        database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM setting WHERE name = ?")) {
                s.setString(1, name);
                return s.executeUpdate();
            }
        });
    }

    public Map<String, String> withPrefix(String prefix) {
        return database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT name, setting_value FROM setting WHERE name LIKE ? ORDER BY name")) {
                s.setString(1, prefix.replace("%", "\\%").replace("_", "\\_") + "%");
                try (ResultSet rs = s.executeQuery()) {
                    Map<String, String> result = new LinkedHashMap<>();
                    while (rs.next()) {
                        result.put(rs.getString(1), rs.getString(2));
                    }
                    return result;
                }
            }
        });
    }
}
