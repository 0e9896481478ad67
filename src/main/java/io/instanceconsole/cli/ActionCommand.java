package io.instanceconsole.cli;

import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceQuery;
import io.instanceconsole.domain.OperationState;
import io.instanceconsole.service.ActionResult;
import io.instanceconsole.service.ConsoleJson;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code instancectl pause|resume|start|stop|kill|restart|delete}: one action on named instances or on every
 * instance matching a query, through the lifecycle service (journal, resilience, audit). Instances that do not
 * qualify are SKIPPED and never sent to their host.
 */
@Command(description = "Perform a lifecycle action on instances.")
final class ActionCommand implements Callable<Integer> {
    /** Actions that need --yes for more than one instance: they are not undone by a click. */
    private static final Set<Action> CONFIRM = EnumSet.of(Action.STOP, Action.FORCE_STOP, Action.DELETE);

    private final InstanceCtl root;
    private final Action action;

    @Spec
    CommandSpec spec;

    @Option(names = "--connection", paramLabel = "NAME", description = "Only instances of this connection.")
    String connection;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Targets targets;

    static final class Targets {
        @Parameters(paramLabel = "NAME_OR_ID", arity = "1..*", description = "Instances by name or id.")
        List<String> names;

        @Option(names = "--all-matching", paramLabel = "QUERY", description = "Every instance matching the filter query.")
        String query;
    }

    @Option(names = "--yes", description = "Confirm a stop, kill or delete that would change more than one instance.")
    boolean yes;

    @Option(names = "--json", description = "Print {\"results\":[...]}.")
    boolean json;

    /** The help's line for one action. */
    static String describe(Action action) {
        return switch (action) {
            case PAUSE -> "Pause running instances (freeze their processes; resume continues them).";
            case RESUME -> "Resume paused instances.";
            case START -> "Start stopped or created instances.";
            case STOP -> "Stop running instances gracefully (--yes for more than one).";
            case FORCE_STOP -> "Kill running instances at once, without a graceful stop (--yes for more than one).";
            case RESTART -> "Restart running instances.";
            case DELETE -> "Delete instances for good (--yes for more than one).";
        };
    }

    ActionCommand(InstanceCtl root, Action action) {
        this.root = root;
        this.action = action;
    }

    @Override
    public Integer call() {
        if (targets.query != null && targets.query.isBlank()) {
            // an empty variable in a script must not mean "every instance on every host"
            throw new CliException(ExitCode.USAGE, "--all-matching needs a query (an empty one would match every instance)");
        }
        InstanceQuery query = targets.query == null ? null : ListCommand.parseQuery(targets.query);
        try (CliSession session = root.open()) {
            List<Connection> selected = Reachability.select(session, connection);
            Map<String, Connection> byId = new LinkedHashMap<>();
            selected.forEach(c -> byId.put(c.id(), c));
            Map<String, String> unreachable = Map.of();
            // On one connection (the one named, or the only one enabled), names and ids the store knows, each as
            // exactly one instance: only that host is opened, and each instance is inspected for its current state.
            // Anything else asks every host concerned for its listing first, and resolves from that: a query, an id
            // prefix, a name unknown to the store, several connections (another host may have an instance of that
            // name the store has not seen yet: the name must then be refused as ambiguous), or an instance that is
            // gone or renamed on its host.
            List<Instance> chosen = query == null && byId.size() == 1 ? knownByName(candidates(session, byId)) : null;
            if (chosen != null) {
                unreachable = Reachability.connectFor(session, chosen, byId);
                chosen = stillNamed(session, chosen);
            }
            if (chosen == null) {
                unreachable = Reachability.connect(session, connection, selected);
                List<Instance> candidates = candidates(session, byId);
                chosen = query != null
                        ? candidates.stream().filter(i -> query.matches(i, byId.get(i.connectionId()).name())).toList()
                        : resolveNames(candidates, byId, unreachable);
            }
            Map<String, String> cannotReach = unreachable;
            if (chosen.isEmpty()) {
                throw nothingFound("no instance matches '" + targets.query + "'"
                        + (connection == null ? "" : " on connection '" + connection + "'"), cannotReach);
            }
            if (chosen.stream().anyMatch(i -> cannotReach.containsKey(i.connectionId()))) {
                cannotReach.values().forEach(line -> spec.commandLine().getErr().println("instancectl: " + line));
                return ExitCode.UNREACHABLE;
            }
            // what needs confirming is what would be done: instances the action skips change nothing
            long wouldRun = chosen.stream().filter(i -> session.lifecycle().whyNot(action, i).isEmpty()).count();
            if (CONFIRM.contains(action) && wouldRun > 1 && !yes) {
                printPlan(session, chosen, byId);
                return ExitCode.USAGE;
            }
            List<ActionResult> results = perform(session, chosen);
            print(results, byId);
            return exitCode(results);
        }
    }

