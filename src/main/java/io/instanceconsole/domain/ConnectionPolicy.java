package io.instanceconsole.domain;

import java.util.Objects;

/**
 * A connection's display colour (CSS hex, or empty) and resilience limits. Immutable.
 */
public record ConnectionPolicy(String colour, ResilienceSettings resilience) {
    public ConnectionPolicy {
        colour = colour == null ? "" : colour;
        Objects.requireNonNull(resilience, "resilience was not specified");
    }

    public static ConnectionPolicy defaults() {
        return new ConnectionPolicy("", ResilienceSettings.defaults());
    }

    /** No colour, and the limits a new connection of this kind starts with. */
    public static ConnectionPolicy defaultsFor(BackendKind kind) {
        return new ConnectionPolicy("", ResilienceSettings.defaultsFor(kind));
    }
}
