package io.instanceconsole.domain;

import java.util.Locale;

/**
 * Status of an instance as last observed on its backend. Never a wish: an action in flight is tracked
 * separately (see {@link Action#progressLabel()}), not as a status.
 */
public enum InstanceStatus {
    CREATED, RUNNING, PAUSED, STOPPED, RESTARTING, ERROR, UNKNOWN;

    /** Lower-case name used in filters, CSS pseudo-classes and JSON-friendly text. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String label() {
        String key = key();
        return Character.toUpperCase(key.charAt(0)) + key.substring(1);
    }
}
