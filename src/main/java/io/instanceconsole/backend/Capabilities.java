package io.instanceconsole.backend;

import io.instanceconsole.domain.Action;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** Which actions a backend supports; for the others, why not (shown as the disabled button's tooltip). Immutable. */
public final class Capabilities {
    private final Map<Action, String> unsupported;

    private Capabilities(Map<Action, String> unsupported) {
        this.unsupported = Map.copyOf(unsupported);
    }

    public static Capabilities all() {
        return new Capabilities(Map.of());
    }

    /** Every action but the given one, which is unsupported for the given reason. */
    public Capabilities without(Action action, String reason) {
        Map<Action, String> copy = new EnumMap<>(Action.class);
        copy.putAll(unsupported);
        copy.put(action, reason);
        return new Capabilities(copy);
    }

    public boolean supports(Action action) {
        return !unsupported.containsKey(action);
    }

    public Optional<String> whyUnsupported(Action action) {
        return Optional.ofNullable(unsupported.get(action));
    }
}
