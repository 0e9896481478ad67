package io.instanceconsole.backend.libvirt;

import io.instanceconsole.domain.InstanceStatus;

import java.util.List;

/**
 * A libvirt domain state with its reason ({@code virDomainGetState}), and how the console shows it. Immutable.
 *
 * @param state  {@code virDomainState}: 0 NOSTATE, 1 RUNNING, 2 BLOCKED, 3 PAUSED, 4 SHUTDOWN, 5 SHUTOFF, 6 CRASHED,
 *               7 PMSUSPENDED
 * @param reason the state's {@code virDomain*Reason}, or -1 when the driver did not say
 */
record DomainState(int state, int reason) {
    static final int NOSTATE = 0;
    static final int RUNNING = 1;
    static final int BLOCKED = 2;
    static final int PAUSED = 3;
    static final int SHUTDOWN = 4;
    static final int SHUTOFF = 5;
    static final int CRASHED = 6;
    static final int PMSUSPENDED = 7;

    /** {@code virDomainPausedReason}, in enum order. */
    private static final List<String> PAUSED_REASONS = List.of("unknown", "user", "migration", "saving",
            "dumping core", "I/O error", "watchdog", "restoring from snapshot", "shutting down", "snapshot",
            "crashed", "starting up", "post-copy migration", "post-copy migration failed", "API error");
    /** {@code virDomainShutoffReason}, in enum order ("" for unknown: nothing worth showing). */
    private static final List<String> SHUTOFF_REASONS = List.of("", "shut down", "destroyed", "crashed", "migrated",
            "saved", "failed to start", "restored from snapshot", "daemon");

    /** The console's status for this state. */
    InstanceStatus status() {
        return switch (state) {
            // BLOCKED is a running domain whose vCPUs wait on a resource; SHUTDOWN is one still shutting down.
            case RUNNING, BLOCKED, SHUTDOWN -> InstanceStatus.RUNNING;
            // A guest that suspended itself (S3/S4) is paused as far as the user is concerned: its CPUs do not run.
            case PAUSED, PMSUSPENDED -> InstanceStatus.PAUSED;
            case SHUTOFF -> InstanceStatus.STOPPED;
            case CRASHED -> InstanceStatus.ERROR;
            default -> InstanceStatus.UNKNOWN;
        };
    }

    /**
     * Why the domain is in this state, for the UI ({@code Paused (I/O error)}). Running domains get an empty reason
     * except where it matters, so that an ordinary resume does not show up as a change.
     */
    String reasonText() {
        return switch (state) {
            case PAUSED -> pick(PAUSED_REASONS, "unknown");
            case BLOCKED -> "blocked on a resource";
            case SHUTDOWN -> "shutting down";
            case SHUTOFF -> pick(SHUTOFF_REASONS, "");
            case CRASHED -> reason == 1 ? "panicked" : "crashed";
            case PMSUSPENDED -> "suspended by the guest (power management)";
            case NOSTATE -> "libvirt reports no state";
            case RUNNING -> "";
            default -> "unknown libvirt state " + state;
        };
    }

    private String pick(List<String> reasons, String unknown) {
        return reason >= 0 && reason < reasons.size() ? reasons.get(reason) : unknown;
    }
}
