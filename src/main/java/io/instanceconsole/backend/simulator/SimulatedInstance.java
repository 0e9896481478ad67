package io.instanceconsole.backend.simulator;

import io.instanceconsole.domain.InstanceStatus;

import java.time.Instant;

/** The simulator's own record of one instance (its "host-side" truth). Immutable. */
record SimulatedInstance(String id, String name, String image, InstanceStatus status, String reason, Instant created) {
    SimulatedInstance withStatus(InstanceStatus newStatus, String newReason) {
        return new SimulatedInstance(id, name, image, newStatus, newReason, created);
    }
}
