package io.instanceconsole.ui.shell;

import io.instanceconsole.ui.common.Command;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The band over the instance table that binds to {@link SimulatorNoticeViewModel}: an info icon, what the table shows
 * ("You are looking at a simulator: 40 made-up instances."), "Add connection" · "Remove the simulator" as links, and a
 * close button. It takes no room while it is hidden.
 */
public final class SimulatorNotice {
    private final HBox band;

    public SimulatorNotice(SimulatorNoticeViewModel viewModel) {
        Label text = new Label();
        text.setId("simulator-notice-text");
        text.textProperty().bind(viewModel.messageProperty());
        text.setWrapText(true);
        FontIcon icon = new FontIcon(Feather.INFO);
        icon.getStyleClass().add("notice-icon");
        Hyperlink add = link("add-connection-link", "Add connection", viewModel.addConnectionCommand());
        Hyperlink remove = link("remove-simulator-link", "", viewModel.removeSimulatorCommand());
        remove.textProperty().bind(viewModel.removeLabelProperty());
        Label dot = new Label("·");
        for (Node simulatorOnly : new Node[]{dot, remove}) {
            simulatorOnly.visibleProperty().bind(viewModel.simulatorShownProperty());
            simulatorOnly.managedProperty().bind(viewModel.simulatorShownProperty());
        }
        HBox links = new HBox(2, add, dot, remove);
        links.setAlignment(Pos.CENTER_LEFT);
        links.setMinWidth(Region.USE_PREF_SIZE); // the links keep their whole text; the sentence wraps instead
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        Button close = new Button(null, new FontIcon(Feather.X));
        close.setId("simulator-notice-close");
        close.getStyleClass().addAll("flat", "button-icon");
        close.setTooltip(new Tooltip("Hide this line until the console is started again"));
        close.setOnAction(e -> viewModel.closeCommand().execute());
        close.visibleProperty().bind(viewModel.simulatorShownProperty());
        close.managedProperty().bind(viewModel.simulatorShownProperty());
        HBox.setHgrow(text, Priority.SOMETIMES);
        band = new HBox(8, icon, text, links, gap, close);
        band.setId("simulator-notice");
        band.getStyleClass().add("simulator-notice");
        band.setAlignment(Pos.CENTER_LEFT);
        band.visibleProperty().bind(viewModel.shownProperty());
        band.managedProperty().bind(viewModel.shownProperty());
        band.getStylesheets().add(SimulatorNotice.class.getResource("simulator-notice.css").toExternalForm());
    }

    private static Hyperlink link(String id, String text, Command command) {
        Hyperlink link = new Hyperlink(text);
        link.setId(id);
        link.setMnemonicParsing(false);
        link.disableProperty().bind(command.executableProperty().not());
        link.setOnAction(e -> {
            command.execute();
            link.setVisited(false); // an action, not a page: it looks the same after a click
        });
        return link;
    }

    /** The band, to put over the table. */
    public Node node() {
        return band;
    }

    /** {@code table} with the band over it, the table taking the height. */
    public VBox over(Node table) {
        VBox.setVgrow(table, Priority.ALWAYS);
        return new VBox(band, table);
    }
}
