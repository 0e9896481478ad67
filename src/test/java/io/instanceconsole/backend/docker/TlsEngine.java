package io.instanceconsole.backend.docker;

import io.instanceconsole.testing.ProjectScripts;
import io.instanceconsole.testing.Scratch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Docker Engine ({@code .ci/docker-engine.sh start tls}) that also listens with mutual TLS on
 * {@code tcp://127.0.0.1:PORT}, with {@link TestCertificates} made for this JVM; one per JVM, stopped when it exits.
 *
 * @param certs   the certificates and TLS directories
 * @param port    the TLS port on 127.0.0.1
 * @param local   the engine's docker CLI over its unix socket (to set up containers)
 * @param overTls the engine's docker CLI at {@code tcp://127.0.0.1:PORT} (pass {@link TestCertificates#cliFlags})
 */
public record TlsEngine(TestCertificates certs, int port, DockerCli local, DockerCli overTls) {
    private static final String ENGINE = "tls";
    private static TlsEngine started;

    public static synchronized TlsEngine start() {
        if (started != null) {
            return started;
        }
        TestCertificates certs = TestCertificates.create(Scratch.directory("ic-tls"));
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // an engine left running by an earlier run has that run's certificates and port
        script(Map.of(), "stop", ENGINE);
        List<String> out = script(Map.of("IC_DOCKERD_EXTRA_ARGS", certs.dockerdArguments(port)), "start", ENGINE);
        DockerCli local = new DockerCli(out.get(out.size() - 1).replaceFirst("^DOCKER_HOST=", ""));
        local.removeAll();
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            if (!Boolean.getBoolean("ic.keepEngines")) {
                script(Map.of(), "stop", ENGINE);
            }
        }));
        started = new TlsEngine(certs, port, local, new DockerCli("tcp://127.0.0.1:" + port));
        return started;
    }

    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    /** {@code docker --tlsverify … inspect -f {{.State.Status}} NAME} over TLS with the good certificates. */
    public String stateOverTls(String name) {
        List<String> args = new ArrayList<>(TestCertificates.cliFlags(certs.good()));
        args.addAll(List.of("inspect", "-f", "{{.State.Status}}", name));
        DockerCli.Result r = overTls.run(60, args);
        if (r.exit() != 0) {
            throw new IllegalStateException("docker --tlsverify inspect " + name + " failed: " + r.err());
        }
        return r.out().trim();
    }

    /** {@code .ci/docker-engine.sh} with extra environment (ProjectScripts runs it without). */
    private static List<String> script(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(".ci/docker-engine.sh"));
        command.addAll(List.of(args));
        try {
            Path err = Files.createTempFile("ic-engine", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).directory(ProjectScripts.root().toFile())
                    .redirectError(err.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(600, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish in 600 s");
            }
            String said = Files.readString(err);
            Files.deleteIfExists(err);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(command + " failed (exit " + process.exitValue() + "): " + said);
            }
            return out.lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + command, e);
        }
    }
}
