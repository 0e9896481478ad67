package io.instanceconsole.cli;

import io.instanceconsole.domain.Action;
import picocli.AutoComplete;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Builds the picocli model of {@code instancectl} for one command line, with only the subcommands it can reach.
 * Picocli reads every command's annotations by reflection when it is added, and the whole tree (eleven commands,
 * seven of them actions, and six under {@code connections}) was a fifth of a {@code pause}'s time
 * (docs/decisions/0018-instancectl-per-call-cost.md). What a command line does and prints is the same as with the
 * whole tree ({@link InstanceCtl#run} answers one that only asks for the version without picocli at all):
 * <ul>
 *   <li>a command line that names a subcommand (after the root's {@code --data-dir}) gets that subcommand only:
 *       everything after it is that subcommand's to parse, its help and errors included;</li>
 *   <li>anything else (no command, {@code --help}, an unknown option or command, {@code generate-completion}, which
 *       describes the whole tree) gets every subcommand, in the order the help lists them.</li>
 * </ul>
 */
final class CommandTree {
    private static final String DATA_DIR = "--data-dir";
    private static final Set<String> VERSION = Set.of("-V", "--version");

    private CommandTree() {
    }

    /**
     * Whether {@code args} are exactly one {@code -V} or {@code --version}, with one {@code --data-dir DIR} at most;
     * anything else, errors included (a flag given twice, a missing value), is picocli's to answer.
     */
    static boolean asksForVersionOnly(String[] args) {
        int versions = 0;
        int dataDirs = 0;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (VERSION.contains(arg)) {
                versions++;
            } else if (arg.equals(DATA_DIR) && i + 1 < args.length && !args[i + 1].startsWith("-")) {
                dataDirs++;
                i++;
            } else if (arg.startsWith(DATA_DIR + "=")) {
                dataDirs++;
            } else {
                return false;
            }
        }
        return versions == 1 && dataDirs <= 1;
    }

    /** The command line for {@code args}, on {@code root}. */
    static CommandLine build(InstanceCtl root, String[] args) {
        Map<String, Function<InstanceCtl, CommandLine>> all = subcommands();
        CommandLine commandLine = new CommandLine(root);
        String named = firstCommand(args, new ArrayList<>());
        if (named != null && all.containsKey(named) && !named.equals(GENERATE_COMPLETION)) {
            commandLine.addSubcommand(named, all.get(named).apply(root));
        } else {
            all.forEach((name, sub) -> commandLine.addSubcommand(name, sub.apply(root)));
            commandLine.getSubcommands().get(GENERATE_COMPLETION).getCommandSpec().usageMessage().hidden(false);
        }
        return commandLine;
    }

    private static final String GENERATE_COMPLETION = "generate-completion";

    /** Every subcommand, in the order of the help, each built only when asked for. */
    private static Map<String, Function<InstanceCtl, CommandLine>> subcommands() {
        Map<String, Function<InstanceCtl, CommandLine>> all = new LinkedHashMap<>();
        all.put("connections", root -> new CommandLine(new ConnectionsCommand()));
        all.put("list", root -> new CommandLine(new ListCommand()));
        all.put("history", root -> new CommandLine(new HistoryCommand()));
        all.put("show", root -> new CommandLine(new ShowCommand()));
        all.put("logs", root -> new CommandLine(new LogsCommand()));
        all.put(GENERATE_COMPLETION, root -> new CommandLine(new AutoComplete.GenerateCompletion()));
        for (Action action : Action.values()) {
            all.put(action.key(), root -> {
                CommandLine sub = new CommandLine(new ActionCommand(root, action));
                // one annotation serves all seven commands; each says what it does in the help
                sub.getCommandSpec().usageMessage().description(ActionCommand.describe(action));
                return sub;
            });
        }
        return all;
    }

    /**
     * The first argument that is not one of the root's own options, or null when there is none; the root's options
     * before it (without {@code --data-dir}'s value) go into {@code rootOptions}.
     */
    private static String firstCommand(String[] args, List<String> rootOptions) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals(DATA_DIR)) {
                i++; // its value, whatever it looks like
            } else if (!arg.startsWith(DATA_DIR + "=")) {
                if (!arg.startsWith("-")) {
                    return arg;
                }
                rootOptions.add(arg);
            }
        }
        return null;
    }
}
