package io.instanceconsole.backend.docker;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * Timeouts and limits of one Docker connection. Immutable and thread-safe.
 *
 * @param connectTimeout   longest wait to establish a connection, and for {@link DockerBackend#open} to prove the engine
 *                         answers; also bounds the probe of a reconnect
 * @param responseTimeout  longest wait for an answer to one API call; must exceed {@code stopTimeout}, because a
 *                         graceful stop only answers after the container exited or was killed
 * @param stopTimeout      grace period of stop and restart before Docker kills the container (the docker CLI's 10 s)
 * @param maxConnections   HTTP connections kept to the engine; at least the service bulkhead plus the event inspector
 * @param reconnectInitial first delay before the event stream is reopened after a loss; doubled per failed attempt
 * @param reconnectMax     longest delay between attempts to reopen the event stream
 */
public record DockerSettings(Duration connectTimeout, Duration responseTimeout, Duration stopTimeout,
                             int maxConnections, Duration reconnectInitial, Duration reconnectMax) {

    public DockerSettings {
        requireNonNull(connectTimeout, "connectTimeout was not specified");
        requireNonNull(responseTimeout, "responseTimeout was not specified");
        requireNonNull(stopTimeout, "stopTimeout was not specified");
        requireNonNull(reconnectInitial, "reconnectInitial was not specified");
        requireNonNull(reconnectMax, "reconnectMax was not specified");
        if (responseTimeout.compareTo(stopTimeout) <= 0) {
            throw new IllegalArgumentException("responseTimeout (" + responseTimeout + ") must exceed stopTimeout ("
                    + stopTimeout + "), or every graceful stop would time out");
        }
        if (maxConnections < 2) {
            throw new IllegalArgumentException("maxConnections must be at least 2, got " + maxConnections);
        }
    }

    public static DockerSettings defaults() {
        return new DockerSettings(Duration.ofSeconds(5), Duration.ofSeconds(45), Duration.ofSeconds(10), 32,
                Duration.ofMillis(250), Duration.ofSeconds(5));
    }

    public DockerSettings withConnectTimeout(Duration timeout) {
        return new DockerSettings(timeout, responseTimeout, stopTimeout, maxConnections, reconnectInitial, reconnectMax);
    }

    public DockerSettings withReconnect(Duration initial, Duration max) {
        return new DockerSettings(connectTimeout, responseTimeout, stopTimeout, maxConnections, initial, max);
    }

    public DockerSettings withStopTimeout(Duration timeout) {
        return new DockerSettings(connectTimeout, responseTimeout, timeout, maxConnections, reconnectInitial, reconnectMax);
    }
}
