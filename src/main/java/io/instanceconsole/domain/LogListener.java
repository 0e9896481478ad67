package io.instanceconsole.domain;

/**
 * Told of an instance's output as it arrives, on a thread of the backend's; implementations only hand the lines on.
 */
public interface LogListener {
    void line(LogLine line);

    /**
     * The log ended: {@code why} says in one line why (the container stopped, the stream was cut), or is null when it
     * ended because it was closed or, without following, because everything asked for was sent. Told at most once.
     */
    void ended(String why);

    /**
     * The log was cut before its end (the host went away, the stream broke): {@code why} in one line. Told at most once,
     * instead of {@link #ended}; by default told as an end.
     */
    default void failed(String why) {
        ended(why);
    }
}
