package io.instanceconsole.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One process at a time, among those sharing a data directory, through the moments H2's AUTO_SERVER hands the
 * database file over: opening it (connecting to the process that serves it, or becoming that process), closing it
 * (the serving process leaves and another takes over), and reconnecting after such a change. H2's own lock-file
 * protocol loses those races when several processes open and close at once ("Lock file recently modified",
 * "Another process was faster"): four instancectl at once lost 9 of 12 actions to them. An OS lock on a file beside
 * the database, plus a lock inside this JVM (the OS lock belongs to the process, not to the thread).
 */
final class HandoverLock {
    private static final Map<Path, ReentrantLock> IN_THIS_PROCESS = new ConcurrentHashMap<>();

    private final Path file;

    HandoverLock(Path file) {
        this.file = file.toAbsolutePath();
    }

    /** A step that may meet another process's handover. */
    @FunctionalInterface
    interface Step<T> {
        T run() throws SQLException;
    }

    /** Runs the step while holding the lock; without the OS half when the directory cannot hold a lock file. */
    <T> T during(Step<T> step) throws SQLException {
        ReentrantLock local = IN_THIS_PROCESS.computeIfAbsent(file, f -> new ReentrantLock());
        local.lock();
        FileChannel channel = null;
        FileLock os = null;
        try {
            if (local.getHoldCount() == 1) { // the OS lock is the process's: taking it twice would throw
                try {
                    channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    os = channel.lock();
                } catch (IOException unlockable) {
                    // a read-only directory: the store reports that itself when it opens; nothing to serialise then
                    closeQuietly(channel);
                    channel = null;
                }
            }
            return step.run();
        } finally {
            if (os != null) {
                try {
                    os.release();
                } catch (IOException ignored) {
                    // closing the channel releases it too
                }
            }
            closeQuietly(channel);
            local.unlock();
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing was written to it
            }
        }
    }
}
