package io.instanceconsole.domain;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * One line of an instance's output: a container's stdout or stderr, as the host kept it. The text is printable:
 * control characters and bytes that are not UTF-8 are shown as U+FFFD, and a very long line is cut (saying so).
 * Immutable and thread-safe.
 *
 * @param time when the host received it; null when the host did not say
 */
public record LogLine(Source source, Instant time, String text) {
    /** Where the line came from. */
    public enum Source { STDOUT, STDERR }

    public LogLine {
        requireNonNull(source, "source was not specified");
        requireNonNull(text, "text was not specified");
    }
}
