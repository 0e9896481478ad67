package io.instanceconsole.backend.docker;

import io.instanceconsole.testing.Scratch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The engine's own docker CLI, for the tests: it creates the test containers, makes changes "outside the console",
 * and is the oracle ({@code docker inspect}) that every IT checks the console against.
 */
public final class DockerCli {
    public static final String IMAGE = "instanceconsole/busybox:1";
    private static final String BINARY = Files.isExecutable(Path.of("/usr/bin/docker")) ? "/usr/bin/docker" : "docker";

    private final String host;
    private final Path config;

    public DockerCli(String host) {
        this.host = host;
        this.config = Scratch.directory("ic-docker-cli");
    }

    public String host() {
        return host;
    }

    /** Starts a container that sleeps (no network: the engines have none) and returns its full id. */
    public String runDetached(String name) {
        return docker("run", "-d", "--network", "none", "--name", name, IMAGE).trim();
    }

    /** Creates a container without starting it; returns its full id. */
    public String create(String name) {
        return docker("create", "--network", "none", "--name", name, IMAGE).trim();
    }

    /** {@code docker inspect -f {{.State.Status}}}: created, running, paused, exited... */
    public String state(String nameOrId) {
        return docker("inspect", "-f", "{{.State.Status}}", nameOrId).trim();
    }

    public int exitCode(String nameOrId) {
        return Integer.parseInt(docker("inspect", "-f", "{{.State.ExitCode}}", nameOrId).trim());
    }

    public boolean exists(String nameOrId) {
        return run(60, List.of("inspect", nameOrId)).exit() == 0;
    }

    public void removeAll() {
        String ids = docker("ps", "-aq").trim();
        if (!ids.isEmpty()) {
            List<String> args = new ArrayList<>(List.of("rm", "-f"));
            args.addAll(List.of(ids.split("\\s+")));
            docker(args.toArray(String[]::new));
        }
    }

    /** Runs the docker CLI against this engine; fails with its stderr unless it exits 0. */
    public String docker(String... args) {
        Result result = run(300, List.of(args));
        if (result.exit() != 0) {
            throw new IllegalStateException("docker " + String.join(" ", args) + " failed (" + result.exit() + "): "
                    + result.err());
        }
        return result.out();
    }

    /** Runs the docker CLI and returns its outcome, whatever it is. */
    public Result run(long timeoutSeconds, List<String> args) {
        List<String> command = new ArrayList<>(List.of(BINARY, "-H", host));
        command.addAll(args);
        try {
            Path err = Files.createTempFile("ic-docker", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(err.toFile());
            builder.environment().put("DOCKER_API_VERSION", "1.41");
            builder.environment().put("DOCKER_CONFIG", config.toString());
            builder.environment().remove("DOCKER_HOST");
            builder.environment().remove("DOCKER_CONTEXT");
            Process process = builder.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
            }
            String error = Files.readString(err);
            Files.deleteIfExists(err);
            return new Result(process.exitValue(), out, error);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + command, e);
        }
    }

    public record Result(int exit, String out, String err) {
    }
}
