package io.instanceconsole.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the CLI benchmark runs {@code instancectl}: through the app image's own launcher ({@code -Dbench.appImage},
 * by default {@code target/app/instance-console}, built by {@code mvn -Ppackage}) when there is one, as installed
 * users run it, else from the test class path with the launcher's JVM options (figures then named
 * {@code .classpath}). Each run is one process, timed from its start to its end, with its output in files. A profiled
 * run also prints the call's phases ({@code CLI_PHASES}, the app's {@code CliPhases}), which {@link #phases} reads.
 * No engine variable of the caller reaches the process.
 */
final class Instancectl {
    private static final Pattern PHASE = Pattern.compile("(\\w+)=([0-9.]+)");

    private final List<String> launcher;
    private final boolean packaged;
    private final Path scratch;

    private Instancectl(List<String> launcher, boolean packaged, Path scratch) {
        this.launcher = launcher;
        this.packaged = packaged;
        this.scratch = scratch;
    }

    /** The app image's launcher when there is one, else the class path. */
    static Instancectl find() {
        Path image = Path.of(System.getProperty("bench.appImage", "target/app/instance-console")).toAbsolutePath();
        // under target/, not the shared /tmp: another process's clean-up of /tmp once took these files mid-run
        Path scratch = outputDirectory();
        Path launcher = image.resolve("bin/instancectl");
        if (Files.isExecutable(launcher)) {
            return new Instancectl(List.of(launcher.toString()), true, scratch);
        }
        // the launcher's own options (packaging/instancectl.properties), minus what only the image has
        return new Instancectl(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:-UsePerfData", "-cp", System.getProperty("java.class.path"),
                "io.instanceconsole.app.CliMain"), false, scratch);
    }

    private static Path outputDirectory() {
        try {
            Path target = Path.of("target").toAbsolutePath();
            Files.createDirectories(target);
            Path dir = Files.createTempDirectory(target, "bench-cli-out");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a directory for instancectl's output under target/", e);
        }
    }

    /** The suffix of figure names: empty for the app image, {@code .classpath} otherwise. */
    String form() {
        return packaged ? "" : ".classpath";
    }

    String describe() {
        return packaged ? "app image launcher " + launcher.get(0) : "class path (no app image: mvn -Ppackage builds one)";
    }

    /** The command line of {@code instancectl ARGS…}, for a shell script. */
    List<String> command(String... args) {
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(args));
        return command;
    }

    /**
     * One finished process: its exit code, wall time, standard output and error, and the CPU time it and the
     * processes it waited for used (user + system; NaN without {@code /usr/bin/time}). On a shared machine the CPU
     * time says more than the wall time: it does not grow with the other processes' load.
     */
    record Run(int exit, double ms, String out, String err, double cpuMs) {
        Run requireExit(int expected, String what) {
            Bench.check(exit == expected, what + " exited " + exit + ", expected " + expected + ": " + err.strip());
            return this;
        }
    }

    /** Runs {@code instancectl ARGS…} once, unprofiled. */
    Run run(String... args) throws IOException, InterruptedException {
        return exec(command(args), false);
    }

    /** Runs {@code instancectl ARGS…} once with its phase probe on. */
    Run profiled(String... args) throws IOException, InterruptedException {
        return exec(command(args), true);
    }

    /** Starts {@code instancectl ARGS…} without waiting (for runs at once); {@link #finish} waits for it. */
    Started start(String... args) throws IOException {
        return start(command(args), false);
    }

    /** A process started by {@link #start}; {@code cpu} is where {@code /usr/bin/time} writes, or null. */
    record Started(Process process, Path out, Path err, long startNanos, Path cpu) {
    }

    private static final Path TIME = Path.of("/usr/bin/time");

    Run finish(Started started) throws IOException, InterruptedException {
        Bench.check(started.process().waitFor(10, TimeUnit.MINUTES), "instancectl did not end within 10 minutes");
        double ms = Bench.ms(System.nanoTime() - started.startNanos());
        double cpuMs = Double.NaN;
        if (started.cpu() != null) {
            String[] userSystem = Files.readString(started.cpu(), StandardCharsets.UTF_8).strip().split("\\s+");
            String[] last = userSystem.length >= 2 ? userSystem : new String[] {"NaN", "NaN"};
            cpuMs = (Double.parseDouble(last[last.length - 2]) + Double.parseDouble(last[last.length - 1])) * 1000;
        }
        return new Run(started.process().exitValue(), ms, Files.readString(started.out(), StandardCharsets.UTF_8),
                Files.readString(started.err(), StandardCharsets.UTF_8), cpuMs);
    }

    /** Runs any command (the docker CLI, virsh, a shell loop) the same way, timed alike. */
    Run exec(List<String> command, boolean profiled) throws IOException, InterruptedException {
        return finish(start(command, profiled));
    }

    private Started start(List<String> command, boolean profiled) throws IOException {
        Path out = Files.createTempFile(scratch, "out", ".txt");
        Path err = Files.createTempFile(scratch, "err", ".txt");
        Path cpu = Files.isExecutable(TIME) ? Files.createTempFile(scratch, "cpu", ".txt") : null;
        List<String> timed = new ArrayList<>();
        if (cpu != null) {
            timed.addAll(List.of(TIME.toString(), "-f", "%U %S", "-o", cpu.toString()));
        }
        timed.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(timed).redirectOutput(out.toFile()).redirectError(err.toFile());
        Map<String, String> env = builder.environment();
        env.remove("DOCKER_HOST");
        env.remove("LIBVIRT_DEFAULT_URI");
        env.remove("INSTANCE_CONSOLE_HOME");
        env.remove("_JAVA_OPTIONS");
        env.remove("JAVA_TOOL_OPTIONS");
        env.put("DOCKER_CONFIG", scratch.resolve("docker-config").toString());
        if (profiled) {
            // read before the launcher's own options; the JVM says so on stderr, which the probe's line follows
            env.put("JAVA_TOOL_OPTIONS", "-Dinstanceconsole.probe.cliPhases=true");
        }
        long start = System.nanoTime();
        return new Started(builder.start(), out, err, start, cpu);
    }

    /**
     * The phases of a profiled run, in order, in ms, plus {@code launch}: the wall time outside the JVM's own
     * account (the launcher before the JVM, and the JVM's exit).
     */
    static Map<String, Double> phases(Run run) {
        Map<String, Double> phases = new LinkedHashMap<>();
        String line = run.err().lines().filter(l -> l.startsWith("CLI_PHASES")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no CLI_PHASES line on stderr: " + run.err().strip()));
        Matcher m = PHASE.matcher(line);
        while (m.find()) {
            phases.merge(m.group(1), Double.parseDouble(m.group(2)), Double::sum);
        }
        phases.put("launchAndExit", run.ms() - phases.getOrDefault("total", run.ms()));
        return phases;
    }

    /** Adds one profiled run's phases to {@code into} (name → values). */
    static void collect(Map<String, List<Double>> into, Run run) {
        phases(run).forEach((phase, ms) -> into.computeIfAbsent(phase, p -> new ArrayList<>()).add(ms));
    }

    /** Reports the medians of collected phases as {@code <prefix>.<phase>} (no targets: a profile). */
    static void reportPhases(String prefix, Map<String, List<Double>> phases) {
        phases.forEach((phase, values) -> Bench.report(prefix + "." + phase, "ms", values, ""));
    }
}
