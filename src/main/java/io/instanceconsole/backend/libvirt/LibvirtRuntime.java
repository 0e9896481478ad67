package io.instanceconsole.backend.libvirt;

import com.sun.jna.Pointer;
import io.instanceconsole.concurrent.ConsoleThreads;
import io.instanceconsole.domain.UnavailableException;
import org.libvirt.Connect;
import org.libvirt.Library;
import org.libvirt.LibvirtException;
import org.libvirt.jna.Libvirt;
import org.libvirt.jna.virError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What libvirt keeps once per process: the error handler, the default event loop and the thread that runs it, and
 * the small pool on which connections are opened with a deadline. Thread-safe.
 *
 * @implNote These are statics on purpose, and the only ones in the adapter: libvirt's error handler and its default
 * event loop are process-global C state. {@code virEventRegisterDefaultImpl} must run once, before the first
 * connection is opened, and exactly one thread must run the loop; every {@link LibvirtBackend} shares them.
 */
final class LibvirtRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(LibvirtRuntime.class);
    /** Connections that may be opening at once; each one may be stuck in a native connect we cannot interrupt. */
    private static final int MAX_PENDING_CONNECTS = 8;

    /*
     * Held in a static field because JNA only keeps a weak reference to a callback: a collected callback that libvirt
     * still calls crashes the JVM.
     */
    private static final Libvirt.VirErrorCallback QUIET_ERRORS = new QuietErrorHandler();
    private static final Object LOCK = new Object();
    private static boolean started;
    /** Where connections are opened; made with the event loop, by the first {@link #ensureStarted}. */
    private static volatile ExecutorService connects;

    private LibvirtRuntime() {
    }

    /**
     * Installs the error handler, registers libvirt's default event loop and starts the one daemon thread that runs
     * it, on the first call's {@code threads}. Idempotent; fails with {@link UnavailableException} when the libvirt
     * client library is missing.
     */
    static void ensureStarted(ConsoleThreads threads) {
        synchronized (LOCK) {
            if (started) {
                return;
            }
            try {
                // Without a handler libvirt prints every error to stderr as well as returning it to us.
                Connect.setErrorCallback(QUIET_ERRORS);
                Library.initEventLoop();
            } catch (LibvirtException e) {
                throw new UnavailableException("cannot start the libvirt event loop: " + e.getError().getMessage(), e);
            } catch (LinkageError e) {
                throw new UnavailableException("the libvirt client library (libvirt.so.0, Debian package libvirt0) "
                        + "cannot be loaded: " + e.getMessage(), e);
            }
            connects = threads.handOff("ic-libvirt-connect", MAX_PENDING_CONNECTS, ConsoleThreads.Priority.NORMAL);
            threads.start("ic-libvirt-event-loop", ConsoleThreads.Priority.NORMAL, LibvirtRuntime::runEventLoop);
            started = true;
        }
    }

    /**
     * Opens a connection, giving up after {@code timeout}: a daemon that accepts but never answers, or an ssh that
     * waits for something, would otherwise block the caller for good. A connection that opens after we gave up is
     * closed at once.
     */
    static Connect connect(String uri, boolean readOnly, Duration timeout) throws LibvirtException {
        CompletableFuture<Connect> opened = new CompletableFuture<>();
        try {
            connects.execute(() -> {
                try {
                    opened.complete(new Connect(uri, readOnly));
                } catch (Throwable e) {
                    opened.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException busy) {
            throw new UnavailableException("cannot connect to libvirt at '" + uri + "': " + MAX_PENDING_CONNECTS
                    + " earlier connection attempts are still hanging", busy);
        }
        try {
            return opened.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            opened.thenAccept(LibvirtRuntime::closeQuietly);
            throw new UnavailableException("cannot connect to libvirt at '" + uri + "': no answer within "
                    + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            opened.thenAccept(LibvirtRuntime::closeQuietly);
            throw new UnavailableException("connecting to libvirt at '" + uri + "' was interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof LibvirtException libvirt) {
                throw libvirt;
            }
            if (cause instanceof LinkageError linkage) {
                throw new UnavailableException("the libvirt client library cannot be loaded: " + linkage.getMessage(), linkage);
            }
            throw new UnavailableException("cannot connect to libvirt at '" + uri + "': " + cause, cause);
        }
    }

    static void closeQuietly(Connect connect) {
        try {
            connect.close();
        } catch (LibvirtException | RuntimeException e) {
            LOG.debug("closing a libvirt connection failed", e);
        }
    }

    /**
     * Ends the event loop for good, for a process about to exit: its thread waits inside libvirt's poll, in native
     * code, and the JVM's exit waits up to 300 ms for threads in native code to come back (every instancectl call on a
     * libvirt host paid that). Returns once the loop's thread has left, or after 200 ms. No connection may be used
     * afterwards. Does nothing when the loop never started.
     */
    static void stopBeforeExit() {
        synchronized (LOCK) {
            if (!started) {
                return;
            }
        }
        try {
            Library.stopEventLoop();
            LOOP_ENDED.await(200, TimeUnit.MILLISECONDS);
        } catch (LibvirtException | RuntimeException e) {
            LOG.debug("cannot stop the libvirt event loop: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final CountDownLatch LOOP_ENDED = new CountDownLatch(1);

    private static void runEventLoop() {
        try {
            loopUntilStopped();
        } finally {
            LOOP_ENDED.countDown();
        }
    }

    private static void loopUntilStopped() {
        while (true) {
            try {
                Library.runEventLoop();
                return;
            } catch (InterruptedException e) {
                return;
            } catch (LibvirtException | RuntimeException e) {
                // One failed iteration must not stop the loop: every connection's events and keepalives depend on it.
                LOG.warn("libvirt event loop iteration failed: {}", e.getMessage());
                try {
                    Thread.sleep(100);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    /** Swallows libvirt's own error printing; the same error reaches us as a {@link LibvirtException}. */
    private static final class QuietErrorHandler implements Libvirt.VirErrorCallback {
        @Override
        public void errorCallback(Pointer userData, virError error) {
            if (LOG.isTraceEnabled()) {
                LOG.trace("libvirt error {}: {}", error.code, error.message);
            }
        }
    }
}
