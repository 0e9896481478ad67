package io.instanceconsole.domain;

import java.util.Locale;

/**
 * A sample of an instance's resource use. Immutable.
 *
 * @param cpuPercent  CPU use in percent of one core (so 200 means two cores busy); negative when not known yet
 * @param memoryBytes memory in use
 * @param memoryLimit the instance's memory limit or size, or 0 when it has none
 */
public record InstanceStats(double cpuPercent, long memoryBytes, long memoryLimit) {

    /** {@code 12.5 % · 256 MiB / 1.0 GiB}, for a table cell. */
    public String cpuText() {
        return cpuPercent < 0 ? "…" : String.format(Locale.ROOT, "%.1f %%", cpuPercent);
    }

    public String memoryText() {
        return bytes(memoryBytes) + (memoryLimit > 0 ? " / " + bytes(memoryLimit) : "");
    }

    static String bytes(long value) {
        if (value >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", value / (double) (1L << 30));
        }
        if (value >= 1L << 20) {
            return String.format(Locale.ROOT, "%d MiB", value >> 20);
        }
        return String.format(Locale.ROOT, "%d KiB", value >> 10);
    }
}
