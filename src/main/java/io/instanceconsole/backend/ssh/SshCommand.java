package io.instanceconsole.backend.ssh;

import io.instanceconsole.domain.UnavailableException;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one short-lived ssh client command to its end, with a deadline, its output captured in files of the run
 * directory (no reader threads) and removed afterwards. Stateless and thread-safe.
 */
final class SshCommand {
    /** What a finished command printed and how it ended. */
    record Outcome(int exitCode, String stdout, String stderr) {
    }

    private SshCommand() {
    }

    static Outcome run(SshEnvironment env, List<String> command, Duration deadline, String what) {
        Path runDir = RunDirectory.ensure(env.runDirectory());
        Path out = RunDirectory.newFile(runDir, "out");
        Path err = RunDirectory.newFile(runDir, "err");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        env.applyTo(builder);
        try {
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new SshException("cannot run '" + command.get(0) + "' for " + what + ": " + e.getMessage()
                        + " (is OpenSSH's client installed?)", e);
            }
            try {
                if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new UnavailableException(what + ": no answer within " + deadline.toSeconds() + " s");
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new UnavailableException(what + ": interrupted", e);
            }
            return new Outcome(process.exitValue(), read(out), read(err));
        } finally {
            RunDirectory.deleteQuietly(out);
            RunDirectory.deleteQuietly(err);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    static File nullDevice() {
        return new File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
