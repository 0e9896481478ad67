package io.instanceconsole.backend.lxd;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * Timeouts of one LXD connection. Immutable.
 *
 * @param connectTimeout   longest wait to reach the server, and for {@link LxdBackend#open} to prove it is LXD
 * @param callTimeout      longest wait for the answer to one request
 * @param operationTimeout longest wait for an asynchronous operation (freeze, start, stop…) to end; a freeze takes
 *                         about a second on cgroup v1 hosts (liblxc checks the freezer once a second), a graceful
 *                         stop up to {@code stopTimeout}
 * @param stopTimeout      grace period of stop and restart before LXD kills the instance
 * @param reconnectInitial first delay before the event stream is reopened after a loss; doubled per failed attempt
 * @param reconnectMax     longest delay between attempts to reopen the event stream
 */
public record LxdSettings(Duration connectTimeout, Duration callTimeout, Duration operationTimeout, Duration stopTimeout,
                          Duration reconnectInitial, Duration reconnectMax) {
    public LxdSettings {
        requireNonNull(connectTimeout, "connectTimeout was not specified");
        requireNonNull(callTimeout, "callTimeout was not specified");
        requireNonNull(operationTimeout, "operationTimeout was not specified");
        requireNonNull(stopTimeout, "stopTimeout was not specified");
        requireNonNull(reconnectInitial, "reconnectInitial was not specified");
        requireNonNull(reconnectMax, "reconnectMax was not specified");
        if (operationTimeout.compareTo(stopTimeout) <= 0) {
            throw new IllegalArgumentException("operationTimeout (" + operationTimeout + ") must exceed stopTimeout ("
                    + stopTimeout + "), or every graceful stop would time out");
        }
    }

    public static LxdSettings defaults() {
        return new LxdSettings(Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofSeconds(25),
                Duration.ofSeconds(10), Duration.ofMillis(250), Duration.ofSeconds(5));
    }

    public LxdSettings withReconnect(Duration initial, Duration max) {
        return new LxdSettings(connectTimeout, callTimeout, operationTimeout, stopTimeout, initial, max);
    }
}
