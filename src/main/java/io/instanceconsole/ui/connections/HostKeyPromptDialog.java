package io.instanceconsole.ui.connections;

import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The trust question as a dialog, in ssh's own terms: host, key type, SHA256 fingerprint (selectable, to compare or
 * copy), where a trusted key is kept. Cancel is the default button: Enter never trusts a key. FX thread only.
 */
public final class HostKeyPromptDialog implements HostKeyTrustViewModel.Prompt {
    static final ButtonType TRUST = new ButtonType("Trust this key", ButtonBar.ButtonData.OK_DONE);

    private final Supplier<Window> owner;
    private final Path trustFile;

    public HostKeyPromptDialog(Supplier<Window> owner, Path trustFile) {
        this.owner = owner;
        this.trustFile = trustFile;
    }

    @Override
    public boolean askToTrust(String connectionName, String host, String keyType, String fingerprint) {
        Alert alert = new Alert(Alert.AlertType.WARNING, "", TRUST, ButtonType.CANCEL);
        alert.initOwner(owner.get());
        alert.setTitle("Unknown host key");
        alert.setHeaderText("The authenticity of host " + host + " can't be established.");
        GridPane facts = new GridPane();
        facts.setHgap(10);
        facts.setVgap(6);
        facts.addRow(0, caption("Connection"), new Label(connectionName));
        facts.addRow(1, caption("Host"), new Label(host));
        facts.addRow(2, caption("Key type"), new Label(keyType));
        TextField print = new TextField(fingerprint);
        print.setEditable(false);
        print.setId("host-key-fingerprint");
        print.setPrefColumnCount(48);
        facts.addRow(3, caption("Fingerprint"), print);
        Label advice = new Label("Trust it only if it is the fingerprint the host's administrator gives you (on the"
                + " host: ssh-keygen -lf /etc/ssh/ssh_host_" + keyType.toLowerCase(Locale.ROOT)
                + "_key.pub). A trusted key is kept in " + trustFile + " and checked at every connection.");
        advice.setWrapText(true);
        advice.setMaxWidth(560);
        alert.getDialogPane().setContent(new VBox(12, facts, advice));
        alert.getDialogPane().setId("host-key-prompt");
        Button trust = (Button) alert.getDialogPane().lookupButton(TRUST);
        Button cancel = (Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL);
        trust.setDefaultButton(false);
        trust.setId("trust-host-key");
        cancel.setDefaultButton(true);
        Optional<ButtonType> answer = alert.showAndWait();
        return answer.isPresent() && answer.get() == TRUST;
    }

    private static Label caption(String text) {
        Label label = new Label(text);
        label.setMinWidth(Region.USE_PREF_SIZE);
        return label;
    }
}
