package io.instanceconsole.cli;

import io.instanceconsole.domain.InstanceConsoleException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code instancectl}: the console from the command line, on the same store, journal and audit trail as the GUI.
 * The command names, options, JSON fields and exit codes are a contract (see {@link ExitCode}).
 */
@Command(name = "instancectl", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        scope = CommandLine.ScopeType.INHERIT, // --help and --version on every subcommand too
        description = "Manage Docker containers and libvirt VMs from the command line, with the console's journal and audit trail.",
        // the subcommands (connections, list, history, generate-completion, then the actions) are added by CommandTree
        subcommands = {})
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
        PrintWriter outWriter = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter errWriter = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        if (CommandTree.asksForVersionOnly(args)) {
            // what picocli would print, without picocli: its model was most of a --version's time
            for (String line : new VersionProvider().getVersion()) {
                outWriter.println(line);
            }
            outWriter.flush();
            return outWriter.checkError() || out.checkError() ? ExitCode.FAILED : ExitCode.OK;
        }
        CommandLine commandLine = commandLine(sessions, args);
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
        if (outWriter.checkError() || out.checkError()) {
            // output lost (a full disk, a closed pipe) must not pass for success
            errWriter.println("instancectl: cannot write to standard output; the output is incomplete");
            code = code == ExitCode.OK ? ExitCode.FAILED : code;
        }
        errWriter.flush();
        return code;
    }

    /** The command line for {@code args}, with the subcommands it can reach ({@link CommandTree}). */
    static CommandLine commandLine(CliSessions sessions, String[] args) {
        CommandLine commandLine = CommandTree.build(new InstanceCtl(sessions), args);
        // the help as wide as the terminal (80 columns when not one): URIs in it were cut across lines
        commandLine.setUsageHelpAutoWidth(true);
        return commandLine;
    }

    /**
     * Opens the data directory, which must exist: a mistyped {@code --data-dir} (or an unset variable in a script)
     * made a new directory with the embedded simulator in it, and actions on it "succeeded".
     */
    CliSession open() {
        Path path = checkedDataDir();
        if (!Files.exists(path)) {
            throw new CliException(ExitCode.USAGE, "data directory " + path + " does not exist; 'instancectl connections "
                    + "add' creates it, and so does the console's first start");
        }
        return sessions.open(dataDir);
    }

    /**
     * Opens the data directory, creating it when it does not exist (adding a connection is how one starts); a new one
     * gets only the connection being added, not the first-start ones the GUI offers.
     */
    CliSession openCreating() {
        boolean exists = Files.exists(checkedDataDir());
        return exists ? sessions.open(dataDir) : sessions.openBare(dataDir);
    }

    private Path checkedDataDir() {
        if (dataDir != null && dataDir.isBlank()) {
            throw new CliException(ExitCode.USAGE, "--data-dir is empty (an unset variable?); leave it out for the default");
        }
        return sessions.dataDirectory(dataDir);
    }
}
