package io.instanceconsole.ui.shell;

import io.instanceconsole.service.ConnectionHealth;
import io.instanceconsole.service.Preferences;
import io.instanceconsole.ui.common.UiServiceEvents;
import io.instanceconsole.ui.common.UiServiceEvents.HostNews;
import io.instanceconsole.ui.instances.InstanceTableViewModel;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The main window: host badges, the theme switch, refresh, and whether service news reaches the window
 * ({@link #activate} starts it, {@link #deactivate} stops it). FX thread only.
 */
public final class ShellViewModel implements UiServiceEvents.Subscriber {
    private final UiServiceEvents events;
    private final InstanceTableViewModel instances;
    private final Function<String, String> hostNames;
    private final Runnable refresh;
    private final Clock clock;
    private final Map<String, ConnectionHealth> healthByConnection = new LinkedHashMap<>();
    private final ReadOnlyStringWrapper hostBadges = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper hostDetails = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper downHosts = new ReadOnlyStringWrapper("");
    private final BooleanProperty darkTheme = new SimpleBooleanProperty(false);
    private String about = "";

    /** Subscribes itself to {@code events}; the summary is {@code instances}'. */
    public ShellViewModel(UiServiceEvents events, InstanceTableViewModel instances, Function<String, String> hostNames,
                          Runnable refresh, Clock clock) {
        this.events = events;
        this.instances = instances;
        this.hostNames = hostNames;
        this.refresh = refresh;
        this.clock = clock;
        events.subscribe(this);
    }

    public void activate() {
        events.start();
    }

    public void deactivate() {
        events.stop();
    }

    @Override
    public void hostNews(List<HostNews> news) {
        news.forEach(item -> {
            switch (item) {
                case HostNews.Health h -> healthByConnection.put(h.connectionId(), h.health());
                case HostNews.Existing e -> healthByConnection.keySet().retainAll(e.connectionIds());
            }
        });
        updateBadges();
    }

    /** Text of the About dialog: version, Java and JavaFX versions, data directory. */
    public String about() {
        return about;
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
    public void rememberTheme(Preferences preferences, Executor background) {
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
        List<String> ids = healthByConnection.keySet().stream()
                .sorted(Comparator.comparing(hostNames::apply, String.CASE_INSENSITIVE_ORDER)).toList();
        List<String> badges = new ArrayList<>();
        List<String> details = new ArrayList<>();
        List<String> down = new ArrayList<>();
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
