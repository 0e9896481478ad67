package io.instanceconsole.bench;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The real GUI ({@code io.instanceconsole.app.Launcher --data-dir DIR}) as a child process under Xvfb, software
 * rendering, with the start-up probe on: {@link #firstPaint()} is when its table first showed enough rows. Started
 * either from the test class path ({@link #GuiProcess(Path, int)}) or through an app image's own launcher
 * ({@link #packaged}).
 */
final class GuiProcess implements AutoCloseable {
    private final Process process;
    private final long launchedNanos;
    private final CompletableFuture<long[]> firstPaint = new CompletableFuture<>();
    private final Path log;
    private final Writer saved;
    private final List<String> stderr = new CopyOnWriteArrayList<>();
    private final List<Thread> readers = new ArrayList<>();

    /** The GUI from the test class path (directories and jars), with the pom's GUI JVM options. */
    GuiProcess(Path dataDir, int minRows) throws Exception {
        this(classPathCommand(dataDir, minRows), "");
    }

    private static List<String> classPathCommand(Path dataDir, int minRows) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Dprism.order=sw", "-Dinstanceconsole.probe.firstPaint=true",
                "-Dinstanceconsole.probe.minRows=" + minRows,
                "-cp", System.getProperty("java.class.path"), "io.instanceconsole.app.Launcher", "--data-dir", dataDir.toString()));
        // The GUI's own JVM options (pom.xml gui.jvmArgs, as exec:exec and the installed launcher use them), then any
        // extra ones for an experiment.
        String options = (System.getProperty("gui.jvmArgs", "") + " " + System.getProperty("bench.gui.jvmArgs", "")).trim();
        if (!options.isEmpty()) {
            command.addAll(1, List.of(options.split("\\s+")));
        }
        return command;
    }

    /**
     * The GUI through the app image's launcher ({@code bin/instance-console}), so with the image's own runtime, jars
     * and JVM options (its AOT cache among them). The probe's properties and {@code extraJvmOptions} go in through
     * {@code JAVA_TOOL_OPTIONS}, which the JVM reads before the launcher's options.
     */
    static GuiProcess packaged(Path appImage, Path dataDir, int minRows, String extraJvmOptions) throws Exception {
        return new GuiProcess(List.of(appImage.resolve("bin/instance-console").toString(), "--data-dir", dataDir.toString()),
                ("-Dprism.order=sw -Dinstanceconsole.probe.firstPaint=true -Dinstanceconsole.probe.minRows=" + minRows + " "
                        + extraJvmOptions).trim());
    }

    private GuiProcess(List<String> command, String javaToolOptions) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("DISPLAY", Machine.xvfb());
        builder.environment().remove("DOCKER_HOST");
        builder.environment().remove("LIBVIRT_DEFAULT_URI");
        if (!javaToolOptions.isEmpty()) {
            builder.environment().put("JAVA_TOOL_OPTIONS", javaToolOptions);
            builder.environment().remove("_JAVA_OPTIONS"); // it would come after, and override, the launcher's options
        }
        log = Files.createTempFile("ic-bench-gui-", ".log");
        log.toFile().deleteOnExit();
        saved = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
        launchedNanos = System.nanoTime();
        process = builder.start();
        readers.add(Thread.ofPlatform().daemon(true).name("gui-output").start(() -> {
            read(process.getInputStream(), "", this::stdoutLine);
            firstPaint.completeExceptionally(new IllegalStateException("the GUI ended without painting its table"));
        }));
        readers.add(Thread.ofPlatform().daemon(true).name("gui-errors").start(() -> read(process.getErrorStream(), "stderr| ", line -> {
            // the JVM's note on the options this harness passes in JAVA_TOOL_OPTIONS is ours, not the GUI's
            if (!line.startsWith("Picked up JAVA_TOOL_OPTIONS:")) {
                stderr.add(line);
            }
        })));
    }

    private void stdoutLine(String line) {
        if (line.startsWith("FIRST_PAINT_MS ")) {
            String[] parts = line.split(" ");
            firstPaint.complete(new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[3]), System.nanoTime() - launchedNanos});
        } else if (Boolean.getBoolean("bench.verbose")) {
            System.out.println("    gui| " + line);
        }
    }

    /** Copies one of the process's streams into the log, line by line, handing each line to {@code each}. */
    private void read(InputStream stream, String prefix, Consumer<String> each) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (saved) {
                    saved.write(prefix + line + "\n");
                    saved.flush();
                }
                each.accept(line);
            }
        } catch (Exception ignored) {
            // the process ended
        }
    }

    /**
     * What the GUI printed on stderr so far, apart from the JVM's note on {@code JAVA_TOOL_OPTIONS}; complete after
     * {@link #close()}.
     */
    List<String> stderr() {
        return List.copyOf(stderr);
    }

    /** {ms from JVM start to first paint (probe), rows shown, ms from launching the process}. */
    double[] firstPaint(long timeoutSeconds) throws Exception {
        long[] v = firstPaint.get(timeoutSeconds, TimeUnit.SECONDS);
        return new double[] {v[0], v[1], v[2] / 1e6};
    }

    /** The GUI's output so far (kept in a temporary file, named when the GUI ends early). */
    Path log() {
        return log;
    }

    /** Fails naming the GUI's log when the process has ended. */
    void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException("the GUI ended (exit " + process.exitValue() + "); its output: " + log);
        }
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        for (Thread reader : readers) {
            reader.join(5_000);
        }
        synchronized (saved) {
            saved.close();
        }
    }
}
