package io.instanceconsole.ui.connections;

import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.UntrustedHostKeyException;
import io.instanceconsole.service.ConnectionHealth;
import io.instanceconsole.service.ConnectionManager;
import io.instanceconsole.service.HostKeyTrust;
import io.instanceconsole.service.ServiceListener;
import io.instanceconsole.ui.common.Notifier;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import static java.util.Objects.requireNonNull;

/**
 * Asks the user about an ssh host key the first time a connection meets one it does not trust. An unknown key is
 * offered for trust (host, type and fingerprint shown, Cancel the default); a changed key is never offered: it is
 * reported, naming both fingerprints. Each (connection, fingerprint) is asked about once per session, so the
 * connection's reconnect attempts do not repeat the question. Listener calls may come from any thread.
 */
public final class HostKeyTrustViewModel implements ServiceListener {

    /** The question, answered on the FX thread; true to trust. */
    @FunctionalInterface
    public interface Prompt {
        boolean askToTrust(String connectionName, String host, String keyType, String fingerprint);
    }

    private final ConnectionManager connections;
    private final HostKeyTrust trust;
    private final Prompt prompt;
    private final Notifier notifier;
    private final Executor uiThread;
    private final Executor background;
    private final Set<String> asked = ConcurrentHashMap.newKeySet();

    public HostKeyTrustViewModel(ConnectionManager connections, HostKeyTrust trust, Prompt prompt, Notifier notifier,
                                 Executor uiThread, Executor background) {
        this.connections = requireNonNull(connections, "connections was not specified");
        this.trust = requireNonNull(trust, "trust was not specified");
        this.prompt = requireNonNull(prompt, "prompt was not specified");
        this.notifier = requireNonNull(notifier, "notifier was not specified");
        this.uiThread = requireNonNull(uiThread, "uiThread was not specified");
        this.background = requireNonNull(background, "background was not specified");
    }

    @Override
    public void healthChanged(String connectionId, ConnectionHealth health) {
        if (health.state() != ConnectionHealth.State.UNREACHABLE) {
            return;
        }
        Optional<UntrustedHostKeyException> key = connections.untrustedKey(connectionId);
        Optional<Connection> connection = connections.all().stream().filter(c -> c.id().equals(connectionId)).findFirst();
        if (key.isEmpty() || connection.isEmpty() || !asked.add(connectionId + " " + key.get().presentedFingerprint())) {
            return;
        }
        uiThread.execute(() -> ask(connection.get(), key.get()));
    }

    private void ask(Connection connection, UntrustedHostKeyException key) {
        if (key.changed()) {
            notifier.notify(Notifier.Severity.ERROR, "Connection '" + connection.name() + "': " + key.getMessage());
            return;
        }
        if (!prompt.askToTrust(connection.name(), key.host(), key.keyType(), key.presentedFingerprint())) {
            notifier.notify(Notifier.Severity.WARNING, "Connection '" + connection.name() + "' stays closed: the host"
                    + " key of " + key.host() + " was not trusted");
            return;
        }
        background.execute(() -> {
            try {
                trustAndReconnect(connection, key.presentedFingerprint());
            } catch (RuntimeException e) {
                uiThread.execute(() -> notifier.notify(Notifier.Severity.ERROR, "Connection '" + connection.name()
                        + "': " + e.getMessage()));
            }
        });
    }

    private void trustAndReconnect(Connection connection, String fingerprint) {
        var trusted = trust.trust(connection, fingerprint);
        uiThread.execute(() -> notifier.notify(Notifier.Severity.INFO, "Trusted the " + trusted.type()
                + " host key of " + trusted.host() + " for '" + connection.name() + "'; connecting"));
    }
}
