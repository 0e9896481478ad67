package io.instanceconsole.ui.common;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The notifier view models are given before the window that shows notifications exists: what is said before a
 * display is attached is kept, in order, and shown when it attaches; after that every call goes straight to it. FX
 * thread only.
 */
public final class Notifications implements Notifier {
    private final List<Runnable> early = new ArrayList<>();
    private Notifier display;

    /** Shows this and every later notification on {@code display}, after the ones said before. */
    public void showOn(Notifier display) {
        if (this.display != null) {
            throw new IllegalStateException("notifications already show on " + this.display);
        }
        this.display = requireNonNull(display, "display was not specified");
        early.forEach(Runnable::run);
        early.clear();
    }

    @Override
    public void notify(Severity severity, String message) {
        if (display == null) {
            early.add(() -> display.notify(severity, message));
        } else {
            display.notify(severity, message);
        }
    }

    @Override
    public void withdraw(String message) {
        if (display == null) {
            early.add(() -> display.withdraw(message));
        } else {
            display.withdraw(message);
        }
    }
}
