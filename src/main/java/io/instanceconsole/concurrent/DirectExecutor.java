package io.instanceconsole.concurrent;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * An executor that runs each task at once on the thread that hands it over, so work happens in a known order with no
 * thread of its own: the deterministic choice for service tests. After {@link #shutdown()} it rejects new tasks, as a
 * pool does. Thread-safe. A test that needs another way of running the tasks (holding them, a schedule of its own)
 * extends it and keeps this shutdown.
 */
public class DirectExecutor extends AbstractExecutorService {
    private volatile boolean shutdown;

    @Override
    public void execute(Runnable command) {
        requireNonNull(command, "command was not specified");
        if (shutdown) {
            throw new RejectedExecutionException("the executor is shut down");
        }
        command.run();
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    /** Nothing runs on a thread of this executor's own, so it has terminated as soon as it is shut down. */
    @Override
    public boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return shutdown;
    }
}
