package io.instanceconsole.app;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark hook of {@code instancectl}, off unless {@code -Dinstanceconsole.probe.cliPhases=true}: records the
 * moment each phase of one call ends and, at exit, prints one line to stderr,
 * {@code CLI_PHASES jvm=<ms> parse=<ms> ... total=<ms>}, each figure the milliseconds that phase took (the first,
 * {@code jvm}, is from the JVM's start to {@code main}). The CLI benchmark reads that line for its start-up profile.
 * Off, each mark is one static boolean read. Thread-safe.
 */
final class CliPhases {
    static final String ENABLED = "instanceconsole.probe.cliPhases";
    private static final boolean ON = Boolean.getBoolean(ENABLED);
    private static final List<String> NAMES = new ArrayList<>();
    private static final List<Long> AT_NANOS = new ArrayList<>();
    private static long mainNanos;
    private static long jvmMs;

    private CliPhases() {
    }

    /** The start of {@code main}: what came before it is the JVM's start and the loading of the main class. */
    static void main() {
        if (ON) {
            synchronized (CliPhases.class) {
                mainNanos = System.nanoTime();
                jvmMs = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
            }
        }
    }

    /** The phase called {@code name} ended now (a name marked twice counts its time twice, summed). */
    static void ended(String name) {
        if (ON) {
            synchronized (CliPhases.class) {
                NAMES.add(name);
                AT_NANOS.add(System.nanoTime());
            }
        }
    }

    /** Prints the line, when enabled. */
    static void print() {
        if (!ON) {
            return;
        }
        StringBuilder line = new StringBuilder("CLI_PHASES jvm=").append(jvmMs);
        synchronized (CliPhases.class) {
            long previous = mainNanos;
            for (int i = 0; i < NAMES.size(); i++) {
                line.append(' ').append(NAMES.get(i)).append('=')
                        .append(String.format(Locale.ROOT, "%.1f", (AT_NANOS.get(i) - previous) / 1e6));
                previous = AT_NANOS.get(i);
            }
            line.append(String.format(Locale.ROOT, " total=%.1f", jvmMs + (previous - mainNanos) / 1e6));
        }
        System.err.println(line);
        System.err.flush();
    }
}
