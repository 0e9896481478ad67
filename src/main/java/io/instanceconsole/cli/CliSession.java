package io.instanceconsole.cli;

import io.instanceconsole.service.ConnectionRegistry;
import io.instanceconsole.service.KnownInstances;
import io.instanceconsole.service.LifecycleService;
import io.instanceconsole.service.Reconciler;
import io.instanceconsole.store.ConnectionRepository;
import io.instanceconsole.store.Journal;

import java.util.concurrent.CompletableFuture;

/**
 * The services one CLI invocation uses, opened on a data directory by the composition root. Closing it releases the
 * store and every connection.
 */
public interface CliSession extends AutoCloseable {
    ConnectionRepository connections();

    /** Adds, edits and removes connections (validation, policies), as the GUI's Connections view does. */
    io.instanceconsole.service.ConnectionManager connectionManager();

    KnownInstances known();

    ConnectionRegistry registry();

    LifecycleService lifecycle();

    Reconciler reconciler();

    Journal journal();

    /** Opens the enabled connections (or only the named one, even if disabled) and resyncs them. */
    CompletableFuture<Void> connect(String onlyConnectionName);

    /** Trusting ssh host keys. */
    io.instanceconsole.service.HostKeyTrust hostKeys();

    /** The host key a connection could not be opened for, when that is why. */
    java.util.Optional<io.instanceconsole.domain.UntrustedHostKeyException> untrustedKey(String connectionId);

    /** Why a connection could not be opened, if it could not. */
    java.util.Optional<String> openError(String connectionId);

    String dataDirectory();

    @Override
    void close();
}
