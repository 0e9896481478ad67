package io.instanceconsole.service;

import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceStatus;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The sentences that say why an action is not sent, as tooltips, SKIPPED and REJECTED results and instancectl show
 * them: each names the instance (and the host or connection where that is the reason) and what would have to change.
 * Pure functions of their arguments; stateless and thread-safe.
 */
final class ActionRefusals {
    private ActionRefusals() {
    }

    /** Empty when the instance's observed status allows the action; else why not ("already paused", "needs running"). */
    static Optional<String> byStatus(Action action, Instance instance) {
        if (action.isAllowedFrom(instance.status())) {
            return Optional.empty();
        }
        return Optional.of(action.isAlreadyDone(instance.status())
                ? "'" + instance.name() + "' is already " + instance.status().key()
                : "'" + instance.name() + "' is " + state(instance.status()) + "; " + verb(action) + " needs "
                + describe(action.allowedFrom()));
    }

    static String connectionNotOpen(String instanceName) {
        return "connection of '" + instanceName + "' is not open";
    }

    static String connectionReadOnly(String connectionName) {
        return "connection '" + connectionName + "' is read-only";
    }

    /** The read-only refusal as the result of an action asked for anyway. */
    static String refusedReadOnly(Action action, String instanceName, String connectionName) {
        return verb(action) + " of '" + instanceName + "' refused: connection '" + connectionName + "' is read-only";
    }

    static String underWay(String instanceName, Action busy) {
        return "'" + instanceName + "' has a " + verb(busy) + " under way";
    }

    /** A host that is unreachable or failing: its rows show their last-known state. */
    static String hostUnusable(String hostName, String badge, String instanceName) {
        return "host '" + hostName + "' is " + badge + "; '" + instanceName + "' shows its last-known state";
    }

    /** An instance its host cannot see now (the cluster member that runs it does not answer). */
    static String notSeenNow(Instance instance) {
        return "'" + instance.name() + "' shows its " + instance.statusReason() + "; nothing can act on it until it is seen again";
    }

    static String notFound(String instanceId, String where) {
        return "no instance '" + instanceId + "' on " + where;
    }

    static String notSentWhileClosing(Action action, String instanceName) {
        return verb(action) + " of '" + instanceName + "' was not sent: the console is closing";
    }

    static String tooBusy() {
        return "the console is too busy to queue more actions; nothing was done";
    }

    static String notJournaled(Action action, String instanceName, String storeError) {
        return "could not record the " + verb(action) + " of '" + instanceName + "', so it was not sent: " + storeError;
    }

    /** An action as a sentence says it: "pause", "force stop". */
    static String verb(Action action) {
        return action.label().toLowerCase(Locale.ROOT);
    }

    /** A status as it reads after "is": "paused", "in error". */
    private static String state(InstanceStatus status) {
        return status == InstanceStatus.ERROR ? "in error" : status.key();
    }

    /** "created, stopped or in error": the statuses an action needs, as a sentence says them. */
    private static String describe(Set<InstanceStatus> statuses) {
        List<String> words = statuses.stream().sorted().map(ActionRefusals::state).toList();
        return words.size() == 1 ? words.get(0)
                : String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.get(words.size() - 1);
    }
}
