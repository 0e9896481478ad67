package io.instanceconsole.concurrent;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the console's own worker threads (service, host calls, timers) at a lower scheduling priority than the UI
 * thread, so a bulk run that keeps every core busy still leaves the FX thread a core when a frame is due: on two
 * cores, twelve busy workers at equal priority stretched a 15 ms frame to 30-45 ms. See
 * docs/decisions/0011-background-thread-priority.md.
 *
 * <p>Java thread priorities do nothing on Linux unless the JVM runs as root, so there the calling thread's nice value
 * is raised through libc ({@code setpriority} on its thread id), which any user may do. Elsewhere
 * {@link Thread#setPriority} is used, which Windows honours. Failing to lower a priority is never an error.
 */
final class BackgroundPriority {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundPriority.class);
    /** Linux nice value of worker threads (0 is normal, 19 the lowest); {@code -Dinstanceconsole.workerNice=0} turns it off. */
    static final int NICE = Integer.getInteger("instanceconsole.workerNice", 10);
    private static final int PRIO_PROCESS = 0;

    /** The few libc calls needed, loaded once on Linux. */
    private interface LibC extends Library {
        int gettid();

        int setpriority(int which, int who, int prio);
    }

    private static final LibC LIBC = Platform.isLinux() && NICE > 0 ? load() : null;

    private BackgroundPriority() {
    }

    /** Lowers the calling thread's priority; call it first thing in a worker thread. */
    static void lowerCurrentThread() {
        if (NICE <= 0) {
            return;
        }
        if (LIBC == null) {
            Thread.currentThread().setPriority(Thread.MIN_PRIORITY + 2);
            return;
        }
        try {
            if (LIBC.setpriority(PRIO_PROCESS, LIBC.gettid(), NICE) != 0) {
                LOG.debug("could not lower the priority of {}", Thread.currentThread().getName());
            }
        } catch (LinkageError e) {
            LOG.debug("could not lower the priority of {}: {}", Thread.currentThread().getName(), e.toString());
        }
    }

    private static LibC load() {
        try {
            return Native.load("c", LibC.class);
        } catch (LinkageError e) {
            LOG.debug("libc not available to lower worker thread priority: {}", e.toString());
            return null;
        }
    }
}
