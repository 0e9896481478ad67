package io.instanceconsole.ui.shell;

import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.service.ConnectionManager;
import io.instanceconsole.ui.common.Command;
import io.instanceconsole.ui.common.DialogService;
import io.instanceconsole.ui.common.Notifier;
import io.instanceconsole.ui.common.UiServiceEvents;
import io.instanceconsole.ui.instances.InstanceRowViewModel;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import static java.util.Objects.requireNonNull;

/**
 * The line over the instance table that says plainly what the table shows when it is not the user's own hosts: the
 * embedded simulator's made-up instances ("You are looking at a simulator: 40 made-up instances"), or nothing at all
 * because there is no connection. It offers "Add connection" (the Connections tab with a new form) and, while a
 * simulator is there, "Remove the simulator" (after a question whose default is Cancel). The simulator's line can be
 * closed for the session; the line with no connection cannot. Connections are read in the background; FX thread
 * otherwise.
 */
public final class SimulatorNoticeViewModel implements UiServiceEvents.Subscriber {
    private final ConnectionManager manager;
    private final ObservableList<InstanceRowViewModel> rows;
    private final Executor background;
    private final Executor uiThread;
    private final DialogService dialogs;
    private final Notifier notifier;
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper removeLabel = new ReadOnlyStringWrapper("Remove the simulator");
    private final ReadOnlyBooleanWrapper shown = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper simulatorShown = new ReadOnlyBooleanWrapper(false);
    private final BooleanProperty closed = new SimpleBooleanProperty(false);
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final Command addConnection;
    private final Command removeSimulator;
    private final Command close;
    /** The connections as last read; null until the first read is back (the line says nothing before it). */
    private List<Connection> connections;

    /**
     * Subscribes itself to {@code events}: the line follows the set of connections.
     *
     * @param rows          every row the table holds, filtered or not (what "40 made-up instances" counts)
     * @param addConnection shows the Connections tab with a new form
     */
    public SimulatorNoticeViewModel(ConnectionManager manager, UiServiceEvents events,
                                    ObservableList<InstanceRowViewModel> rows, Runnable addConnection,
                                    Executor background, Executor uiThread, DialogService dialogs, Notifier notifier) {
        this.manager = requireNonNull(manager, "manager was not specified");
        this.background = requireNonNull(background, "background was not specified");
        this.uiThread = requireNonNull(uiThread, "uiThread was not specified");
        this.dialogs = requireNonNull(dialogs, "dialogs was not specified");
        this.notifier = requireNonNull(notifier, "notifier was not specified");
        requireNonNull(addConnection, "addConnection was not specified");
        this.rows = requireNonNull(rows, "rows was not specified");
        rows.addListener((ListChangeListener<InstanceRowViewModel>) change -> update());
        this.addConnection = new Command(new SimpleBooleanProperty(true), addConnection);
        removeSimulator = new Command(Bindings.createBooleanBinding(() -> simulatorShown.get() && !busy.get(),
                simulatorShown, busy), this::removeSimulator);
        close = new Command(simulatorShown, () -> {
            closed.set(true);
            update();
        });
        requireNonNull(events, "events was not specified").subscribe(this);
        reload();
    }

    /** How many rows the simulators made up. */
    private int simulatedCount() {
        return (int) rows.stream().filter(r -> r.snapshot().kind() == BackendKind.SIMULATOR).count();
    }

    /** Reads the connections in the background; the line follows on the FX thread. */
    public CompletableFuture<Void> reload() {
        return CompletableFuture.supplyAsync(manager::all, background)
                .thenAcceptAsync(all -> {
                    connections = all;
                    update();
                }, uiThread);
    }

    @Override
    public void hostNews(List<UiServiceEvents.HostNews> news) {
        if (news.stream().anyMatch(UiServiceEvents.HostNews.Existing.class::isInstance)) {
            reload();
        }
    }

    private void update() {
        if (connections == null) {
            return;
        }
        int simulated = simulatedCount();
        List<Connection> simulators = simulators();
        boolean others = connections.size() > simulators.size();
        simulatorShown.set(!simulators.isEmpty() && !closed.get());
        removeLabel.set(simulators.size() > 1 ? "Remove the simulators" : "Remove the simulator");
        if (connections.isEmpty()) {
            message.set("No connections: the table stays empty until you add a Docker engine, a libvirt host or a simulator.");
            shown.set(true);
        } else if (!simulators.isEmpty()) {
            String instancesText = simulated + " made-up instance" + (simulated == 1 ? "" : "s");
            message.set(others
                    ? instancesText + " in this table come from " + names(simulators) + ", not from a real host."
                    : "You are looking at a simulator: " + instancesText + ".");
            shown.set(!closed.get());
        } else {
            message.set("");
            shown.set(false);
        }
    }

    private List<Connection> simulators() {
        return connections.stream().filter(c -> c.kind() == BackendKind.SIMULATOR).toList();
    }

    private static String names(List<Connection> simulators) {
        return (simulators.size() == 1 ? "the simulator " : "the simulators ")
                + String.join(", ", simulators.stream().map(c -> "'" + c.name() + "'").toList());
    }

    /** Asks (Cancel by default), then removes every simulator connection through the connection manager. */
    private void removeSimulator() {
        List<Connection> simulators = simulators();
        int simulated = simulatedCount();
        String which = simulators.size() == 1 ? "the simulator '" + simulators.get(0).name() + "'"
                : simulators.size() + " simulators";
        boolean remove = dialogs.confirmAction("Remove the simulator", "Remove " + which + "?",
                "Its " + simulated + " made-up instance" + (simulated == 1 ? "" : "s") + " leave the table. A simulator "
                        + "can be added again in Connections (kind Simulator, sim://NAME).", "Remove");
        if (!remove) {
            return;
        }
        busy.set(true);
        CompletableFuture.runAsync(() -> simulators.forEach(c -> manager.remove(c.id())), background)
                .handleAsync((done, error) -> {
                    busy.set(false);
                    if (error == null) {
                        notifier.notify(Notifier.Severity.INFO, "Removed " + which);
                    } else {
                        Throwable cause = error instanceof CompletionException && error.getCause() != null
                                ? error.getCause() : error;
                        notifier.notify(Notifier.Severity.ERROR, "Could not remove " + which + ": " + cause.getMessage());
                    }
                    reload();
                    return null;
                }, uiThread);
    }

    /** What the line says; empty while it is hidden. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Whether the line shows. */
    public ReadOnlyBooleanProperty shownProperty() {
        return shown.getReadOnlyProperty();
    }

    /** Whether a simulator is what the line is about (then "Remove the simulator" and close are offered). */
    public ReadOnlyBooleanProperty simulatorShownProperty() {
        return simulatorShown.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty removeLabelProperty() {
        return removeLabel.getReadOnlyProperty();
    }

    public Command addConnectionCommand() {
        return addConnection;
    }

    public Command removeSimulatorCommand() {
        return removeSimulator;
    }

    /** Hides the simulator's line for this session. */
    public Command closeCommand() {
        return close;
    }
}
