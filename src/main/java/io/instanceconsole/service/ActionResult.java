package io.instanceconsole.service;

import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.domain.OperationState;

/**
 * What became of one requested action. Immutable.
 *
 * @param outcome     SUCCEEDED, SKIPPED (never sent), REJECTED, FAILED, UNKNOWN or COMPENSATED
 * @param statusAfter the instance's status as the console knows it afterwards (null when deleted or unknown)
 * @param message     for people: names the instance and host; empty on plain success
 */
public record ActionResult(InstanceKey key, String instanceName, Action action, OperationState outcome,
                           InstanceStatus statusAfter, String message) {

    public boolean succeeded() {
        return outcome == OperationState.SUCCEEDED;
    }

    /** Whether the user should see this as an error. */
    public boolean isError() {
        return outcome != OperationState.SUCCEEDED && outcome != OperationState.SKIPPED;
    }
}
