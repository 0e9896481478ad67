package io.instanceconsole.service;

import java.util.Set;

/**
 * Receives what the service layer observes. Called on service threads: implementations hand the work to their own
 * thread (the UI coalesces onto the FX thread) and never block.
 */
public interface ServiceListener {
    default void instancesChanged(InstanceChanges changes) {
    }

    default void healthChanged(String connectionId, ConnectionHealth health) {
    }

    /**
     * Connections were added, removed or changed, here or by another process on the same store (the CLI).
     *
     * @param connectionIds every connection that exists now
     */
    default void connectionsChanged(Set<String> connectionIds) {
    }
}
