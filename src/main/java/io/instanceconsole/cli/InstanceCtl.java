package io.instanceconsole.cli;

import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.InstanceConsoleException;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * {@code instancectl}: the console from the command line, on the same store, journal and audit trail as the GUI.
 * The command names, options, JSON fields and exit codes are a contract (see {@link ExitCode}).
 */
@Command(name = "instancectl", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        scope = CommandLine.ScopeType.INHERIT, // --help and --version on every subcommand too
        description = "Manage Docker containers and libvirt VMs from the command line, with the console's journal and audit trail.",
        subcommands = {ConnectionsCommand.class, ListCommand.class, HistoryCommand.class,
                AutoComplete.GenerateCompletion.class})
public final class InstanceCtl {
    @Option(names = "--data-dir", paramLabel = "DIR", scope = CommandLine.ScopeType.INHERIT,
            description = "Where the console keeps its state (default: $INSTANCE_CONSOLE_HOME, else the OS convention).")
    String dataDir;

    final CliSessions sessions;

    InstanceCtl(CliSessions sessions) {
        this.sessions = sessions;
    }

    /** Runs one command line; returns the exit code. Errors are one line each on {@code err}. */
    public static int run(String[] args, CliSessions sessions, PrintStream out, PrintStream err) {
        PrintWriter outWriter = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter errWriter = new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        CommandLine commandLine = commandLine(sessions);
        commandLine.setOut(outWriter);
        commandLine.setErr(errWriter);
        commandLine.setExecutionExceptionHandler((e, cl, parsed) -> {
            if (e instanceof CliException cli) {
                errWriter.println("instancectl: " + cli.getMessage());
                return cli.exitCode();
            }
            if (e instanceof InstanceConsoleException || e instanceof IllegalArgumentException) {
                errWriter.println("instancectl: " + e.getMessage());
                return ExitCode.FAILED;
            }
            throw e;
        });
        int code = commandLine.execute(args);
        outWriter.flush();
        errWriter.flush();
        return code;
    }

    static CommandLine commandLine(CliSessions sessions) {
        InstanceCtl root = new InstanceCtl(sessions);
        CommandLine commandLine = new CommandLine(root);
        for (Action action : Action.values()) {
            CommandLine sub = new CommandLine(new ActionCommand(root, action));
            // one annotation serves all seven commands; each says what it does in the help
            sub.getCommandSpec().usageMessage().description(ActionCommand.describe(action));
            commandLine.addSubcommand(action.key(), sub);
        }
        commandLine.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
        // the help as wide as the terminal (80 columns when not one): URIs in it were cut across lines
        commandLine.setUsageHelpAutoWidth(true);
        return commandLine;
    }

    CliSession open() {
        return sessions.open(dataDir);
    }
}
