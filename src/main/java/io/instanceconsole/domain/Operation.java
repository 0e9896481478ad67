package io.instanceconsole.domain;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/** One journal entry: an action requested on an instance and what became of it. Immutable. */
public record Operation(String id, InstanceKey target, String instanceName, Action action, OperationState state,
                        Instant requestedAt, Instant finishedAt, String message, String user) {
    public Operation {
        requireNonNull(id, "id was not specified");
        requireNonNull(target, "target was not specified");
        requireNonNull(action, "action was not specified");
        requireNonNull(state, "state was not specified");
        requireNonNull(requestedAt, "requestedAt was not specified");
        instanceName = instanceName == null ? target.instanceId() : instanceName;
        message = message == null ? "" : message;
        user = user == null ? "" : user;
    }

    public Operation finish(OperationState newState, String newMessage, Instant at) {
        return new Operation(id, target, instanceName, action, newState, requestedAt, at, newMessage, user);
    }
}
