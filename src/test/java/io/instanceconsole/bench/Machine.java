package io.instanceconsole.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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

    /** An Xvfb display for GUI processes, started once and stopped at exit; {@code :N}. */
    static synchronized String xvfb() throws Exception {
        if (display != null) {
            return display;
        }
        if (!onPath("Xvfb")) {
            throw new BenchSuite.Skip("Xvfb is not installed");
        }
        for (int n = 91; n < 120; n++) {
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
        throw new BenchSuite.Skip("could not start Xvfb on :91-:119");
    }

    private static String display;
}
