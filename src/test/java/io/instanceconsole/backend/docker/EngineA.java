package io.instanceconsole.backend.docker;

import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.testing.ProjectScripts;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Clock;
import java.time.Duration;

/**
 * Docker Engine "a" (.ci/docker-engine.sh) for the adapter ITs of one test class: the engine's own CLI, to check every
 * outcome with, and a {@link DockerBackend} opened on it with {@link #quickStops()}. Both are ready, and the engine has
 * no containers, before the class's own {@code @BeforeAll}; the backend is closed after the class. Register it on a
 * static field with {@code @RegisterExtension}.
 */
final class EngineA implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
    private final String connectionId;
    private final boolean removeAfterEach;
    private DockerCli cli;
    private DockerBackend backend;

    private EngineA(String connectionId, boolean removeAfterEach) {
        this.connectionId = connectionId;
        this.removeAfterEach = removeAfterEach;
    }

    /** Removes every container after each test too. */
    static EngineA removingContainersAfterEachTest(String connectionId) {
        return new EngineA(connectionId, true);
    }

    /** Leaves what a test made to the class's next tests and its own clean-up. */
    static EngineA keepingContainersBetweenTests(String connectionId) {
        return new EngineA(connectionId, false);
    }

    /** busybox sleep as PID 1 ignores SIGTERM: a short grace period keeps stop and restart tests quick. */
    static DockerSettings quickStops() {
        return DockerSettings.defaults().withStopTimeout(Duration.ofSeconds(1));
    }

    DockerCli cli() {
        return cli;
    }

    DockerBackend backend() {
        return backend;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        String host = ProjectScripts.dockerEngine("a");
        cli = new DockerCli(host);
        cli.removeAll();
        backend = DockerBackend.open(new Connection(connectionId, "engine-a", BackendKind.DOCKER, host, "", false, true),
                quickStops(), Clock.systemUTC());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (removeAfterEach) {
            cli.removeAll();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (backend != null) {
            backend.close();
        }
    }
}
