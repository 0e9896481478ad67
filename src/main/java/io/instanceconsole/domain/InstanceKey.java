package io.instanceconsole.domain;

import static java.util.Objects.requireNonNull;

/**
 * Identity of an instance across all connections: the connection plus the backend's own id. Its hash spreads keys that
 * share instance ids across connections ({@code sim-00001} on 20 hosts), which a record's default hash folds onto a
 * few thousand values.
 */
public record InstanceKey(String connectionId, String instanceId) {
    public InstanceKey {
        requireNonNull(connectionId, "connectionId was not specified");
        requireNonNull(instanceId, "instanceId was not specified");
    }

    @Override
    public int hashCode() {
        int h = connectionId.hashCode() * 0x9E3779B9 + instanceId.hashCode();
        return h ^ (h >>> 16);
    }

    @Override
    public String toString() {
        return connectionId + "/" + instanceId;
    }
}
