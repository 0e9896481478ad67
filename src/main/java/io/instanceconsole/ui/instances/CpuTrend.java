package io.instanceconsole.ui.instances;

import io.instanceconsole.domain.InstanceStats;

import java.util.Arrays;

/**
 * What the CPU column shows of one row: the last sample's figure and the CPU percentages of at most {@link #LENGTH}
 * recent samples, oldest first, for the cell's sparkline. Immutable; a row keeps one, so the cost is bounded per row
 * and only rows that were sampled (on screen, running) have more than {@link #NONE}.
 */
public final class CpuTrend {
    /** Samples kept: two minutes at the table's 5 s sampling. */
    public static final int LENGTH = 24;
    /** No sample: an empty cell. */
    public static final CpuTrend NONE = new CpuTrend(null, new double[0]);

    private final InstanceStats latest;
    private final double[] recent;

    private CpuTrend(InstanceStats latest, double[] recent) {
        this.latest = latest;
        this.recent = recent;
    }

    /**
     * This trend with one more sample; {@code this} itself when the sample would change nothing the cell shows (the
     * same figure, and a line that was flat at that value), so an idle row does not repaint every sample. A sample
     * whose CPU is not known yet keeps the line as it is.
     */
    public CpuTrend with(InstanceStats sample) {
        double cpu = sample.cpuPercent();
        if (cpu < 0) {
            return latest != null && latest.cpuText().equals(sample.cpuText()) ? this : new CpuTrend(sample, recent);
        }
        if (latest != null && latest.cpuText().equals(sample.cpuText()) && flatAt(cpu)) {
            return this;
        }
        int kept = Math.min(recent.length, LENGTH - 1);
        double[] next = Arrays.copyOfRange(recent, recent.length - kept, recent.length + 1);
        next[kept] = cpu;
        return new CpuTrend(sample, next);
    }

    private boolean flatAt(double cpu) {
        if (recent.length < LENGTH) {
            return false;
        }
        for (double value : recent) {
            if (value != cpu) {
                return false;
            }
        }
        return true;
    }

    /** The cell's text, {@code 12.5 %}; empty without a sample. */
    public String text() {
        return latest == null ? "" : latest.cpuText();
    }

    /** The recent CPU percentages, oldest first (a copy). */
    public double[] recent() {
        return recent.clone();
    }

    /** How many recent samples there are. */
    public int size() {
        return recent.length;
    }

    /**
     * The value the line's top stands for: the highest recent sample, but at least 10 % of a core, so an idle
     * instance's noise (0.1 %, 0.3 %) draws as the flat line it is.
     */
    public double scale() {
        double peak = 10;
        for (double value : recent) {
            peak = Math.max(peak, value);
        }
        return peak;
    }
}
