package io.instanceconsole.bench;

import com.sun.security.auth.module.UnixSystem;
import io.instanceconsole.testing.ProjectScripts;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a benchmark that needs the host lab ({@code .ci/host-lab.sh}: lab hosts 127.0.1.I with their own sshd and
 * dockerd, reachable only inside the lab's network namespace) in a child JVM started through
 * {@code .ci/lab-jvm/bin/java}, the wrapper the LabITs run in ({@code nsenter --net=/run/netns/icl-lab java ...}).
 * The suite's own JVM stays where it is, so every other benchmark runs exactly as before (Xvfb, the local engines).
 *
 * <p>The child gets this JVM's options (the GUI's {@code gui.jvmArgs}, {@code -Dbench.*}) and class path, runs
 * {@link #main} with the benchmark's name, prints its figures as usual and appends its {@code BENCH} lines to the
 * results file; this side echoes its output and adopts those lines for the suite's summary. A child that fails makes
 * the benchmark fail. The lab is brought up by the child ({@code up} is idempotent and only grows, so a lab another
 * session uses is shared, not disturbed); {@link #afterSuite} takes it down again only if it was not up before this
 * suite started ({@code -Dic.lab.keep=true} leaves it up). {@code IC_LAB_DIR} / {@code IC_LAB_NETNS} choose another
 * lab, as for host-lab.sh.
 */
final class LabBench {
    private static final String SCRIPT = ".ci/host-lab.sh";
    private static final String LAB_JAVA = ".ci/lab-jvm/bin/java";
    private static Boolean labWasUp;

    private LabBench() {
    }

    /** Parent side: runs benchmark {@code name} in a child JVM inside the lab's namespace. */
    static void run(String name) throws Exception {
        long uid = new UnixSystem().getUid();
        if (uid != 0) {
            throw new BenchSuite.Skip("the host lab needs root (uid " + uid + ")");
        }
        if (!Files.isDirectory(Path.of("/run/netns")) && !canRun("ip", "netns", "list")) {
            throw new BenchSuite.Skip("'ip netns' does not work here");
        }
        Path root = ProjectScripts.root();
        synchronized (LabBench.class) {
            if (labWasUp == null) {
                labWasUp = canRun(root.resolve(SCRIPT).toString(), "env");
                System.out.println("  · host lab " + (labWasUp ? "already up: shared, left up afterwards"
                        : "not up: brought up for these benchmarks and taken down after the suite"));
            }
        }
        List<String> command = new ArrayList<>();
        command.add(root.resolve(LAB_JAVA).toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-classpath", System.getProperty("java.class.path"), LabBench.class.getName(), name));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile())
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("IC_LAB_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process child = builder.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                System.out.println(line);
                if (line.startsWith("BENCH ")) {
                    Bench.adopt(line);
                }
            }
        } finally {
            if (!child.waitFor(60, TimeUnit.SECONDS)) {
                child.descendants().forEach(ProcessHandle::destroyForcibly);
                child.destroyForcibly();
            }
        }
        if (child.exitValue() != 0) {
            throw new IllegalStateException("the lab JVM of '" + name + "' ended with exit " + child.exitValue()
                    + " (its output is above)");
        }
    }

    /** Parent side, once after every benchmark: takes the lab down if this suite brought it up. */
    static void afterSuite() {
        synchronized (LabBench.class) {
            if (labWasUp == null || labWasUp) {
                return;
            }
            labWasUp = null;
        }
        if (Boolean.getBoolean("ic.lab.keep")) {
            System.out.println("host lab left up (-Dic.lab.keep=true); take it down with " + SCRIPT + " down");
            return;
        }
        try {
            ProjectScripts.run(600, SCRIPT, "down");
            System.out.println("host lab taken down");
        } catch (RuntimeException e) {
            System.out.println("taking the host lab down failed: " + e.getMessage());
        }
    }

    private static boolean canRun(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Child side: runs one lab benchmark, inside the lab's namespace. */
    public static void main(String[] args) throws Exception {
        Map<String, BenchSuite.Benchmark> benchmarks = Map.of(
                "ssh-bulk", SshBulkBenchmark::run,
                "ssh-connect", SshConnectBenchmark::run,
                "ssh-hosts", SshHostsBenchmark::run);
        BenchSuite.Benchmark benchmark = args.length == 1 ? benchmarks.get(args[0]) : null;
        if (benchmark == null) {
            System.err.println("usage: LabBench " + String.join("|", benchmarks.keySet()));
            System.exit(2);
        }
        int status = 0;
        try {
            SshLab.requireInsideNamespace();
            benchmark.run();
        } catch (BenchSuite.Skip skip) {
            Bench.skip(args[0], skip.getMessage());
        } catch (Exception | Error e) {
            e.printStackTrace(System.out);
            status = 1;
        }
        System.out.flush();
        // docker-java's and the delay proxies' threads must not keep the child alive
        System.exit(status);
    }
}
