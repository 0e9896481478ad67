package io.instanceconsole.backend.lxd;

import io.instanceconsole.testing.ProjectScripts;
import io.instanceconsole.testing.ProjectScripts.LxdCluster;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * LXD's own {@code lxc} client against the tests' cluster (member 1's unix socket, the cluster's own client
 * configuration): what the tests compare the console with, and how they change the cluster behind its back.
 */
public final class LxdCli {
    private final LxdCluster cluster;
    private final List<String> created = new ArrayList<>();

    public LxdCli(LxdCluster cluster) {
        this.cluster = cluster;
    }

    public LxdCluster cluster() {
        return cluster;
    }

    /** A fresh instance of the busybox image on member {@code m1}…{@code m3}, running; removed by {@link #removeCreated}. */
    public String launch(String prefix, String member) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        lxc("launch", "ic-busybox", name, "--target", member);
        created.add(name);
        return name;
    }

    /** Instances on the given members, launched with one {@code lxc launch} each. */
    public List<String> launchAcross(String prefix, int count, String... members) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add(launch(prefix, members[i % members.length]));
        }
        return names;
    }

    /** The status {@code lxc list} shows ({@code RUNNING}, {@code FROZEN}, {@code STOPPED}), upper case. */
    public String status(String name) {
        return lxc("list", "^" + name + "$", "-c", "s", "--format", "csv").strip().toUpperCase(Locale.ROOT);
    }

    /** The member {@code lxc list} says runs the instance. */
    public String location(String name) {
        return lxc("list", "^" + name + "$", "-c", "L", "--format", "csv").strip();
    }

    /** A new trust token for a client called {@code client}. */
    public String token(String client) {
        return ProjectScripts.run(60, ".ci/lxd-cluster.sh", "token", client).getLast().strip();
    }

    /** Counts an instance a test made under another name ({@code lxc move OLD NEW}) among those to delete. */
    public void adopt(String name) {
        created.add(name);
    }

    /** Deletes the instances {@link #launch} made that still exist (a test may have deleted some itself). */
    public void removeCreated() {
        List<String> existing = lxc("list", "-c", "n", "--format", "csv").lines().map(String::strip).toList();
        List<String> command = new ArrayList<>(List.of("delete", "--force"));
        created.stream().filter(existing::contains).forEach(command::add);
        created.clear();
        if (command.size() > 2) {
            lxc(command.toArray(String[]::new));
        }
    }

    /** The cluster's HTTPS address as a connection URI ({@code lxd+https://127.0.2.1:8443}). */
    public String httpsUri() {
        return "lxd+" + cluster.https();
    }

    /** Runs {@code lxc ARGS} on member 1's socket; fails with lxc's error output when it fails or takes over 120 s. */
    public String lxc(String... args) {
        return lxc(Duration.ofSeconds(120), args);
    }

    /** Runs {@code lxc ARGS} on member 1's socket; fails with lxc's error output when it fails or outlasts the limit. */
    public String lxc(Duration limit, String... args) {
        List<String> command = new ArrayList<>(List.of("lxc"));
        command.addAll(List.of(args));
        String what = "lxc " + String.join(" ", args);
        Path output = null;
        try {
            // the output goes to a file, so that a client that never ends cannot block the wait for it
            output = Files.createTempFile("ic-lxc", ".out");
            // stdin from /dev/null: `lxc launch` reads instance configuration from a stdin that is not a terminal
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().put("LXD_DIR", cluster.memberDirs().getFirst().toString());
            builder.environment().put("LXD_CONF", cluster.clientConf().toString());
            Process process = builder.start();
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new LxcHung(what + " did not finish in " + limit.toSeconds() + " s");
            }
            String out = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(what + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run lxc: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running lxc", e);
        } finally {
            if (output != null) {
                output.toFile().delete();
            }
        }
    }

    /** An {@code lxc} command that did not end within its limit (and was killed). */
    public static final class LxcHung extends IllegalStateException {
        LxcHung(String message) {
            super(message);
        }
    }
}
