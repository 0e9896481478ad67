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

    void copyToClipboard(String text);
}