    /**
     * Nothing matched among the instances known: exit 4, unless a connection could not be asked, whose instances may
     * be the ones meant (exit 3, naming it).
     */
    private CliException nothingFound(String what, Map<String, String> unreachable) {
        if (unreachable.isEmpty()) {
            return new CliException(ExitCode.NOTHING_MATCHED, what + "; nothing was changed");
        }
        return new CliException(ExitCode.UNREACHABLE, what + " among the instances known, and "
                + String.join("; ", unreachable.values()) + "; nothing was changed");
    }

    private static List<Instance> candidates(CliSession session, Map<String, Connection> byId) {
        return session.known().all().stream().filter(i -> byId.containsKey(i.connectionId())).toList();
    }

    /** The instances a name or id means: by name or whole id, else by an id prefix of at least 6 characters. */
    static List<Instance> matching(String name, List<Instance> candidates) {
        List<Instance> matches = candidates.stream().filter(i -> i.name().equals(name) || i.id().equals(name)).toList();
        if (matches.isEmpty()) {
            matches = candidates.stream().filter(i -> name.length() >= 6 && i.id().startsWith(name)).toList();
        }
        return matches;
    }

    /** Whether {@code instance} is the one {@code name} names exactly: by its name or its whole id. */
    private static boolean namedExactly(Instance instance, String name) {
        return instance.name().equals(name) || instance.id().equals(name);
    }

    /** The instances named, when each name is exactly one of {@code candidates}' names or ids; else null. */
    private List<Instance> knownByName(List<Instance> candidates) {
        List<Instance> chosen = new ArrayList<>();
        for (String name : targets.names) {
            List<Instance> matches = candidates.stream().filter(i -> namedExactly(i, name)).toList();
            if (matches.size() != 1) {
                return null;
            }
            if (!chosen.contains(matches.get(0))) {
                chosen.add(matches.get(0));
            }
        }
        return chosen;
    }

    /**
     * The instances as now known, after their refresh; null when one of them is gone from its host, or no longer
     * bears the name it was chosen by.
     */
    private List<Instance> stillNamed(CliSession session, List<Instance> chosen) {
        List<Instance> now = new ArrayList<>();
        for (Instance instance : chosen) {
            Optional<Instance> current = session.known().find(instance.key());
            if (current.isEmpty() || targets.names.stream().noneMatch(name -> namedExactly(current.get(), name))) {
                return null;
            }
            now.add(current.get());
        }
        return now;
    }

