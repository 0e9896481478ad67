package io.instanceconsole.app;

import io.instanceconsole.backend.libvirt.LibvirtBackend;
import io.instanceconsole.cli.InstanceCtl;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Entry point of {@code instancectl}: the same services, store and journal as the GUI, no JavaFX. */
public final class CliMain {
    /** Exit status after Ctrl-C, as shells report a command that SIGINT ended. */
    static final int INTERRUPTED = 130;

    private CliMain() {
    }

    public static void main(String[] args) {
        CliPhases.main();
        System.setProperty("instanceconsole.log.level", "OFF");
        // instancectl logs nothing (it reports every outcome itself, one line each): SLF4J's no-op provider instead
        // of logback, whose start (its XML configuration) cost every call tens of milliseconds for nothing
        System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
        System.setProperty("slf4j.internal.verbosity", "WARN");
        CliServicesFactory sessions = new CliServicesFactory();
        String training = System.getProperty(CliTraining.PROPERTY);
        if (training != null) {
            System.exit(CliTraining.run(Path.of(training), sessions));
        }
        CountDownLatch done = new CountDownLatch(1);
        boolean[] interrupted = {false};
        onInterrupt(() -> {
            interrupted[0] = true;
            // nothing more is sent; what was sent comes back and is recorded, and the command prints its results
            if (sessions.finishWork()) {
                awaitQuietly(done);
            }
            // with no session open, nothing was sent and there is nothing to print
            System.exit(INTERRUPTED);
        });
        int code = InstanceCtl.run(args, sessions, standardOutput(), System.err);
        done.countDown();
        CliPhases.ended("finish");
        // every session is closed: libvirt's event loop would hold the JVM's exit for 300 ms
        LibvirtBackend.endEventLoopBeforeExit();
        CliPhases.ended("exit");
        CliPhases.print();
        System.exit(interrupted[0] ? INTERRUPTED : code);
    }

    /**
     * Ctrl-C (SIGINT) and SIGTERM run {@code handler} instead of exiting at once: the JVM's own exit closed the store
     * (H2's exit hook) under the actions in flight, and pauses that had happened on the host were undone because
     * their outcome could not be recorded. {@code sun.misc.Signal} is the JDK's supported way (jdk.unsupported).
     */
    private static void onInterrupt(Runnable handler) {
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> handler.run());
            } catch (IllegalArgumentException unavailable) {
                // no such signal on this OS (Windows has no TERM): the default exit stays
            }
        }
    }

    /**
     * Standard output, where a reader that stopped reading ({@code instancectl list | head -1}) is not an error: the
     * rest is dropped, as Unix tools do. Any other failure to write (a full disk) still is, and the command says so.
     */
    private static PrintStream standardOutput() {
        OutputStream stdout = new FileOutputStream(FileDescriptor.out);
        OutputStream tolerant = new FilterOutputStream(stdout) {
            private boolean readerGone;

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                if (readerGone) {
                    return;
                }
                try {
                    out.write(bytes, offset, length);
                } catch (IOException e) {
                    if (!String.valueOf(e.getMessage()).contains("Broken pipe")) {
                        throw e;
                    }
                    readerGone = true;
                }
            }
        };
        return new PrintStream(new BufferedOutputStream(tolerant), true, StandardCharsets.UTF_8);
    }

    private static void awaitQuietly(CountDownLatch done) {
        try {
            // the command finishes once its last result is in; a command waiting for a host gives up sooner
            done.await(AppContext.FINISH_WORK_PATIENCE.toSeconds() + 10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
