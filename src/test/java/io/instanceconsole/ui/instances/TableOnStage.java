package io.instanceconsole.ui.instances;

import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.io.IOException;
import java.time.Clock;

/** The instance table as the window builds it, from its FXML, for TestFX tests of the view. */
final class TableOnStage {
    private TableOnStage() {
    }

    /** Shows the table over {@code viewModel} (without resource sampling) on the stage, 1100 px wide. */
    static void show(Stage stage, InstanceTableViewModel viewModel, int height) throws IOException {
        FXMLLoader loader = new FXMLLoader(TableOnStage.class.getResource("/io/instanceconsole/ui/instances/InstanceTableView.fxml"));
        loader.setControllerFactory(type -> new InstanceTableView(viewModel, Clock.systemUTC()));
        Parent root = loader.load();
        stage.setScene(new Scene(root, 1100, height));
        stage.show();
    }
}
