package io.instanceconsole.backend.docker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Podman's own CLI in remote mode ({@code podman --url unix://…}), talking to the tests' Podman service only: it creates
 * the test containers, makes changes "outside the console", and is the oracle ({@code podman inspect}) the Podman ITs
 * check the console against.
 */
public final class PodmanCli {
    /** Imported by .ci/podman-engine.sh; Podman stores it as {@code localhost/instanceconsole/busybox:1}. */
    public static final String IMAGE = DockerCli.IMAGE;

    private final String host;

    /** @param host the service's socket, {@code unix:///…/podman.sock} */
    public PodmanCli(String host) {
        this.host = host;
    }

    public String host() {
        return host;
    }

    /** Starts a container that sleeps, without a network, and returns its full id. */
    public String runDetached(String name) {
        return podman("run", "-d", "--network", "none", "--name", name, IMAGE).trim();
    }

    /** {@code podman inspect -f {{.State.Status}}}: created, running, paused, exited... */
    public String state(String nameOrId) {
        return podman("inspect", "-f", "{{.State.Status}}", nameOrId).trim();
    }

    /** Removes every container at once: busybox's sleep ignores SIGTERM, so no grace period. */
    public void removeAll() {
        podman("rm", "-f", "-a", "-t", "0");
    }

    /** Runs the podman CLI against this service; fails with its stderr unless it exits 0. */
    public String podman(String... args) {
        List<String> command = new ArrayList<>(List.of("podman", "--url", host));
        command.addAll(List.of(args));
        try {
            Path err = Files.createTempFile("ic-podman", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(err.toFile());
            builder.environment().remove("CONTAINER_HOST");
            builder.environment().remove("CONTAINER_CONNECTION");
            Process process = builder.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(300, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in 300 s");
            }
            String error = Files.readString(err);
            Files.deleteIfExists(err);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (" + process.exitValue() + "): "
                        + error);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + command, e);
        }
    }
}
