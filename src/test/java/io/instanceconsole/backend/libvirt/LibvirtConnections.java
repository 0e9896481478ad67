package io.instanceconsole.backend.libvirt;

import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.ResilienceSettings;
import io.instanceconsole.service.ManagedConnection;
import io.instanceconsole.testing.ServiceFixture;

/** Real libvirt connections for the libvirt ITs and benchmarks: the libvirt-specific part of their console. */
public final class LibvirtConnections {
    private LibvirtConnections() {
    }

    public static Connection connection(String id, String uri, boolean readOnly) {
        return new Connection(id, id, BackendKind.LIBVIRT, uri, "", readOnly, true);
    }

    /** Opens the backend, registers it in the fixture and waits for the first listing to be in the store. */
    public static ManagedConnection connect(ServiceFixture fixture, Connection connection, ResilienceSettings settings) {
        return fixture.connect(connection, LibvirtBackend.open(connection), settings);
    }

    public static ManagedConnection connect(ServiceFixture fixture, Connection connection) {
        return connect(fixture, connection, ResilienceSettings.defaults());
    }
}
