package io.instanceconsole.ui.instances;

import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.Instance;

/**
 * Everything a row displays, as one immutable value, so a cell re-renders from one property change.
 *
 * @param inFlight the action in flight, or null
 * @param error    the last action's error, or empty
 */
public record RowState(Instance snapshot, Action inFlight, String error) {
    public RowState {
        error = error == null ? "" : error;
    }

    /** Status, or the action in flight ({@code Pausing…}). */
    public String statusText() {
        return inFlight != null ? inFlight.progressLabel() : snapshot.status().label();
    }

    RowState withSnapshot(Instance instance) {
        return new RowState(instance, inFlight, error);
    }
}
