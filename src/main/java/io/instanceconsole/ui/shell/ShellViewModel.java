package io.instanceconsole.ui.shell;

import io.instanceconsole.service.ConnectionHealth;
import io.instanceconsole.service.InstanceChanges;
import io.instanceconsole.service.ServiceListener;
import io.instanceconsole.ui.common.Coalescer;
import io.instanceconsole.ui.instances.InstanceTableViewModel;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The main window: host badges, the theme switch, refresh, and the bridge that brings service changes onto the FX
 * thread in coalesced batches. Bind in {@link #activate}, undo in {@link #deactivate}. FX thread only, except
 * {@link ServiceListener} callbacks, which only enqueue.
 */
public final class ShellViewModel implements ServiceListener {
    private final InstanceTableViewModel instances;
    private final Function<String, String> hostNames;
    private final Runnable refresh;
    private final Clock clock;
    private final Coalescer<InstanceChanges> changes;
    private final Coalescer<HostNews> hosts;
    private final Map<String, ConnectionHealth> healthByConnection = new LinkedHashMap<>();
    private final ReadOnlyStringWrapper hostBadges = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper hostDetails = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper downHosts = new ReadOnlyStringWrapper("");
    private final BooleanProperty darkTheme = new SimpleBooleanProperty(false);
    private boolean active;
    private String about = "";
    private java.util.function.BiConsumer<String, ConnectionHealth> healthListener = (id, h) -> { };
    private java.util.function.Consumer<java.util.Set<String>> connectionsListener = ids -> { };

    public ShellViewModel(InstanceTableViewModel instances, Executor uiThread, Function<String, String> hostNames,
                          Runnable refresh, Clock clock) {
        this.instances = instances;
        this.hostNames = hostNames;
        this.refresh = refresh;
        this.clock = clock;
        this.changes = new Coalescer<>(uiThread, batch -> {
            if (active) {
                instances.apply(batch);
            }
        });
        // health and the set of connections share one queue, so a late badge of a removed host cannot outlive it
        this.hosts = new Coalescer<>(uiThread, batch -> {
            batch.forEach(news -> {
                switch (news) {
                    case HostNews.Health h -> {
                        healthByConnection.put(h.connectionId(), h.health());
                        instances.hostHealthChanged(h.connectionId(), h.health(), clock.instant());
                        healthListener.accept(h.connectionId(), h.health());
                    }
                    case HostNews.Existing e -> {
                        healthByConnection.keySet().retainAll(e.connectionIds());
                        connectionsListener.accept(e.connectionIds());
                    }
                }
            });
            updateBadges();
        });
    }

    public void activate() {
        active = true;
    }

    public void deactivate() {
        active = false;
    }

    @Override
    public void instancesChanged(InstanceChanges batch) {
        changes.add(batch);
    }

    @Override
    public void healthChanged(String connectionId, ConnectionHealth newHealth) {
        hosts.add(new HostNews.Health(connectionId, newHealth));
    }

    @Override
    public void connectionsChanged(java.util.Set<String> connectionIds) {
        hosts.add(new HostNews.Existing(connectionIds));
    }

    /** What the service said about hosts, in the order it said it. */
    private sealed interface HostNews {
        record Health(String connectionId, ConnectionHealth health) implements HostNews {
        }

        record Existing(java.util.Set<String> connectionIds) implements HostNews {
        }
    }

    /** Text of the About dialog: version, Java and JavaFX versions, data directory. */
    public String about() {
        return about;
    }

    /** Also told of every host health change, on the FX thread (the Connections view shows it). */
    public void onHealth(java.util.function.BiConsumer<String, ConnectionHealth> listener) {
        healthListener = listener;
    }

    /** Also told, on the FX thread, when connections were added, removed or changed (here or by the CLI). */
    public void onConnections(java.util.function.Consumer<java.util.Set<String>> listener) {
        connectionsListener = listener;
    }

    public void setAbout(String text) {
        about = text;
    }

    public void refresh() {
        refresh.run();
    }

    public ReadOnlyStringProperty summaryProperty() {
        return instances.summaryProperty();
    }

    public ReadOnlyStringProperty hostBadgesProperty() {
        return hostBadges.getReadOnlyProperty();
    }

    public BooleanProperty darkThemeProperty() {
        return darkTheme;
    }

    /**
     * Starts in the theme the user chose last time and remembers each switch. The write goes to {@code background}:
     * it is a store commit, and the switch must not wait for the disk.
     */
    public void rememberTheme(io.instanceconsole.service.Preferences preferences, Executor background) {
        darkTheme.set(preferences.get(THEME).map(DARK::equals).orElse(false));
        darkTheme.addListener((obs, old, dark) -> background.execute(() -> preferences.put(THEME, dark ? DARK : LIGHT)));
    }

    static final String THEME = "theme";
    private static final String DARK = "dark";
    private static final String LIGHT = "light";

    /** Recomputes badges whose text depends on time ("retry in 12 s"). */
    public void tick() {
        updateBadges();
    }

    /**
     * Each host's badge, by host name (not by who answered first, which changed from one start to the next). With
     * more hosts than fit, the connected ones are counted and only the others named: with four, the status bar cut
     * every badge off. The tooltip always lists every host.
     */
    private void updateBadges() {
        java.util.List<String> ids = healthByConnection.keySet().stream()
                .sorted(java.util.Comparator.comparing(hostNames::apply, String.CASE_INSENSITIVE_ORDER)).toList();
        java.util.List<String> badges = new java.util.ArrayList<>();
        java.util.List<String> details = new java.util.ArrayList<>();
        java.util.List<String> down = new java.util.ArrayList<>();
        boolean countConnected = ids.size() > SPELLED_OUT_HOSTS;
        long connected = 0;
        for (String id : ids) {
            ConnectionHealth h = healthByConnection.get(id);
            String line = hostNames.apply(id) + ": " + h.badge(clock.instant());
            details.add(line + (h.detail().isEmpty() ? "" : " (" + h.detail() + ")"));
            if (isDown(h)) {
                down.add(line);
            } else if (countConnected && h.state() == ConnectionHealth.State.CONNECTED) {
                connected++;
            } else {
                badges.add(line);
            }
        }
        if (countConnected) {
            badges.add(0, connected + " of " + ids.size() + " hosts connected");
        }
        hostBadges.set(String.join("   ", badges));
        downHosts.set(String.join("   ", down));
        hostDetails.set(String.join("\n", details));
    }

    /** A host whose rows show a last-known state: it does not answer, or its circuit is open. */
    static boolean isDown(ConnectionHealth health) {
        return health.state() == ConnectionHealth.State.UNREACHABLE || health.state() == ConnectionHealth.State.CIRCUIT_OPEN;
    }

    /**
     * The hosts that do not answer now ({@code docker: unreachable since 00:13}), or empty: the status bar shows them
     * apart, as a red chip, and not among the others' badges, where grey text was the only sign of an outage.
     */
    public ReadOnlyStringProperty downHostsProperty() {
        return downHosts.getReadOnlyProperty();
    }

    /** Up to this many hosts, the status bar names each; above, it counts the connected ones. */
    static final int SPELLED_OUT_HOSTS = 3;

    /** One line per host with why it is in its state: the badges' tooltip. */
    public ReadOnlyStringProperty hostDetailsProperty() {
        return hostDetails.getReadOnlyProperty();
    }
}
