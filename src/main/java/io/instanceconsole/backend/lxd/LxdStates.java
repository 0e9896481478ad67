package io.instanceconsole.backend.lxd;

import io.instanceconsole.domain.InstanceStatus;

import java.util.Optional;

/** LXD's words for an instance's state, and the state a lifecycle event says an instance is now in. */
final class LxdStates {
    private LxdStates() {
    }

    /** The status of an instance's {@code status} field ({@code Running}, {@code Frozen}, {@code Stopped}, …). */
    static InstanceStatus of(String status) {
        return switch (status) {
            case "Running", "Thawed", "Ready" -> InstanceStatus.RUNNING;
            case "Frozen" -> InstanceStatus.PAUSED;
            case "Stopped" -> InstanceStatus.STOPPED;
            case "Error", "Broken" -> InstanceStatus.ERROR;
            default -> InstanceStatus.UNKNOWN;
        };
    }

    /** The reason beside the status: LXD's own word where the status does not say it all. */
    static String reason(String status) {
        return of(status) == InstanceStatus.UNKNOWN ? status : "";
    }

    /**
     * The status a lifecycle action leaves an instance in, when the action says it ({@code instance-paused} →
     * paused); empty for actions after which the instance must be asked ({@code instance-created},
     * {@code instance-updated}, …).
     */
    static Optional<InstanceStatus> afterLifecycle(String action) {
        return Optional.ofNullable(switch (action) {
            case "instance-paused" -> InstanceStatus.PAUSED;
            case "instance-resumed", "instance-started", "instance-restarted" -> InstanceStatus.RUNNING;
            case "instance-stopped", "instance-shutdown" -> InstanceStatus.STOPPED;
            default -> null;
        });
    }
}
