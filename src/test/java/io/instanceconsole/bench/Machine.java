package io.instanceconsole.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/** Facts about this machine and its processes, from {@code /proc} (Linux). */
final class Machine {
    private Machine() {
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "?";
        }
    }

    /** The machine's CPU time so far, as {busy, total} jiffies over all cores (first line of {@code /proc/stat}). */
    static long[] cpuJiffies() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]); // idle + iowait
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    /** The share of the machine's CPU (all cores) that was busy between two {@link #cpuJiffies} readings, in %. */
    static double busyPercent(long[] before, long[] after) {
        long total = after[1] - before[1];
        return total <= 0 ? Double.NaN : 100.0 * (after[0] - before[0]) / total;
    }

    /** The machine's busy CPU time between two {@link #cpuJiffies} readings, all cores and processes, in ms. */
    static double busyMillis(long[] before, long[] after) {
        return (after[0] - before[0]) * 1000.0 / JIFFIES_PER_SECOND;
    }

    /** "machine 97 % busy (1234 ms of CPU)" since a {@link #cpuJiffies} reading. */
    static String busySince(long[] before) {
        long[] after = cpuJiffies();
        return String.format("machine %.0f %% busy (%.0f ms of CPU)", busyPercent(before, after), busyMillis(before, after));
    }

    /** {@code USER_HZ}, the unit of /proc/stat: 100 on every Linux architecture Java runs on. */
    private static final int JIFFIES_PER_SECOND = 100;

    /** Resident set size of a process, in MiB ({@code VmRSS} of {@code /proc/PID/status}). */
    static double rssMiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        throw new IOException("no VmRSS for " + pid);
    }

    /** CPU time used so far (user + system) by a process, in clock ticks (100 per second on Linux). */
    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // after "pid (comm) ": field 3 (state) is index 0, so utime (14) is index 11 and stime (15) index 12
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /**
     * An Xvfb display for GUI processes, started once and stopped at exit; {@code :N}. The first free number of
     * {@code -Dbench.xvfb.displays=71,72} (for a session given its own displays on a shared machine), else of 91–119.
     */
    static synchronized String xvfb() throws Exception {
        if (display != null) {
            return display;
        }
        if (!onPath("Xvfb")) {
            throw new BenchSuite.Skip("Xvfb is not installed");
        }
        String chosen = System.getProperty("bench.xvfb.displays", "").trim();
        List<Integer> numbers = chosen.isEmpty() ? IntStream.range(91, 120).boxed().toList()
                : Arrays.stream(chosen.split(",")).map(String::trim).map(Integer::valueOf).toList();
        for (int n : numbers) {
            if (Files.exists(Path.of("/tmp/.X11-unix/X" + n)) || Files.exists(Path.of("/tmp/.X" + n + "-lock"))) {
                continue;
            }
            Process xvfb = new ProcessBuilder(List.of("Xvfb", ":" + n, "-screen", "0", "1280x800x24", "-nolisten", "tcp"))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            for (int i = 0; i < 50 && !Files.exists(Path.of("/tmp/.X11-unix/X" + n)); i++) {
                Thread.sleep(100);
            }
            if (xvfb.isAlive()) {
                Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(xvfb::destroy));
                display = ":" + n;
                return display;
            }
        }
        throw new BenchSuite.Skip("could not start Xvfb on any of " + numbers);
    }

    private static String display;
}
