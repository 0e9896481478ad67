package io.instanceconsole.app;

import io.instanceconsole.cli.InstanceCtl;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Packaging hook of {@code instancectl}, off unless {@code -Dinstanceconsole.probe.cliTraining=FILE}: runs each
 * line of FILE (blank lines and {@code #} comments aside) as one {@code instancectl} command line, one after the
 * other in this JVM, and exits. The installer build records its AOT cache for {@code instancectl} from such a run,
 * so one recording covers the paths of many commands (docs/decisions/0018-instancectl-per-call-cost.md). Each
 * command's output is discarded; one line per command, {@code cli-training: <exit code> <command line>}, goes to
 * stdout. Words are separated by blanks, without quoting.
 */
final class CliTraining {
    static final String PROPERTY = "instanceconsole.probe.cliTraining";

    private CliTraining() {
    }

    /** Runs the file's command lines; returns 0, or 1 when the file cannot be read. */
    static int run(Path file, CliServicesFactory sessions) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.err.println("instancectl: cannot read the training file " + file + ": " + e.getMessage());
            return 1;
        }
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        for (String line : lines) {
            String commandLine = line.strip();
            if (commandLine.isEmpty() || commandLine.startsWith("#")) {
                continue;
            }
            int code = InstanceCtl.run(commandLine.split("\\s+"), sessions, discard, discard);
            System.out.println("cli-training: " + code + " " + commandLine);
        }
        System.out.flush();
        return 0;
    }
}
