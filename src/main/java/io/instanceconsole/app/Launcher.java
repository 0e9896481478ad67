package io.instanceconsole.app;

import io.instanceconsole.store.DataDirectory;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Entry point of the GUI. A plain class (not an {@code Application}), so the console starts from the class path
 * without the JavaFX launcher's module checks; {@code --help} and {@code --version} answer without a window.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        if (!GuiOptions.isPlain(List.of(args))) {
            CommandLine commandLine = new CommandLine(new GuiOptions());
            try {
                CommandLine.ParseResult parsed = commandLine.parseArgs(args);
                if (CommandLine.printHelpIfRequested(parsed)) {
                    return;
                }
            } catch (CommandLine.ParameterException e) {
                System.err.println("instance-console: " + e.getMessage());
                commandLine.usage(System.err);
                System.exit(2);
            }
        }
        keepTemporaryFilesInTheDataDirectory(args);
        ConsoleApplication.openAndLaunch(args);
    }

    /**
     * JavaFX writes temporary font files while it runs; they belong in the data directory like everything else the
     * console writes. A directory that cannot be used is left to the start-up, which reports it properly.
     */
    private static void keepTemporaryFilesInTheDataDirectory(String[] args) {
        try {
            Path temp = DataDirectory
                    .fromEnvironment(GuiOptions.parse(List.of(args)).dataDir()).prepare().resolveFile("tmp");
            Files.createDirectories(temp);
            DataDirectory.restrictToOwner(temp);
            System.setProperty("java.io.tmpdir", temp.toString());
        } catch (RuntimeException | IOException e) {
            // ConsoleApplication.init opens the same directory and shows the one clear message
        }
    }
}
