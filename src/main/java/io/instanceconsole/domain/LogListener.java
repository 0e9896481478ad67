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
}
