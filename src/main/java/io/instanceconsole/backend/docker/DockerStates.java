package io.instanceconsole.backend.docker;

import com.github.dockerjava.api.model.Statistics;
import io.instanceconsole.domain.InstanceStats;
import io.instanceconsole.domain.InstanceStatus;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps Docker's container states to the console's {@link InstanceStatus} plus a reason. Pure functions; thread-safe.
 *
 * <p>Docker states: {@code created, running, paused, restarting, removing, exited, dead}.
 */
final class DockerStates {
    /** The exit code in a listing's status text, e.g. {@code Exited (137) 5 minutes ago}. */
    private static final Pattern EXIT_CODE = Pattern.compile("^(?:Exited|Restarting) \\((-?\\d+)\\)");

    private DockerStates() {
    }

    /** An observed status with Docker's reason for it (empty when Docker gives none). */
    record Observed(InstanceStatus status, String reason) {
    }

    /**
     * From an inspect response's {@code State}.
     *
     * @param state     Docker's state word ({@code State.Status})
     * @param exitCode  {@code State.ExitCode}, or null
     * @param oomKilled {@code State.OOMKilled}
     * @param error     {@code State.Error}, or null/empty
     */
    static Observed fromInspect(String state, Long exitCode, boolean oomKilled, String error) {
        return map(state, exitCode, oomKilled, error);
    }

    /**
     * From a listing row, which has only the state word and a human status text such as
     * {@code Exited (137) 5 minutes ago}; the exit code is read from that text.
     */
    static Observed fromListing(String state, String statusText) {
        Long exitCode = null;
        if (statusText != null) {
            Matcher m = EXIT_CODE.matcher(statusText.trim());
            if (m.find()) {
                exitCode = Long.parseLong(m.group(1));
            }
        }
        return map(state, exitCode, false, null);
    }

    /** Whether a container event's word says the container's new state by itself: {@code pause}, {@code unpause}. */
    static boolean saysStateItself(String eventWord) {
        return fromStateEvent(eventWord).isPresent();
    }

    /**
     * The state a container is in after a {@code pause} or {@code unpause} event (the engine sends them once the
     * freezer did its work); empty for every other event, whose outcome only an inspect can tell (a {@code die} may
     * be followed by a restart, a {@code start} may fail at once).
     */
    static Optional<Observed> fromStateEvent(String eventWord) {
        return switch (eventWord) {
            case "pause" -> Optional.of(map("paused", null, false, null));
            case "unpause" -> Optional.of(map("running", null, false, null));
            default -> Optional.empty();
        };
    }

    private static Observed map(String state, Long exitCode, boolean oomKilled, String error) {
        String word = state == null ? "" : state.trim().toLowerCase(Locale.ROOT);
        return switch (word) {
            case "created" -> new Observed(InstanceStatus.CREATED, "");
            case "running" -> new Observed(InstanceStatus.RUNNING, "");
            // Docker pauses only when a user asks (the freezer cgroup; no I/O-error or migration pauses as in libvirt),
            // and "user" is also what the service records after its own pause: the event that follows then changes
            // nothing, instead of costing a store write per container in a bulk pause
            case "paused" -> new Observed(InstanceStatus.PAUSED, "user");
            case "restarting" -> new Observed(InstanceStatus.RESTARTING, "");
            // being removed: it no longer runs, and the destroy event follows shortly
            case "removing" -> new Observed(InstanceStatus.STOPPED, "removing");
            case "exited" -> new Observed(InstanceStatus.STOPPED, exited(exitCode, oomKilled));
            case "dead" -> new Observed(InstanceStatus.ERROR,
                    error == null || error.isBlank() ? "dead" : "dead: " + error.trim());
            default -> new Observed(InstanceStatus.UNKNOWN, word.isEmpty() ? "no state reported" : "docker state '" + word + "'");
        };
    }

    private static String exited(Long exitCode, boolean oomKilled) {
        if (exitCode == null) {
            return oomKilled ? "exited (out of memory)" : "exited";
        }
        return "exited (" + exitCode + (oomKilled ? ", out of memory" : "") + ")";
    }

    /** CPU percent of one core from a sample and the engine's previous one, as `docker stats` computes it. */
    static InstanceStats statsOf(Statistics s) {
        double cpu = -1;
        var now = s.getCpuStats();
        var before = s.getPreCpuStats();
        if (now != null && before != null && now.getCpuUsage() != null && before.getCpuUsage() != null
                && now.getSystemCpuUsage() != null && before.getSystemCpuUsage() != null
                && now.getCpuUsage().getTotalUsage() != null && before.getCpuUsage().getTotalUsage() != null) {
            long cpuDelta = now.getCpuUsage().getTotalUsage() - before.getCpuUsage().getTotalUsage();
            long systemDelta = now.getSystemCpuUsage() - before.getSystemCpuUsage();
            long cpus = now.getOnlineCpus() == null ? 1 : now.getOnlineCpus();
            if (systemDelta > 0 && cpuDelta >= 0) {
                cpu = (double) cpuDelta / systemDelta * cpus * 100.0;
            }
        }
        var memory = s.getMemoryStats();
        long used = memory == null || memory.getUsage() == null ? 0 : memory.getUsage();
        long limit = memory == null || memory.getLimit() == null ? 0 : memory.getLimit();
        return new InstanceStats(cpu, used, limit);
    }
}
