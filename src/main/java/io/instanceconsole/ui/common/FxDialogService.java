package io.instanceconsole.ui.common;

import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import java.util.Optional;
import java.util.function.Supplier;

/** {@link DialogService} with JavaFX dialogs, owned by the main window. FX thread only. */
public final class FxDialogService implements DialogService {
    private final Supplier<Window> owner;

    public FxDialogService(Supplier<Window> owner) {
        this.owner = owner;
    }

    @Override
    public Confirmation confirm(String title, String question, String details, boolean offerDontAskAgain) {
        return ask(title, question, details, offerDontAskAgain, null);
    }

    @Override
    public boolean confirmAction(String title, String question, String details, String actionLabel) {
        return ask(title, question, details, false, actionLabel).confirmed();
    }

    private Confirmation ask(String title, String question, String details, boolean offerDontAskAgain,
                             String actionLabel) {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION);
        alert.initOwner(owner.get());
        alert.setTitle(title);
        alert.setHeaderText(question);
        Label text = new Label(details);
        text.setWrapText(true);
        text.setMaxWidth(520);
        CheckBox dontAsk = new CheckBox("Don't ask again for this action");
        dontAsk.setId("dont-ask-again");
        VBox content = new VBox(12, text);
        if (offerDontAskAgain) {
            content.getChildren().add(dontAsk);
        }
        alert.getDialogPane().setContent(content);
        // What is asked here is not undone by a click (stop, force stop, delete): Enter must not be the way to do it
        // (GNOME and macOS HIG: the safe choice is the default of a destructive confirmation).
        Button ok = (Button) alert.getDialogPane().lookupButton(ButtonType.OK);
        ok.setDefaultButton(false);
        if (actionLabel != null) {
            ok.setText(actionLabel);
        }
        ((Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        Optional<ButtonType> answer = alert.showAndWait();
        boolean confirmed = answer.isPresent() && answer.get() == ButtonType.OK;
        return new Confirmation(confirmed, confirmed && dontAsk.isSelected());
    }

    @Override
    public void copyToClipboard(String text) {
        ClipboardContent content = new ClipboardContent();
        content.putString(text);
        Clipboard.getSystemClipboard().setContent(content);
    }
}
