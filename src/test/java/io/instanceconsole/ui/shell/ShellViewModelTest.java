package io.instanceconsole.ui.shell;

import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.service.ActionResult;
import io.instanceconsole.service.ConnectionHealth;
import io.instanceconsole.service.InstanceActions;
import io.instanceconsole.testing.MemoryPreferences;
import io.instanceconsole.ui.common.UiServiceEvents;
import io.instanceconsole.ui.instances.InstanceTableViewModel;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** The status bar's host badges, without the JavaFX toolkit (a current-thread UI executor). */
class ShellViewModelTest {
    private static final Instant NOW = Instant.parse("2026-11-29T08:00:00Z");
    private final Map<String, String> names = Map.of("c1", "lab1", "c2", "notdocker");
    private final UiServiceEvents events = new UiServiceEvents(Runnable::run);
    private final ShellViewModel shell = new ShellViewModel(events,
            new InstanceTableViewModel(new NoActions(), Runnable::run, (severity, message) -> { }, names::get),
            names::get, () -> { }, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void badgesNameEachHostAndTheirTooltipSaysWhy() {
        events.healthChanged("c1", new ConnectionHealth(ConnectionHealth.State.CONNECTED, NOW, null, ""));
        events.healthChanged("c2", new ConnectionHealth(ConnectionHealth.State.UNREACHABLE, NOW, null,
                "no Docker Engine answers at Docker host 'notdocker' (tcp://127.0.0.1:1): connection refused"));

        assertThat(shell.hostBadgesProperty().get()).isEqualTo("lab1: connected");
        assertThat(shell.downHostsProperty().get()).as("the red chip").startsWith("notdocker: unreachable since");
        assertThat(shell.hostDetailsProperty().get()).contains("notdocker: unreachable since")
                .contains("(no Docker Engine answers at Docker host 'notdocker' (tcp://127.0.0.1:1): connection refused)");
    }

    @Test
    void withManyHostsTheConnectedOnesAreCountedAndTheOthersNamedInNameOrder() {
        Map<String, String> many = Map.of("a", "zeta", "b", "alpha", "c", "mid", "d", "beta");
        UiServiceEvents wideEvents = new UiServiceEvents(Runnable::run);
        ShellViewModel wide = new ShellViewModel(wideEvents,
                new InstanceTableViewModel(new NoActions(), Runnable::run, (severity, message) -> { }, many::get),
                many::get, () -> { }, Clock.fixed(NOW, ZoneOffset.UTC));
        for (String id : List.of("a", "b", "c")) {
            wideEvents.healthChanged(id, new ConnectionHealth(ConnectionHealth.State.CONNECTED, NOW, null, ""));
        }
        wideEvents.healthChanged("d", new ConnectionHealth(ConnectionHealth.State.UNREACHABLE, NOW, null, "refused"));

        assertThat(wide.hostBadgesProperty().get()).isEqualTo("3 of 4 hosts connected");
        assertThat(wide.downHostsProperty().get()).startsWith("beta: unreachable since");
        assertThat(wide.hostDetailsProperty().get().lines().map(l -> l.substring(0, l.indexOf(':'))).toList())
                .containsExactly("alpha", "beta", "mid", "zeta");
    }

    @Test
    void aRemovedConnectionLeavesTheStatusBar() {
        events.healthChanged("c1", new ConnectionHealth(ConnectionHealth.State.CONNECTED, NOW, null, ""));
        events.healthChanged("c2", new ConnectionHealth(ConnectionHealth.State.UNREACHABLE, NOW, null, "refused"));

        events.connectionsChanged(Set.of("c1"));

        assertThat(shell.hostBadgesProperty().get()).isEqualTo("lab1: connected");
    }

    @Test
    void startsInTheThemeChosenLastTimeAndStoresEachSwitch() {
        MemoryPreferences preferences = new MemoryPreferences();
        preferences.put("theme", "dark");

        shell.rememberTheme(preferences, Runnable::run);
        assertThat(shell.darkThemeProperty().get()).isTrue();

        shell.darkThemeProperty().set(false);
        assertThat(preferences.get("theme")).contains("light");
    }

    private static final class NoActions implements InstanceActions {
        @Override
        public CompletableFuture<ActionResult> perform(
                Action action, InstanceKey key) {
            throw new AssertionError("no action is sent in these tests");
        }

        @Override
        public Optional<String> whyNot(Action action, Instance instance) {
            return Optional.empty();
        }
    }
}
