package io.instanceconsole.testing;

import org.apache.commons.io.FileUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Temporary directories for benchmarks and test harnesses that live outside JUnit's {@code @TempDir}: deleted with
 * everything in them when the JVM exits. Left behind, the benchmarks' data directories (up to 170 MB of H2 files
 * each) filled the disk of a shared machine over a few days of runs.
 */
public final class Scratch {
    private Scratch() {
    }

    public static Path directory(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> FileUtils.deleteQuietly(dir.toFile()), "delete " + dir));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory " + prefix + "...", e);
        }
    }
}
