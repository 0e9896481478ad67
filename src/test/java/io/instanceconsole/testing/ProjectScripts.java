package io.instanceconsole.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the project's own engine scripts in {@code .ci/} for integration tests: real Docker Engines, Podman and libvirt,
 * started on demand (the scripts are idempotent and install what is missing) and stopped when the JVM ends.
 * Tests never fake an adapter's own backend.
 */
public final class ProjectScripts {
    private static final Path ROOT = findRoot();
    private static final List<String[]> CLEANUPS = new ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(ProjectScripts::cleanUp));
    }

    private ProjectScripts() {
    }

    /** Starts (or reuses) Docker Engine {@code name}; returns its {@code DOCKER_HOST} URI. Stopped at JVM exit. */
    public static synchronized String dockerEngine(String name) {
        String host = lastLine(run(600, ".ci/docker-engine.sh", "start", name)).replaceFirst("^DOCKER_HOST=", "");
        registerCleanup(".ci/docker-engine.sh", "stop", name);
        return host;
    }

    /** Stops Docker Engine {@code name} now (for outage tests); {@link #dockerEngine} starts it again. */
    public static synchronized void stopDockerEngine(String name) {
        run(120, ".ci/docker-engine.sh", "stop", name);
    }

    /** Restarts engine {@code name} as a host restart does: dockerd stops (and its containers), then starts again. */
    public static synchronized void restartDockerEngine(String name) {
        run(180, ".ci/docker-engine.sh", "restart", name);
    }

    /**
     * Starts (or reuses) the tests' own Podman service ({@code .ci/podman-engine.sh}); returns the {@code unix://} URI of
     * its Docker-compatible socket. Stopped at JVM exit.
     */
    public static synchronized String podmanEngine() {
        String host = lastLine(run(600, ".ci/podman-engine.sh", "start")).replaceFirst("^DOCKER_HOST=", "");
        registerCleanup(".ci/podman-engine.sh", "stop");
        return host;
    }

    /**
     * Starts (or reuses) the tests' 3-member LXD cluster ({@code .ci/lxd-cluster.sh}) in its loopback-only network
     * namespace. Stopped at JVM exit.
     */
    public static synchronized LxdCluster lxdCluster() {
        Map<String, String> values = new HashMap<>();
        for (String line : run(900, ".ci/lxd-cluster.sh", "start")) {
            int eq = line.indexOf('=');
            if (line.startsWith("LXD_") && eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1).trim());
            }
        }
        registerCleanup(".ci/lxd-cluster.sh", "stop");
        List<Path> dirs = new ArrayList<>();
        for (int i = 1; values.containsKey("LXD_DIR_" + i); i++) {
            dirs.add(Path.of(values.get("LXD_DIR_" + i)));
        }
        if (!values.containsKey("LXD_SOCKET") || !values.containsKey("LXD_HTTPS") || dirs.isEmpty()) {
            throw new IllegalStateException("lxd-cluster.sh start printed no LXD_SOCKET/LXD_HTTPS/LXD_DIR_N: " + values);
        }
        return new LxdCluster(Path.of(values.get("LXD_SOCKET")), values.get("LXD_HTTPS"),
                Path.of(values.get("LXD_NETNS_PATH")), Path.of(values.get("LXD_CONF")), List.copyOf(dirs));
    }

    /** Kills member {@code n}'s daemon at once (a crash; its instances keep running); {@link #startLxdMember} brings it back. */
    public static synchronized void killLxdMember(int n) {
        run(60, ".ci/lxd-cluster.sh", "member-kill", Integer.toString(n));
    }

    public static synchronized void startLxdMember(int n) {
        run(120, ".ci/lxd-cluster.sh", "member-start", Integer.toString(n));
    }

    /**
     * The tests' LXD cluster: member 1's unix socket, its HTTPS address (reachable only inside the namespace), the
     * namespace, the lxc client's configuration and each member's {@code LXD_DIR}.
     */
    public record LxdCluster(Path socket, String https, Path netns, Path clientConf, List<Path> memberDirs) {
    }

    /** Starts (or reuses) the real libvirt daemon with the tiny TCG VM {@code ic-tiny}. Stopped at JVM exit. */
    public static synchronized LibvirtDaemon libvirtDaemon() {
        List<String> lines = run(900, ".ci/libvirt-env.sh", "start");
        String uri = null;
        String serial = null;
        for (String line : lines) {
            if (line.startsWith("LIBVIRT_URI=")) uri = line.substring("LIBVIRT_URI=".length());
            if (line.startsWith("IC_TINY_SERIAL=")) serial = line.substring("IC_TINY_SERIAL=".length());
        }
        if (uri == null || serial == null) {
            throw new IllegalStateException("libvirt-env.sh start printed no LIBVIRT_URI/IC_TINY_SERIAL: " + lines);
        }
        registerCleanup(".ci/libvirt-env.sh", "stop");
        return new LibvirtDaemon(uri, Path.of(serial));
    }

    /** Writes a libvirt test-driver node file with {@code count} domains; returns its {@code test:///} URI. */
    public static String libvirtTestNode(int count, Path file) {
        return lastLine(run(300, ".ci/libvirt-env.sh", "testnode", Integer.toString(count), file.toAbsolutePath().toString()));
    }

    /** The real libvirt daemon of the tests. */
    public record LibvirtDaemon(String uri, Path serialLog) {
        /** Runs {@code virsh -c URI ARGS…} against this daemon; its output, or a failure naming the command. */
        public String virsh(String... args) {
            String[] command = new String[args.length + 3];
            command[0] = "virsh";
            command[1] = "-c";
            command[2] = uri;
            System.arraycopy(args, 0, command, 3, args.length);
            return String.join("\n", run(60, command));
        }
    }

    public static Path root() {
        return ROOT;
    }

    /** The last lines a script printed on its standard output, for a failure's message. */
    private static String tail(String out) {
        List<String> lines = out.lines().toList();
        return lines.isEmpty() ? "" : "\n(its output ended with:)\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }

    /** Runs a script from the project root; returns its stdout lines, or fails with what it printed. */
    public static List<String> run(long timeoutSeconds, String... command) {
        try {
            // both outputs go to files, so that a script that never ends cannot block the wait for it
            Path stdout = Files.createTempFile("ic-script", ".out");
            Path stderr = Files.createTempFile("ic-script", ".err");
            Process process = new ProcessBuilder(command).directory(ROOT.toFile())
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            boolean ended = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            if (!ended) {
                process.destroyForcibly().waitFor();
            }
            String out = Files.readString(stdout);
            String err = Files.readString(stderr);
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
            if (!ended) {
                throw new IllegalStateException(String.join(" ", command) + " did not finish in " + timeoutSeconds
                        + " s: " + err + tail(out));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue() + "): "
                        + err + tail(out));
            }
            return out.lines().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }

    private static String lastLine(List<String> lines) {
        if (lines.isEmpty()) {
            throw new IllegalStateException("script printed nothing");
        }
        return lines.get(lines.size() - 1).trim();
    }

    private static void registerCleanup(String... command) {
        if (CLEANUPS.stream().noneMatch(c -> Arrays.equals(c, command))) {
            CLEANUPS.add(command);
        }
    }

    private static synchronized void cleanUp() {
        if (Boolean.getBoolean("ic.keepEngines")) {
            return;
        }
        for (String[] command : CLEANUPS) {
            try {
                run(180, command);
            } catch (RuntimeException e) {
                System.err.println("cleanup failed: " + e.getMessage());
            }
        }
    }

    private static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve(".ci/docker-engine.sh"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the project root (.ci/docker-engine.sh) above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
