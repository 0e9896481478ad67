package io.instanceconsole.backend.lxd;

import io.instanceconsole.domain.InstanceStatus;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** LXD's words for an instance's state, and the state a lifecycle event says an instance is now in. */
final class LxdStates {
    private static final Pattern NO_HEARTBEAT = Pattern.compile("^No heartbeat for .*\\(\\d{4}-\\d\\d-\\d\\d (\\d\\d:\\d\\d:\\d\\d)");

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
     * A cluster member's health as a person reads it: {@code offline: no heartbeat since 18:27:25 UTC} from status
     * {@code Offline} and message {@code No heartbeat for 23.4s (2026-12-07 18:27:25.2 +0000 UTC)}; other messages
     * as LXD wrote them.
     */
    static String memberHealth(String status, String message) {
        Matcher heartbeat = NO_HEARTBEAT.matcher(message);
        String detail = heartbeat.find() ? "no heartbeat since " + heartbeat.group(1) + " UTC" : message.strip();
        String state = status.isEmpty() ? "not online" : status.toLowerCase(Locale.ROOT);
        return detail.isEmpty() ? state : state + ": " + detail;
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
