package io.instanceconsole.service;

import io.instanceconsole.backend.libvirt.LibvirtUris;
import io.instanceconsole.backend.ssh.HostTrust;
import io.instanceconsole.backend.ssh.SshTarget;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.PresentedHostKey;
import io.instanceconsole.domain.UnsupportedException;

import static java.util.Objects.requireNonNull;

/**
 * Trusting a connection's ssh host key, for the GUI's prompt and {@code instancectl connections trust}: a key is
 * trusted only when the user names the fingerprint the host presents at that moment, and the connection is then
 * opened again. Thread-safe.
 */
public final class HostKeyTrust {
    private final HostTrust trust;
    private final ConnectionManager connections;

    public HostKeyTrust(HostTrust trust, ConnectionManager connections) {
        this.trust = requireNonNull(trust, "trust was not specified");
        this.connections = requireNonNull(connections, "connections was not specified");
    }

    /** The key the connection's host presents now (type and fingerprint), without trusting it. */
    public PresentedHostKey presented(Connection connection) {
        return trust.presented(sshUri(connection));
    }

    /**
     * Trusts the connection's host key if the host presents the named fingerprint, then reopens the connection.
     *
     * @throws io.instanceconsole.backend.ssh.SshException the host presents another key (nothing is trusted)
     * @throws UnsupportedException                       the connection does not go over ssh
     */
    public PresentedHostKey trust(Connection connection, String fingerprint) {
        requireNonNull(fingerprint, "fingerprint was not specified");
        PresentedHostKey trusted = trust.trust(sshUri(connection), fingerprint);
        connections.keyTrusted(connection, trusted.fingerprint());
        return trusted;
    }

    private static String sshUri(Connection connection) {
        String uri = connection.uri();
        boolean ssh = SshTarget.isSsh(uri) || LibvirtUris.usesSsh(uri);
        if (!ssh) {
            throw new UnsupportedException("connection '" + connection.name() + "' (" + uri + ") does not go over"
                    + " ssh, so it has no host key to trust");
        }
        return uri;
    }
}
