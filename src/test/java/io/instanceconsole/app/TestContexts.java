package io.instanceconsole.app;

import io.instanceconsole.service.ConnectionManager;
import io.instanceconsole.store.DataDirectory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * Opens the real composition root for tests, the one way they do (nothing detected on first start: only the
 * simulator).
 */
public final class TestContexts {
    private TestContexts() {
    }

    /** An opened context, seen through what tests outside {@code app} need. */
    public record Opened(AppContext context) implements AutoCloseable {
        public ConnectionManager manager() {
            return context.connectionManager();
        }

        @Override
        public void close() {
            context.close();
        }
    }

    public static Opened open(Path dataDir) {
        return new Opened(context(dataDir));
    }

    /** The composition root on {@code dataDir} (created when missing), for tests in {@code app}. */
    static AppContext context(Path dataDir) {
        return AppContext.open(new DataDirectory(dataDir), Clock.systemUTC(), Map.of());
    }
}
