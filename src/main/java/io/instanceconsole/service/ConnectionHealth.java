package io.instanceconsole.service;

import io.instanceconsole.domain.UntrustedHostKeyException;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * How a connection is doing, as shown on its host badge. Immutable.
 *
 * @param state   the headline
 * @param since   when this state began
 * @param retryAt when the open breaker allows a trial call (CIRCUIT_OPEN only), else null
 * @param detail  the last error, naming the host, or empty
 */
public record ConnectionHealth(State state, Instant since, Instant retryAt, String detail) {

    public enum State { CONNECTING, CONNECTED, DEGRADED, CIRCUIT_OPEN, UNREACHABLE, DISABLED }

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.systemDefault());

    public ConnectionHealth {
        detail = detail == null ? "" : detail;
    }

    /** Whether actions can be sent to the host now. */
    public boolean isUsable() {
        return state == State.CONNECTED || state == State.DEGRADED || state == State.CONNECTING;
    }

    /** Badge text: {@code connected · degraded · circuit open, retry in 12 s · unreachable since 14:02}. */
    public String badge(Instant now) {
        return switch (state) {
            case CONNECTING -> "connecting";
            case CONNECTED -> "connected";
            case DEGRADED -> "degraded";
            case CIRCUIT_OPEN -> "circuit open, retry in "
                    + Math.max(0, Duration.between(now, retryAt).toSeconds()) + " s";
            case UNREACHABLE -> UntrustedHostKeyException.badgeOf(detail)
                    .orElseGet(() -> "unreachable since " + CLOCK.format(since));
            case DISABLED -> "disabled";
        };
    }
}
