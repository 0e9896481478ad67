package io.instanceconsole.ui.instances;

import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.Instance;

/**
 * Everything a row displays, as one immutable value, so a cell re-renders from one property change.
 *
 * @param inFlight the action in flight, or null
 * @param error     the last action's error, or empty
 * @param staleNote why the row shows a last-known state (its host is unreachable), or empty; a snapshot the backend
 *                  itself reports as last known ({@link Instance#isLastKnown()}) is stale as well
 */
public record RowState(Instance snapshot, Action inFlight, String error, String staleNote) {
    public RowState {
        error = error == null ? "" : error;
        staleNote = staleNote == null ? "" : staleNote;
    }

    public RowState(Instance snapshot, Action inFlight, String error) {
        this(snapshot, inFlight, error, "");
    }

    /** Whether the row shows a last-known state: its host cannot be reached now, or the host cannot see it. */
    public boolean isStale() {
        return !staleNote.isEmpty() || snapshot.isLastKnown();
    }

    /** Why the row shows a last-known state, or empty. */
    public String whyStale() {
        if (!staleNote.isEmpty()) {
            return staleNote;
        }
        return snapshot.isLastKnown() ? snapshot.statusReason().substring(Instance.LAST_KNOWN.length()) : "";
    }

    /** Status, or the action in flight ({@code Pausing…}). */
    public String statusText() {
        return inFlight != null ? inFlight.progressLabel() : snapshot.status().label();
    }

    RowState withSnapshot(Instance instance) {
        return new RowState(instance, inFlight, error, staleNote);
    }

    RowState withStaleNote(String note) {
        return new RowState(snapshot, inFlight, error, note);
    }
}
