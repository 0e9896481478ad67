package io.instanceconsole.ui.common;

/** Dialogs and desktop services, behind an interface so view models stay testable without a toolkit. */
public interface DialogService {

    /** The user's answer to a confirmation. */
    record Confirmation(boolean confirmed, boolean dontAskAgain) {
    }

    /**
     * Asks before something that is not undone by a click.
     *
     * @param offerDontAskAgain whether to show a "don't ask again" box
     */
    Confirmation confirm(String title, String question, String details, boolean offerDontAskAgain);

    /**
     * Asks before something the user may want after all (saving a connection that does not answer): the confirming
     * button says what it does ({@code actionLabel}, e.g. "Save anyway"), and Cancel is the default. True when the
     * user chose the action. Dialogs that cannot name their button ask {@link #confirm} instead.
     */
    default boolean confirmAction(String title, String question, String details, String actionLabel) {
        return confirm(title, question, details, false).confirmed();
    }

    void copyToClipboard(String text);
}
