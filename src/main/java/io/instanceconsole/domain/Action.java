package io.instanceconsole.domain;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import static io.instanceconsole.domain.InstanceStatus.CREATED;
import static io.instanceconsole.domain.InstanceStatus.ERROR;
import static io.instanceconsole.domain.InstanceStatus.PAUSED;
import static io.instanceconsole.domain.InstanceStatus.RUNNING;
import static io.instanceconsole.domain.InstanceStatus.STOPPED;

/**
 * A lifecycle action with the statuses it is allowed from (the table in ARCHITECTURE.md) and the
 * status a successful call leaves behind. Thread-safe (immutable).
 */
public enum Action {
    PAUSE("pause", "Pause", "Pausing…", EnumSet.of(RUNNING), PAUSED),
    RESUME("resume", "Resume", "Resuming…", EnumSet.of(PAUSED), RUNNING),
    START("start", "Start", "Starting…", EnumSet.of(CREATED, STOPPED), RUNNING),
    STOP("stop", "Stop", "Stopping…", EnumSet.of(RUNNING, PAUSED), STOPPED),
    FORCE_STOP("kill", "Force stop", "Killing…", EnumSet.of(RUNNING, PAUSED), STOPPED),
    RESTART("restart", "Restart", "Restarting…", EnumSet.of(RUNNING), RUNNING),
    DELETE("delete", "Delete", "Deleting…", EnumSet.of(CREATED, STOPPED, ERROR), null);

    private final String key;
    private final String label;
    private final String progressLabel;
    private final Set<InstanceStatus> allowedFrom;
    private final InstanceStatus resultingStatus;

    Action(String key, String label, String progressLabel, Set<InstanceStatus> allowedFrom, InstanceStatus resultingStatus) {
        this.key = key;
        this.label = label;
        this.progressLabel = progressLabel;
        this.allowedFrom = Set.copyOf(allowedFrom);
        this.resultingStatus = resultingStatus;
    }

    /** Stable lower-case key used by the CLI, the store and JSON (force stop is {@code kill}). */
    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    /** Text shown on a row while this action is in flight, e.g. {@code Pausing…}. */
    public String progressLabel() {
        return progressLabel;
    }

    public Set<InstanceStatus> allowedFrom() {
        return allowedFrom;
    }

    public boolean isAllowedFrom(InstanceStatus status) {
        return allowedFrom.contains(status);
    }

    /** Status after the backend confirmed the action; empty for {@link #DELETE}, which removes the instance. */
    public Optional<InstanceStatus> resultingStatus() {
        return Optional.ofNullable(resultingStatus);
    }

    /** Whether the target status is already reached, so that doing nothing is the right answer. */
    public boolean isAlreadyDone(InstanceStatus status) {
        return resultingStatus != null && resultingStatus == status && this != RESTART;
    }

    /** The action that undoes this one, where one exists (used for compensation). */
    public Optional<Action> inverse() {
        return switch (this) {
            case PAUSE -> Optional.of(RESUME);
            case RESUME -> Optional.of(PAUSE);
            case START -> Optional.of(STOP);
            default -> Optional.empty();
        };
    }

    public static Action fromKey(String key) {
        for (Action action : values()) {
            if (action.key.equalsIgnoreCase(key) || action.name().equalsIgnoreCase(key)) {
                return action;
            }
        }
        throw new IllegalArgumentException("unknown action '" + key + "'");
    }
}
