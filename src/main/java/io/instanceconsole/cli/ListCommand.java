package io.instanceconsole.cli;

import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceQuery;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.domain.QuerySyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code instancectl list}: the instance table, from the hosts (or the last-known state of unreachable ones). */
@Command(name = "list", description = "List instances across connections.")
final class ListCommand implements Callable<Integer> {
    @ParentCommand
    InstanceCtl root;

    @Spec
    CommandSpec spec;

    @Option(names = "--connection", paramLabel = "NAME", description = "Only this connection.")
    String connection;

    @Option(names = "--status", paramLabel = "STATUS", description = "Only instances in this status (running, paused, ...).")
    String status;

    @Option(names = "--filter", paramLabel = "QUERY", description = "Filter like the GUI's filter bar, e.g. 'status:running web'.")
    String filter;

    @Mixin
    ListOutput output;

    @Override
    public Integer call() {
        InstanceQuery query = parseQuery(filter);
        InstanceStatus wanted = status == null ? null : parseStatus(status);
        try (CliSession session = root.open()) {
            List<Connection> selected = Reachability.select(session, connection);
            Map<String, String> unreachable = Reachability.connect(session, connection, selected);
            Reachability.duplicateWarnings(session, selected).forEach(w -> spec.commandLine().getErr().println("instancectl: " + w));
            Map<String, Connection> byId = new LinkedHashMap<>();
            selected.forEach(c -> byId.put(c.id(), c));
            List<Instance> rows = session.known().all().stream()
                    .filter(i -> byId.containsKey(i.connectionId()))
                    .filter(i -> wanted == null || i.status() == wanted)
                    .filter(i -> query.matches(i, byId.get(i.connectionId()).name()))
                    .sorted(Comparator.comparing((Instance i) -> byId.get(i.connectionId()).name()).thenComparing(Instance::name))
                    .toList();
            // a host that could not be asked: its rows are what was last seen, and say so
            output.print(rows, i -> InstanceJson.of(i, byId.get(i.connectionId()), unreachable.containsKey(i.connectionId())),
                    new TextTable("NAME", "CONNECTION", "KIND", "STATUS", "IMAGE", "ID"),
                    i -> new Object[] {i.name(), i.hostLabel(byId.get(i.connectionId()).name()), i.kind().key(),
                            i.status().key() + (i.statusReason().isEmpty() ? "" : " (" + i.statusReason() + ")")
                                    + (unreachable.containsKey(i.connectionId()) ? ", last known" : ""),
                            i.image(), i.id()});
            unreachable.values().forEach(line -> spec.commandLine().getErr().println("instancectl: " + line + " (showing last-known state)"));
            return unreachable.isEmpty() ? ExitCode.OK : ExitCode.UNREACHABLE;
        }
    }

    static InstanceQuery parseQuery(String filter) {
        try {
            return InstanceQuery.parse(filter);
        } catch (QuerySyntaxException e) {
            throw new CliException(ExitCode.USAGE, "invalid filter: " + e.getMessage());
        }
    }

    static InstanceStatus parseStatus(String status) {
        try {
            return InstanceQuery.parseStatus(status);
        } catch (QuerySyntaxException e) {
            throw new CliException(ExitCode.USAGE, "invalid --status: " + e.getMessage());
        }
    }

    /**
     * One instance in {@code list --json}; {@code location}: the cluster member that runs it, empty where the host is
     * not a cluster; {@code stale}: its host could not be asked, this is what was last seen.
     */
    record InstanceJson(String id, String name, String connection, String location, String kind, String status,
                        String statusReason, String image, Instant created, Instant lastSeen, boolean stale) {
        static InstanceJson of(Instance i, Connection connection, boolean stale) {
            return new InstanceJson(i.id(), i.name(), connection.name(), i.location(), i.kind().key(), i.status().name(),
                    i.statusReason(), i.image(), i.created(), i.lastSeen(), stale);
        }
    }
}
