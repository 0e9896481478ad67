package io.instanceconsole.app;

import javafx.application.Application;
import picocli.CommandLine;

/**
 * Entry point of the GUI. A plain class (not an {@code Application}), so the console starts from the class path
 * without the JavaFX launcher's module checks; {@code --help} and {@code --version} answer without a window.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
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
        Application.launch(ConsoleApplication.class, args);
    }
}
