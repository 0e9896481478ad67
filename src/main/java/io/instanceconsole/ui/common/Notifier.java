package io.instanceconsole.ui.common;

/** Non-modal notifications to the user; the view decides how they look. Called on the FX thread. */
public interface Notifier {
    enum Severity { INFO, WARNING, ERROR }

    void notify(Severity severity, String message);
}
