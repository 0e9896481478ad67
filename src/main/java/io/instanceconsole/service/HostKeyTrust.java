package io.instanceconsole.service;

import io.instanceconsole.backend.libvirt.LibvirtUris;
import io.instanceconsole.backend.lxd.LxdTrust;
import io.instanceconsole.backend.ssh.HostTrust;
import io.instanceconsole.backend.ssh.SshTarget;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.PresentedHostKey;
import io.instanceconsole.domain.UnsupportedException;

import static java.util.Objects.requireNonNull;

/**
 * Trusting a connection's ssh host key or, for an LXD server over HTTPS, its server certificate, for the GUI's prompt
 * and {@code instancectl connections trust}: one model for both. A key or certificate is trusted only when the user
 * names the fingerprint the host presents at that moment (or, for LXD, brings a trust token that names it), and the
 * connection is then opened again. Thread-safe.
 */
public final class HostKeyTrust {
    private final HostTrust trust;
    private final LxdTrust lxd;
    private final ConnectionManager connections;

    public HostKeyTrust(HostTrust trust, LxdTrust lxd, ConnectionManager connections) {
        this.trust = requireNonNull(trust, "trust was not specified");
        this.lxd = requireNonNull(lxd, "lxd was not specified");
        this.connections = requireNonNull(connections, "connections was not specified");
    }

    /** The key (or server certificate) the connection's host presents now, without trusting it. */
    public PresentedHostKey presented(Connection connection) {
        if (LxdTrust.isHttps(connection.uri())) {
            return lxd.presented(connection.uri());
        }
        return trust.presented(sshUri(connection));
    }

    /**
     * Enrols the console with an LXD server over HTTPS using a trust token the user made there, pinning the server
     * certificate the token names; before the connection is saved, so a refused token leaves nothing behind.
     *
     * @throws IllegalArgumentException the URI is not an LXD HTTPS address or the token is not a trust token
     */
    public PresentedHostKey enrol(String uri, String token) {
        requireNonNull(token, "token was not specified");
        return lxd.enrol(uri, token);
    }

    /**
     * Trusts the connection's host key if the host presents the named fingerprint, then reopens the connection.
     *
     * @throws io.instanceconsole.backend.ssh.SshException the host presents another key (nothing is trusted)
     * @throws UnsupportedException                       the connection does not go over ssh
     */
    public PresentedHostKey trust(Connection connection, String fingerprint) {
        requireNonNull(fingerprint, "fingerprint was not specified");
        PresentedHostKey trusted = LxdTrust.isHttps(connection.uri()) ? lxd.trust(connection.uri(), fingerprint)
                : trust.trust(sshUri(connection), fingerprint);
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
