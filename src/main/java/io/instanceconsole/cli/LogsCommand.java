package io.instanceconsole.cli;

import io.instanceconsole.domain.LogLine;
import io.instanceconsole.domain.LogListener;
import io.instanceconsole.service.LogService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code instancectl logs NAME_OR_ID [--follow] [--tail N]}: an instance's output as the details pane shows it, stdout
 * lines on standard output and stderr lines on standard error (as {@code docker logs} does). Exit codes: 0 the lines
 * asked for were printed (with {@code --follow}: the log ended, why on standard error), 1 the host refused the log or
 * it was cut, 2 a bad option or a name for several instances, 3 its host cannot be reached, 4 no such instance.
 */
@Command(name = "logs", description = "Print the output of one instance (--follow to keep printing new lines).")
final class LogsCommand implements Callable<Integer> {
    @ParentCommand
    InstanceCtl root;

    @Spec
    CommandSpec spec;

    @Mixin
    OneInstance.Options which;

    @Option(names = "--follow", description = "Keep printing new lines until the log ends or Ctrl-C.")
    boolean follow;

    @Option(names = "--tail", paramLabel = "N", defaultValue = "500", description = "Lines from the end to print first (default ${DEFAULT-VALUE}).")
    int tail;

    @Override
    public Integer call() {
        if (tail < 0) {
            throw new CliException(ExitCode.USAGE, "--tail must be 0 or more, not " + tail);
        }
        try (CliSession session = root.open()) {
            OneInstance.Found found = which.resolve(session);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Printer printer = new Printer(out, err);
            LogService.Following following = found.await("read the log of",
                    session.logs().follow(found.instance().key(), tail, follow, printer));
            try {
                printer.done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                following.stop();
            }
            out.flush();
            if (printer.why != null) {
                err.println("instancectl: " + printer.why);
            }
            err.flush();
            return printer.failed ? ExitCode.FAILED : ExitCode.OK;
        }
    }

    /** Prints each line as it comes, on the backend's thread; the command waits for the end. */
    private static final class Printer implements LogListener {
        final CountDownLatch done = new CountDownLatch(1);
        final PrintWriter out;
        final PrintWriter err;
        volatile String why;
        volatile boolean failed;

        Printer(PrintWriter out, PrintWriter err) {
            this.out = out;
            this.err = err;
        }

        @Override
        public synchronized void line(LogLine line) {
            PrintWriter to = line.source() == LogLine.Source.STDERR ? err : out;
            to.println(line.text());
            to.flush();
        }

        @Override
        public void ended(String reason) {
            why = reason;
            done.countDown();
        }

        @Override
        public void failed(String reason) {
            failed = true;
            ended(reason);
        }
    }
}
