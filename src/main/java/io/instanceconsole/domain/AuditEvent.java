package io.instanceconsole.domain;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * Append-only record of something that changed (or was refused) on a host. Immutable.
 *
 * @param operationId the journal operation this event settles, or empty for observed external changes
 */
public record AuditEvent(long seq, Instant time, String connectionId, String connectionName, String instanceId,
                         String instanceName, String action, OperationState outcome, String message, String user,
                         String operationId) {
    public AuditEvent {
        requireNonNull(time, "time was not specified");
        requireNonNull(connectionId, "connectionId was not specified");
        requireNonNull(instanceId, "instanceId was not specified");
        requireNonNull(action, "action was not specified");
        requireNonNull(outcome, "outcome was not specified");
        connectionName = connectionName == null ? "" : connectionName;
        instanceName = instanceName == null ? "" : instanceName;
        message = message == null ? "" : message;
        user = user == null ? "" : user;
        operationId = operationId == null ? "" : operationId;
    }
}
