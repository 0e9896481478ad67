package io.instanceconsole.cli;

import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.UntrustedHostKeyException;
import io.instanceconsole.service.AuditTrail;
import io.instanceconsole.service.FactsService;
import io.instanceconsole.service.LogService;
import io.instanceconsole.service.ConnectionManager;
import io.instanceconsole.service.ConnectionRegistry;
import io.instanceconsole.service.HostKeyTrust;
import io.instanceconsole.service.KnownInstances;
import io.instanceconsole.service.LifecycleService;
import io.instanceconsole.service.Reconciler;

import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The services one CLI invocation uses, opened on a data directory by the composition root: the same services the
 * GUI uses, and never the store itself. Closing it releases the store and every connection.
 */
public interface CliSession extends AutoCloseable {
    /** Lists, adds, edits and removes connections (validation, policies), as the GUI's Connections view does. */
    ConnectionManager connectionManager();

    KnownInstances known();

    ConnectionRegistry registry();

    LifecycleService lifecycle();

    Reconciler reconciler();

    /** The audit trail, as the GUI's Activity view reads and exports it. */
    AuditTrail auditTrail();

    /** The facts of one instance, read from its host ({@code instancectl show}). */
    FactsService facts();

    /** The output of instances ({@code instancectl logs}). */
    LogService logs();

    /** Opens the enabled connections (or only the named one, even if disabled) and resyncs them. */
    CompletableFuture<Void> connect(String onlyConnectionName);

    /**
     * Opens only the connections of the given instances and refreshes just those instances (one inspect each), with
     * no listing of any host; completes when they are up to date, or their connection failed to open or answer.
     */
    CompletableFuture<Void> connectFor(Collection<InstanceKey> instances);

    /** Trusting ssh host keys. */
    HostKeyTrust hostKeys();

    /** The host key a connection could not be opened for, when that is why. */
    Optional<UntrustedHostKeyException> untrustedKey(String connectionId);

    /** Why a connection could not be opened, if it could not. */
    Optional<String> openError(String connectionId);

    String dataDirectory();

    @Override
    void close();
}
