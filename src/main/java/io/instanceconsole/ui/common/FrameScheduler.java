package io.instanceconsole.ui.common;

/**
 * An executor that can also hold work until the next frame: what the {@link Coalescer} uses so that however many
 * batches arrive, the UI flushes once per pulse. Thread-safe.
 */
public interface FrameScheduler {
    /** Runs the work on the UI thread before the next frame is laid out. */
    void beforeNextFrame(Runnable work);
}
