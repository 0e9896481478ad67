package io.instanceconsole.cli;

import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.UntrustedHostKeyException;
import io.instanceconsole.service.ConnectionHealth;
import io.instanceconsole.service.ManagedConnection;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Connects a session to the connections a command needs and tells which could not be reached. */
final class Reachability {
    private Reachability() {
    }

    /** Connections the command concerns: the named one (unknown name: exit 4), or every enabled one. */
    static List<Connection> select(CliSession session, String connectionName) {
        List<Connection> all = session.connectionManager().all();
        if (connectionName == null) {
            return all.stream().filter(Connection::enabled).toList();
        }
        Optional<Connection> named = all.stream().filter(c -> c.name().equals(connectionName)).findFirst();
        if (named.isEmpty()) {
            throw new CliException(ExitCode.NOTHING_MATCHED, "no connection named '" + connectionName + "' (known: "
                    + String.join(", ", all.stream().map(Connection::name).toList()) + ")");
        }
        return List.of(named.get());
    }

    /** Connects and resyncs; returns one line per connection that could not be reached, by connection id. */
    static Map<String, String> connect(CliSession session, String connectionName, List<Connection> selected) {
        session.connect(connectionName).orTimeout(120, TimeUnit.SECONDS).join();
        return problems(session, selected);
    }

    /**
     * Opens only the connections of {@code instances} and refreshes those instances (one inspect each, no listing);
     * returns one line per such connection that could not be reached, by connection id.
     */
    static Map<String, String> connectFor(CliSession session, List<Instance> instances,
                                          Map<String, Connection> byId) {
        session.connectFor(instances.stream().map(Instance::key).toList())
                .orTimeout(120, TimeUnit.SECONDS).join();
        return problems(session, instances.stream().map(i -> byId.get(i.connectionId())).distinct().toList());
    }

    private static Map<String, String> problems(CliSession session, List<Connection> selected) {
        Map<String, String> problems = new LinkedHashMap<>();
        for (Connection connection : selected) {
            Optional<ManagedConnection> managed = session.registry().find(connection.id());
            if (managed.isEmpty()) {
                String detail = session.openError(connection.id()).orElse("");
                String trust = session.untrustedKey(connection.id()).map(k -> trustAdvice(session, connection, k)).orElse("");
                problems.put(connection.id(), problem(connection, "could not be opened", detail) + trust);
                continue;
            }
            ConnectionHealth health = managed.get().health();
            if (health.state() == ConnectionHealth.State.UNREACHABLE || health.state() == ConnectionHealth.State.CIRCUIT_OPEN) {
                problems.put(connection.id(), problem(connection, "is unreachable", health.detail()));
            }
        }
        return problems;
    }

    /** One warning line per selected connection that reaches an engine another connection reaches too. */
    static List<String> duplicateWarnings(CliSession session, List<Connection> selected) {
        return selected.stream().map(c -> session.connectionManager().duplicateWarning(c.id()))
                .flatMap(Optional::stream).map(w -> "warning: " + w).toList();
    }

    /** The exact command that trusts the key the host presented, after a word on checking it first. */
    private static String trustAdvice(CliSession session, Connection connection,
                                      UntrustedHostKeyException key) {
        String command = "instancectl --data-dir " + shellWord(session.dataDirectory()) + " connections trust "
                + shellWord(connection.name()) + " " + key.presentedFingerprint();
        return key.changed()
                ? ". Only if the host's key was really replaced, trust the new one with: " + command
                : ". If the host's administrator confirms that fingerprint, trust it with: " + command;
    }

    private static String shellWord(String word) {
        return word.matches("[A-Za-z0-9_./:@+=-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    /** One line naming the connection once: the backends' own messages already name the host and its URI. */
    private static String problem(Connection connection, String what, String detail) {
        boolean namesUri = detail.contains(connection.uri());
        boolean namesConnection = detail.contains("'" + connection.name() + "'");
        if (namesUri && namesConnection) {
            return detail;
        }
        return "connection '" + connection.name() + "'" + (namesUri ? "" : " (" + connection.uri() + ")") + " " + what
                + (detail.isEmpty() ? "" : ": " + detail);
    }
}
