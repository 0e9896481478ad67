package io.instanceconsole.backend.docker;

import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.ResilienceSettings;
import io.instanceconsole.service.ManagedConnection;
import io.instanceconsole.testing.ServiceFixture;

import java.time.Clock;
import java.util.UUID;

/**
 * A real Docker Engine connection ("engine-under-test") registered in a {@link ServiceFixture}, as AppContext
 * registers one: the only Docker-specific part of the Docker ITs' and benchmark's console. Nothing is faked.
 */
public record EngineUnderTest(ManagedConnection managed, DockerBackend backend) {

    /** Opens the engine at {@code dockerHost}, registers it and waits for the first listing to be in the store. */
    public static EngineUnderTest connect(ServiceFixture fixture, String dockerHost, ResilienceSettings resilience,
                                          DockerSettings docker) {
        Connection connection = new Connection(UUID.randomUUID().toString(), "engine-under-test", BackendKind.DOCKER,
                dockerHost, "", false, true);
        DockerBackend backend = DockerBackend.open(connection, docker, Clock.systemUTC());
        return new EngineUnderTest(fixture.connect(connection, backend, resilience), backend);
    }

    public String connectionId() {
        return managed.id();
    }

    public InstanceKey key(String containerId) {
        return new InstanceKey(managed.id(), containerId);
    }
}
