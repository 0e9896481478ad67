package io.instanceconsole.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark harness's shared bits: smoke mode, run counts, statistics and the report format. Every figure is
 * printed twice: one line for people, and one machine-readable line
 * {@code BENCH name=<id> unit=<ms|MB|%|ratio> median=<x> min=<x> max=<x> runs=<n> target=<op><x> met=<yes|no|n/a>},
 * also appended to {@code target/bench-results.txt}. In smoke mode ({@code -Dbench.smoke=true}) sizes are tiny,
 * every benchmark runs once, and {@code met} is always {@code n/a}: smoke only proves the benchmarks still run.
 */
final class Bench {
    private static final List<String> LINES = Collections.synchronizedList(new ArrayList<>());

    private Bench() {
    }

    static boolean smoke() {
        return Boolean.getBoolean("bench.smoke");
    }

    /** Runs per figure: 1 in smoke mode, else {@code -Dbench.runs} or the benchmark's default. */
    static int runs(int full) {
        String runs = System.getProperty("bench.runs", "").trim();
        return smoke() ? 1 : runs.isEmpty() ? full : Integer.parseInt(runs);
    }

    /** The full size, or the tiny one in smoke mode. */
    static int size(int full, int tiny) {
        return smoke() ? tiny : full;
    }

    /** The whole number after {@code name} in a benchmark's arguments ({@code --rounds 3}), or the fallback. */
    static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }

    /** A size as figures name it: 10000 → "10k", 500 → "500". */
    static String label(int count) {
        return count % 1000 == 0 ? count / 1000 + "k" : String.format(Locale.ROOT, "%d", count);
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Nearest-rank percentile, p in (0, 100]. */
    static double percentile(List<Double> values, double p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    /**
     * Reports one figure.
     *
     * @param target e.g. {@code <=1500}, {@code >=1}, or empty when there is none
     */
    static void report(String name, String unit, List<Double> values, String target) {
        if (values.isEmpty()) {
            skip(name, "no values");
            return;
        }
        double median = median(values);
        double min = Collections.min(values);
        double max = Collections.max(values);
        String met = smoke() || target.isEmpty() ? "n/a" : meets(median, target) ? "yes" : "no";
        String line = String.format(Locale.ROOT, "BENCH name=%s unit=%s median=%s min=%s max=%s runs=%d target=%s met=%s",
                name, unit, fmt(median), fmt(min), fmt(max), values.size(), target.isEmpty() ? "none" : target, met);
        System.out.printf(Locale.ROOT, "  %-44s median %s %s (min %s, max %s, %d runs) target %s%n", name, fmt(median),
                unit, fmt(min), fmt(max), values.size(), target.isEmpty() ? "-" : target + " " + unit + " → " + met);
        System.out.println(line);
        record(line);
    }

    static void skip(String name, String why) {
        String line = "BENCH name=" + name + " skipped=\"" + why.replace('"', '\'') + "\"";
        System.out.println(line);
        record(line);
    }

    /** A line another JVM (a lab benchmark's child, {@link LabBench}) already printed and recorded: summary only. */
    static void adopt(String line) {
        LINES.add(line);
    }

    static void info(String format, Object... args) {
        System.out.printf(Locale.ROOT, "  · " + format + "%n", args);
    }

    static List<String> lines() {
        return List.copyOf(LINES);
    }

    private static void record(String line) {
        LINES.add(line);
        try {
            Path out = Path.of(System.getProperty("bench.out", "target/bench-results.txt"));
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("cannot append to the results file: " + e.getMessage());
        }
    }

    private static boolean meets(double value, String target) {
        double limit = Double.parseDouble(target.substring(2));
        return target.startsWith("<=") ? value <= limit : value >= limit;
    }

    static String fmt(double value) {
        if (Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return Math.abs(value) >= 10 ? String.format(Locale.ROOT, "%.1f", value) : String.format(Locale.ROOT, "%.3f", value);
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** The command line {@code verb id id ...} (for a CLI's {@code docker pause $(docker ps -q)}). */
    static String[] command(String verb, List<String> ids) {
        List<String> args = new ArrayList<>(List.of(verb));
        args.addAll(ids);
        return args.toArray(String[]::new);
    }

    static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
