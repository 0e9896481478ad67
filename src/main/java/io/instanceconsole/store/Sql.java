package io.instanceconsole.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Conversions between Java values and SQL columns (timestamps, messages), in one place. */
final class Sql {
    private Sql() {
    }

    static void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
        statement.setObject(index, instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    static Instant getInstant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** A message cut to what the message columns hold (4,000 characters), marked with "…" where it was cut. */
    static String message(String message) {
        return message.length() > 4000 ? message.substring(0, 3997) + "…" : message;
    }
}
