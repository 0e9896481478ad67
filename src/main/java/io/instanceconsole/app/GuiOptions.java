package io.instanceconsole.app;

import io.instanceconsole.cli.VersionProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

/** Command-line options of the GUI launcher. */
@Command(name = "instance-console", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
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
        if (isPlain(args)) {
            options.dataDir = args.isEmpty() ? null
                    : args.size() == 2 ? args.get(1) : args.get(0).substring("--data-dir=".length());
            return options;
        }
        new CommandLine(options).parseArgs(args.toArray(String[]::new));
        return options;
    }

    /**
     * Whether the arguments are the everyday ones, nothing or only {@code --data-dir DIR}, which need no picocli:
     * building its model (reflection, its converters, ~170 classes) took ~0.4 s of every start-up. Anything else
     * (help, version, a mistake) goes through picocli, which answers and explains as before.
     */
    static boolean isPlain(List<String> args) {
        if (args.isEmpty()) {
            return true;
        }
        if (args.size() == 2) {
            return args.get(0).equals("--data-dir") && !args.get(1).isEmpty() && !args.get(1).startsWith("-");
        }
        return args.size() == 1 && args.get(0).startsWith("--data-dir=") && args.get(0).length() > "--data-dir=".length();
    }
}
