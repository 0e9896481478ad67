package io.instanceconsole.backend.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The console's private directory for forwarded sockets and ssh output: created 0700, so that no other local user
 * can reach a remote engine through a socket the console forwards. File names carry this process's id, so a GUI and
 * an instancectl sharing the data directory never collide. Thread-safe.
 */
final class RunDirectory {
    private static final AtomicLong NEXT = new AtomicLong();
    private static final long PID = ProcessHandle.current().pid();

    private RunDirectory() {
    }

    /** Creates the directory (0700) if needed and tightens its permissions if it is looser. */
    static Path ensure(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                try {
                    Files.createDirectories(dir.getParent());
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (FileAlreadyExistsException raced) {
                    // another process made it first
                } catch (UnsupportedOperationException notPosix) {
                    Files.createDirectories(dir);
                }
            }
            if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
            return dir;
        } catch (IOException e) {
            throw new SshException("cannot prepare the directory " + dir + " for ssh: " + e.getMessage(), e);
        }
    }

    /** A fresh name in the directory: {@code <pid>-<n>.<suffix>} (not created). */
    static Path newFile(Path dir, String suffix) {
        return dir.resolve(PID + "-" + NEXT.incrementAndGet() + "." + suffix);
    }

    /**
     * Writes a whole file only its owner may read ({@code rw-------}) or run ({@code rwx------}): to a temporary file of
     * this process first, then moved into place, so a reader never sees it half-written.
     *
     * @param what the file's purpose, for the message when it cannot be written
     */
    static void writePrivately(Path file, String content, String permissions, String what) {
        Path dir = ensure(file.getParent());
        Path temporary = newFile(dir, "new");
        try {
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            if (Files.getFileStore(temporary).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString(permissions));
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw new SshException("cannot write " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover name in our own 0700 directory; the next start removes it
        }
    }

    /** Removes files left by processes that no longer run (a crashed console's sockets). */
    static void removeLeftovers(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var files = Files.list(dir)) {
            files.filter(f -> !ownerAlive(f.getFileName().toString())).forEach(RunDirectory::deleteQuietly);
        } catch (IOException ignored) {
            // best effort: leftovers are harmless inside the 0700 directory
        }
    }

    private static boolean ownerAlive(String name) {
        int dash = name.indexOf('-');
        if (dash <= 0) {
            return true;
        }
        try {
            return ProcessHandle.of(Long.parseLong(name.substring(0, dash))).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return true;
        }
    }
}
