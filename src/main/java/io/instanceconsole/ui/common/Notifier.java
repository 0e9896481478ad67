package io.instanceconsole.ui.common;

/** Non-modal notifications to the user; the view decides how they look. Called on the FX thread. */
public interface Notifier {
    enum Severity { INFO, WARNING, ERROR }

    void notify(Severity severity, String message);

    /**
     * The cause of a message is gone (the host answers again, the row's state was refreshed): hides it if it still
     * shows. A message that was replaced by another one is left alone.
     */
    default void withdraw(String message) {
    }
}
