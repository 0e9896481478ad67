package io.instanceconsole.cli;

import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.Instance;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one instance a command line names ({@code show}, {@code logs}): by name, whole id or an id prefix of 6
 * characters at least, among the connections selected, after asking their hosts. Refused with the exit code that
 * says why: 4 nothing of that name, 2 several, 3 its host (or, for a name not found, some host) cannot be reached.
 */
final class OneInstance {
    private OneInstance() {
    }

    record Found(Instance instance, Connection connection) {
    }

    /** The options that name the one instance, shared by the commands about one instance (a picocli mixin). */
    static final class Options {
        @Parameters(paramLabel = "NAME_OR_ID", description = "The instance, by name, id or id prefix (6 characters at least).")
        String name;

        @Option(names = "--connection", paramLabel = "NAME", description = "Only instances of this connection.")
        String connection;

        Found resolve(CliSession session) {
            return OneInstance.resolve(session, name, connection);
        }
    }

    static Found resolve(CliSession session, String name, String connectionName) {
        List<Connection> selected = Reachability.select(session, connectionName);
        Map<String, Connection> byId = new LinkedHashMap<>();
        selected.forEach(c -> byId.put(c.id(), c));
        Map<String, String> unreachable = Reachability.connect(session, connectionName, selected);
        List<Instance> candidates = session.known().all().stream().filter(i -> byId.containsKey(i.connectionId())).toList();
        List<Instance> matches = ActionCommand.matching(name, candidates);
        if (matches.isEmpty()) {
            String what = "no instance named '" + name + "'" + (connectionName == null ? "" : " on connection '" + connectionName + "'");
            throw unreachable.isEmpty() ? new CliException(ExitCode.NOTHING_MATCHED, what)
                    : new CliException(ExitCode.UNREACHABLE, what + " among the instances known, and "
                    + String.join("; ", unreachable.values()));
        }
        if (matches.size() > 1) {
            List<String> hosts = matches.stream().map(i -> byId.get(i.connectionId()).name()).distinct().toList();
            throw new CliException(ExitCode.USAGE, "'" + name + "' names " + matches.size() + " instances (on "
                    + String.join(", ", hosts) + "); " + (hosts.size() == 1 ? "give more of the id" : "add --connection NAME"));
        }
        Instance instance = matches.get(0);
        if (unreachable.containsKey(instance.connectionId())) {
            throw new CliException(ExitCode.UNREACHABLE, unreachable.get(instance.connectionId()));
        }
        return new Found(instance, byId.get(instance.connectionId()));
    }
}
