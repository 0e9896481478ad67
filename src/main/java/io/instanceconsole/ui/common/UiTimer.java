package io.instanceconsole.ui.common;

import java.time.Duration;

/**
 * Periodic work on the UI thread (polls, clocks) that does not keep JavaFX animating. Thread-safe.
 *
 * @implNote Not a {@code javafx.animation.Timeline}: while any animation runs, JavaFX pulses 60 times a second and
 * every pulse walks the whole scene (10,000-row table included), even when a timeline's only key frame is seconds
 * away. Three such clocks (host badges, resource figures, activity poll) kept an idle console busy.
 */
public interface UiTimer {
    /** A timer that never fires: for views shown without their periodic work (tests). */
    UiTimer NEVER = (period, work) -> () -> { };

    /**
     * Runs {@code work} on the UI thread every {@code period}, the first time one period from now, until the
     * returned handle is run (idempotent).
     */
    Runnable every(Duration period, Runnable work);
}
