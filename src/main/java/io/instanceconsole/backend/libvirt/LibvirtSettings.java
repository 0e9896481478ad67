package io.instanceconsole.backend.libvirt;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * Limits of one libvirt connection. Immutable and thread-safe.
 *
 * @param connectTimeout    longest an open (or reopen) may take; libvirt's own connect can block for minutes
 * @param stopWait          how long a graceful stop waits for the guest to be shut off before it reports that the
 *                          guest did not comply (libvirt's shutdown only <em>asks</em> the guest)
 * @param keepAliveInterval how often libvirt probes a remote daemon; with {@code keepAliveCount} misses the
 *                          connection is closed and the adapter reconnects
 * @param keepAliveCount    unanswered probes before libvirt gives the connection up
 * @param maxReconnectDelay the longest wait between reconnect attempts (the delay doubles from one second)
 */
public record LibvirtSettings(Duration connectTimeout, Duration stopWait, Duration keepAliveInterval,
                              int keepAliveCount, Duration maxReconnectDelay) {
    public LibvirtSettings {
        requireNonNull(connectTimeout, "connectTimeout was not specified");
        requireNonNull(stopWait, "stopWait was not specified");
        requireNonNull(keepAliveInterval, "keepAliveInterval was not specified");
        requireNonNull(maxReconnectDelay, "maxReconnectDelay was not specified");
    }

    public static LibvirtSettings defaults() {
        return new LibvirtSettings(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(5), 3,
                Duration.ofSeconds(30));
    }

    public LibvirtSettings withConnectTimeout(Duration timeout) {
        return new LibvirtSettings(timeout, stopWait, keepAliveInterval, keepAliveCount, maxReconnectDelay);
    }

    public LibvirtSettings withStopWait(Duration wait) {
        return new LibvirtSettings(connectTimeout, wait, keepAliveInterval, keepAliveCount, maxReconnectDelay);
    }

    public LibvirtSettings withKeepAlive(Duration interval, int count) {
        return new LibvirtSettings(connectTimeout, stopWait, interval, count, maxReconnectDelay);
    }
}