    private List<Instance> resolveNames(List<Instance> candidates, Map<String, Connection> byId, Map<String, String> unreachable) {
        List<Instance> chosen = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String name : targets.names) {
            List<Instance> matches = matching(name, candidates);
            if (matches.isEmpty()) {
                unknown.add(name);
            } else if (matches.size() > 1) {
                List<String> hosts = matches.stream().map(i -> byId.get(i.connectionId()).name()).distinct().toList();
                // on one host, only more of the id tells them apart; on several, the connection may
                throw new CliException(ExitCode.USAGE, "'" + name + "' names " + matches.size() + " instances (on "
                        + String.join(", ", hosts) + "); " + (hosts.size() == 1 ? "give more of the id" : "add --connection NAME"));
            } else if (!chosen.contains(matches.get(0))) {
                chosen.add(matches.get(0));
            }
        }
        if (!unknown.isEmpty()) {
            String what = "no instance named " + String.join(", ", unknown.stream().map(n -> "'" + n + "'").toList())
                    + (connection == null ? "" : " on connection '" + connection + "'");
            throw nothingFound(what, unreachable);
        }
        return chosen;
    }

    private void printPlan(CliSession session, List<Instance> chosen, Map<String, Connection> byId) {
        // with --json, standard output carries JSON only: the plan is for the person reading the terminal
        PrintWriter out = json ? spec.commandLine().getErr() : spec.commandLine().getOut();
        List<Instance> will = chosen.stream().filter(i -> session.lifecycle().whyNot(action, i).isEmpty()).toList();
        out.println("Would " + action.key() + " " + will.size() + " of " + chosen.size() + " instances:");
        TextTable plan = new TextTable("WOULD", "NAME", "CONNECTION", "WHY NOT");
        chosen.stream().sorted(Comparator.comparing((Instance i) -> byId.get(i.connectionId()).name())
                        .thenComparing(Instance::name))
                .forEach(i -> {
                    String why = session.lifecycle().whyNot(action, i).orElse("");
                    plan.row(why.isEmpty() ? action.key() : "skip", i.name(), byId.get(i.connectionId()).name(), why);
                });
        plan.print(out);
        out.flush();
        spec.commandLine().getErr().println("instancectl: " + action.key() + " of more than one instance needs --yes");
    }

    private List<ActionResult> perform(CliSession session, List<Instance> chosen) {
        List<CompletableFuture<ActionResult>> futures = chosen.stream()
                .map(i -> session.lifecycle().perform(action, i.key())).toList();
        return futures.stream().map(f -> f.orTimeout(15, TimeUnit.MINUTES).join()).toList();
    }

    private void print(List<ActionResult> results, Map<String, Connection> byId) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (json) {
            out.println(ConsoleJson.write(Map.of("results", results.stream().map(r -> ResultJson.of(r, byId)).toList())));
        } else {
            TextTable table = new TextTable("NAME", "CONNECTION", "ACTION", "OUTCOME", "STATUS", "MESSAGE");
            results.forEach(r -> table.row(r.instanceName(), byId.get(r.key().connectionId()).name(), r.action().key(),
                    r.outcome().name(), r.statusAfter() == null ? "-" : r.statusAfter().key(), r.message()));
            table.print(out);
        }
        out.flush();
        for (ActionResult r : results) {
            if (isFailure(r)) {
                err.println("instancectl: " + r.action().key() + " of '" + r.instanceName() + "' on '"
                        + byId.get(r.key().connectionId()).name() + "': " + r.outcome().name().toLowerCase() + ": " + r.message());
            }
        }
        err.flush();
    }

    private int exitCode(List<ActionResult> results) {
        return results.stream().anyMatch(ActionCommand::isFailure) ? ExitCode.FAILED : ExitCode.OK;
    }

    /** Anything but success and "skipped because it is already done" counts as a failure for the exit code. */
    private static boolean isFailure(ActionResult result) {
        if (result.outcome() == OperationState.SUCCEEDED) {
            return false;
        }
        return !(result.outcome() == OperationState.SKIPPED && result.statusAfter() != null
                && result.action().isAlreadyDone(result.statusAfter()));
    }

    /** One result in {@code --json} output. */
    record ResultJson(String id, String name, String connection, String action, String outcome, String status, String message) {
        static ResultJson of(ActionResult r, Map<String, Connection> byId) {
            return new ResultJson(r.key().instanceId(), r.instanceName(), byId.get(r.key().connectionId()).name(),
                    r.action().key(), r.outcome().name(), r.statusAfter() == null ? null : r.statusAfter().name(), r.message());
        }
    }
}
