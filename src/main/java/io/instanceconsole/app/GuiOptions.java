package io.instanceconsole.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

/** Command-line options of the GUI launcher. */
@Command(name = "instance-console", mixinStandardHelpOptions = true, versionProvider = io.instanceconsole.cli.VersionProvider.class,
        description = "Desktop console for Docker containers and libvirt virtual machines.")
final class GuiOptions {
    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the console keeps its state (default: $INSTANCE_CONSOLE_HOME, else the OS convention).")
    private String dataDir;

    String dataDir() {
        return dataDir;
    }

    static GuiOptions parse(List<String> args) {
        GuiOptions options = new GuiOptions();
        new CommandLine(options).parseArgs(args.toArray(String[]::new));
        return options;
    }
}
