package io.instanceconsole.backend;

import io.instanceconsole.domain.Instance;

import static java.util.Objects.requireNonNull;

/** A live change reported by a backend. Immutable. */
public sealed interface BackendEvent {

    /** An instance was created or changed; carries its new snapshot. */
    record Changed(Instance instance) implements BackendEvent {
        public Changed {
            requireNonNull(instance, "instance was not specified");
        }
    }

    /** An instance no longer exists. */
    record Removed(String instanceId) implements BackendEvent {
        public Removed {
            requireNonNull(instanceId, "instanceId was not specified");
        }
    }

    /** The event stream was lost; the reason names the host and the cause. */
    record Disconnected(String reason) implements BackendEvent {
    }

    /** The event stream is back; the receiver should resync, as events may have been missed. */
    record Reconnected() implements BackendEvent {
    }
}
