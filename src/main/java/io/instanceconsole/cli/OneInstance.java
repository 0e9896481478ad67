package io.instanceconsole.cli;

import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceConsoleException;
import io.instanceconsole.domain.NotFoundException;
import io.instanceconsole.domain.UnavailableException;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * The one instance a command line names ({@code show}, {@code logs}): by name, whole id or an id prefix of 6
 * characters at least, among the connections selected, after asking their hosts. Refused with the exit code that
 * says why: 4 nothing of that name, 2 several, 3 its host (or, for a name not found, some host) cannot be reached.
 */
final class OneInstance {
    private OneInstance() {
    }

    /** The instance found, and the connection of its host. */
    record Found(Instance instance, Connection connection) {
        /**
         * Waits up to 2 minutes for what the host answers about the instance. A failure is refused as "cannot
         * {@code doing} 'instance' on 'connection': why", with exit code 4 for an instance gone meanwhile, 3 for a host
         * that cannot be reached, 1 for anything else (a timeout included).
         */
        <T> T await(String doing, CompletableFuture<T> answer) {
            try {
                return answer.orTimeout(2, TimeUnit.MINUTES).join();
            } catch (CompletionException e) {
                throw failure(doing, e.getCause() == null ? e : e.getCause());
            }
        }

        private CliException failure(String doing, Throwable cause) {
            String what = "cannot " + doing + " '" + instance.name() + "' on '" + connection.name() + "': ";
            if (cause instanceof NotFoundException) {
                return new CliException(ExitCode.NOTHING_MATCHED, what + cause.getMessage());
            }
            if (cause instanceof UnavailableException) {
                return new CliException(ExitCode.UNREACHABLE, what + cause.getMessage());
            }
            return new CliException(ExitCode.FAILED, what + (cause instanceof InstanceConsoleException
                    ? cause.getMessage() : cause.toString()));
        }
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
