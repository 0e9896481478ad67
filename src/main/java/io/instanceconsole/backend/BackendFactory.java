package io.instanceconsole.backend;

import io.instanceconsole.backend.simulator.SimulatorBackend;
import io.instanceconsole.backend.simulator.SimulatorSettings;
import io.instanceconsole.concurrent.ConsoleThreads;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.UnsupportedException;

import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;

/**
 * Opens the backend of a connection. One opener per backend kind; a kind without an opener is reported as
 * unsupported, naming the connection. Thread-safe.
 */
public final class BackendFactory {

    /** Opens a backend for a connection; fails with a domain exception naming the connection and URI. */
    @FunctionalInterface
    public interface Opener {
        ComputeBackend open(Connection connection);
    }

    private final Map<BackendKind, Opener> openers = new EnumMap<>(BackendKind.class);

    /**
     * @param simulatorStateDir where simulated hosts keep their state (inside the data directory)
     * @param threads           where simulated hosts get their threads
     */
    public BackendFactory(Path simulatorStateDir, Clock clock, ConsoleThreads threads) {
        openers.put(BackendKind.SIMULATOR, connection -> new SimulatorBackend(connection.id(), connection.name(),
                SimulatorSettings.fromUri(connection.uri(), simulatorStateDir.resolve(connection.id() + ".jsonl")), clock,
                threads));
    }

    public BackendFactory with(BackendKind kind, Opener opener) {
        openers.put(kind, opener);
        return this;
    }

    public ComputeBackend open(Connection connection) {
        Opener opener = openers.get(connection.kind());
        if (opener == null) {
            throw new UnsupportedException("connection '" + connection.name() + "' (" + connection.uri() + "): "
                    + connection.kind().label() + " connections are not supported by this build");
        }
        return opener.open(connection);
    }
}
