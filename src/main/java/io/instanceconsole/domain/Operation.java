package io.instanceconsole.domain;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * One journal entry: an action requested on an instance and what became of it. Immutable.
 *
 * @param owner the console session that journaled it (see the service's {@code OperationOwner}), "" when unknown
 */
public record Operation(String id, InstanceKey target, String instanceName, Action action, OperationState state,
                        Instant requestedAt, Instant finishedAt, String message, String user, String owner) {
    public Operation {
        requireNonNull(id, "id was not specified");
        requireNonNull(target, "target was not specified");
        requireNonNull(action, "action was not specified");
        requireNonNull(state, "state was not specified");
        requireNonNull(requestedAt, "requestedAt was not specified");
        instanceName = instanceName == null ? target.instanceId() : instanceName;
        message = message == null ? "" : message;
        user = user == null ? "" : user;
        owner = owner == null ? "" : owner;
    }

    public Operation finish(OperationState newState, String newMessage, Instant at) {
        return new Operation(id, target, instanceName, action, newState, requestedAt, at, newMessage, user, owner);
    }
}
