package io.instanceconsole.domain;

import static java.util.Objects.requireNonNull;

/** Identity of an instance across all connections: the connection plus the backend's own id. */
public record InstanceKey(String connectionId, String instanceId) {
    public InstanceKey {
        requireNonNull(connectionId, "connectionId was not specified");
        requireNonNull(instanceId, "instanceId was not specified");
    }

    @Override
    public String toString() {
        return connectionId + "/" + instanceId;
    }
}
