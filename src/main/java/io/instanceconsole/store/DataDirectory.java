package io.instanceconsole.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where the console keeps its state: {@code --data-dir}, else {@code INSTANCE_CONSOLE_HOME}, else the OS convention
 * (XDG data home on Linux, {@code %APPDATA%} on Windows, {@code ~/Library/Application Support} on macOS).
 * Nothing is written outside it. Immutable.
 */
public record DataDirectory(Path path) {
    public static final String ENV_HOME = "INSTANCE_CONSOLE_HOME";
    private static final String APP_DIR = "instance-console";

    /** Picks the directory without touching the disk. */
    public static DataDirectory resolve(String option, Map<String, String> env, String osName, String userHome) {
        String chosen = option != null && !option.isBlank() ? option : env.get(ENV_HOME);
        try {
            if (chosen != null && !chosen.isBlank()) {
                return new DataDirectory(Path.of(chosen).toAbsolutePath().normalize());
            }
            String os = osName.toLowerCase(Locale.ROOT);
            if (os.contains("win")) {
                String appData = env.getOrDefault("APPDATA", userHome + "\\AppData\\Roaming");
                return new DataDirectory(Path.of(appData, "InstanceConsole"));
            }
            if (os.contains("mac")) {
                return new DataDirectory(Path.of(userHome, "Library", "Application Support", "InstanceConsole"));
            }
            String xdg = env.get("XDG_DATA_HOME");
            Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(userHome, ".local", "share");
            return new DataDirectory(base.resolve(APP_DIR));
        } catch (InvalidPathException e) {
            throw new StoreException("data directory '" + chosen + "' is not a valid path: " + e.getReason(), e);
        }
    }

    public static DataDirectory fromEnvironment(String option) {
        return resolve(option, System.getenv(), System.getProperty("os.name"), System.getProperty("user.home"));
    }

    /**
     * Creates the directory if needed (0700 on POSIX) and proves it is writable, so the console fails at start-up
     * with one clear message rather than half-way through.
     */
    public DataDirectory prepare() {
        try {
            if (Files.exists(path) && !Files.isDirectory(path)) {
                throw new StoreException("data directory " + path + " is a file, not a directory");
            }
            if (!Files.exists(path)) {
                Files.createDirectories(path);
                restrictToOwner(path);
            }
            Path probe = Files.createTempFile(path, ".write-test", ".tmp");
            Files.delete(probe);
            return this;
        } catch (IOException | SecurityException e) {
            throw new StoreException("data directory " + path + " is not writable (" + describe(e) + ")", e);
        }
    }

    /**
     * Owner-only permissions on everything in the directory (0700 directories, 0600 files): the store, the
     * credential, simulator state and anything a library created with the process's default mode.
     */
    public void restrictContents() {
        try (Stream<Path> all = Files.walk(path)) {
            for (Path entry : (Iterable<Path>) all::iterator) {
                try {
                    restrictToOwner(entry);
                } catch (NoSuchFileException gone) {
                    // a temporary file that another process removed meanwhile
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new StoreException("cannot restrict the permissions in data directory " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Claims the directory for one GUI: a second window on the same store would show the same hosts twice and
     * fight over the same preferences. The CLI does not claim it, so it runs beside an open GUI. The claim ends
     * with the process (or when the returned handle is closed).
     */
    public AutoCloseable claimForGui() {
        Path lockFile = path.resolve("gui.lock");
        try {
            FileChannel channel = FileChannel.open(lockFile,
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw new StoreException("Instance Console is already open on data directory " + path
                        + ": switch to that window, or start another one with --data-dir DIR");
            }
            restrictToOwner(lockFile);
            return () -> {
                lock.release();
                channel.close();
            };
        } catch (IOException | OverlappingFileLockException e) {
            if (e instanceof OverlappingFileLockException) {
                throw new StoreException("Instance Console is already open on data directory " + path + " in this process");
            }
            throw new StoreException("cannot lock data directory " + path + " (" + lockFile + "): " + e.getMessage(), e);
        }
    }

    public Path resolveFile(String name) {
        return path.resolve(name);
    }

    /** Owner-only permissions on POSIX; a no-op where the file system has no POSIX permissions. */
    public static void restrictToOwner(Path file) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(
                    Files.isDirectory(file) ? "rwx------" : "rw-------"));
        }
    }

    private static String describe(Exception e) {
        String type = e.getClass().getSimpleName().replace("Exception", "");
        return e.getMessage() == null ? type : type + ": " + e.getMessage();
    }
}
