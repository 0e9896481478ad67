package io.instanceconsole.ui.shell;

import io.instanceconsole.ui.common.Command;
import io.instanceconsole.ui.connections.ConnectionsViewModel;
import io.instanceconsole.ui.instances.InstanceRowViewModel;
import io.instanceconsole.ui.keyboard.CommandPalette;
import io.instanceconsole.ui.keyboard.CommandPalette.Entry;
import javafx.beans.property.SimpleBooleanProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the palette finds beyond its commands ("pause web" finds Pause 'web-1'): for instances whose name or host has
 * the words, their Pause and Resume (enabled exactly as the row's buttons) and showing them in the table; connections
 * by name; and the trail's export. At most {@link #LIMIT} entries, instances first, always leaving room for the
 * connections and exports found. FX thread only.
 */
final class PaletteFinder implements CommandPalette.Finder {
    static final int LIMIT = 30;
    /** Words that name what to do rather than what to do it to. */
    private static final Set<String> VERBS = Set.of("pause", "resume", "show", "select", "connection", "export",
            "activity", "csv", "json", "the", "as", "in", "table", "trail", "on", "edit");

    /** What the window does for an entry. */
    interface Window {
        /** Selects only this row, scrolls to it and gives the table the keyboard. */
        void showRow(InstanceRowViewModel row);

        /** Shows the Connections tab with this connection's settings. */
        void showConnection(ConnectionsViewModel.Row row);

        /** Asks where to save the trail, as "csv" or "json". */
        void exportActivity(String extension);
    }

    private final List<InstanceRowViewModel> rows;
    private final List<ConnectionsViewModel.Row> connections;
    private final Window window;

    /**
     * @param rows        the instance rows as the table shows them
     * @param connections the connections as the Connections tab lists them
     */
    PaletteFinder(List<InstanceRowViewModel> rows, List<ConnectionsViewModel.Row> connections, Window window) {
        this.rows = rows;
        this.connections = connections;
        this.window = window;
    }

    @Override
    public List<Entry> find(List<String> words) {
        List<String> names = words.stream().filter(w -> !VERBS.contains(w)).toList();
        List<Entry> others = new ArrayList<>();
        if (!names.isEmpty()) {
            for (ConnectionsViewModel.Row connection : connections) {
                addMatching(others, words, List.of(new Entry("Show connection '" + connection.connection().name()
                        + "' (" + connection.health() + ")", "connection", "",
                        always(() -> window.showConnection(connection)))));
            }
        }
        addMatching(others, words, List.of(
                new Entry("Export the activity trail as CSV…", "export csv", "", always(() -> window.exportActivity("csv"))),
                new Entry("Export the activity trail as JSON…", "export json", "",
                        always(() -> window.exportActivity("json")))));
        List<Entry> found = new ArrayList<>();
        int room = Math.max(0, LIMIT - others.size());
        if (!names.isEmpty()) {
            for (InstanceRowViewModel row : rows) {
                String text = (row.snapshot().name() + " " + row.hostName()).toLowerCase(Locale.ROOT);
                if (names.stream().allMatch(text::contains)) {
                    addMatching(found, words, instanceEntries(row));
                    if (found.size() >= room) {
                        break;
                    }
                }
            }
        }
        List<Entry> all = new ArrayList<>(found.subList(0, Math.min(found.size(), room)));
        all.addAll(others);
        return all.size() > LIMIT ? all.subList(0, LIMIT) : all;
    }

    private List<Entry> instanceEntries(InstanceRowViewModel row) {
        String what = "'" + row.snapshot().name() + "' on " + row.hostName();
        return List.of(new Entry("Pause " + what, "pause", "", row.pauseCommand()),
                new Entry("Resume " + what, "resume", "", row.resumeCommand()),
                new Entry("Show " + what + " in the table", "show select", "", always(() -> window.showRow(row))));
    }

    private static void addMatching(List<Entry> found, List<String> words, List<Entry> candidates) {
        candidates.stream().filter(e -> e.matches(words)).forEach(found::add);
    }

    private static Command always(Runnable action) {
        return new Command(new SimpleBooleanProperty(true), action);
    }
}
