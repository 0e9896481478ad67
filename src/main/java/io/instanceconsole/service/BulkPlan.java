package io.instanceconsole.service;

import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.Instance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a bulk action will do before it runs: the instances it will send, and the ones it skips, grouped by reason
 * ("7 will pause · 2 skipped: already paused · 1 not supported"). Skipped instances are never sent. Immutable.
 */
public record BulkPlan(Action action, List<Instance> willRun, Map<String, List<Instance>> skipped) {

    public BulkPlan {
        willRun = List.copyOf(willRun);
        Map<String, List<Instance>> copy = new LinkedHashMap<>();
        skipped.forEach((reason, list) -> copy.put(reason, List.copyOf(list)));
        skipped = Collections.unmodifiableMap(copy);
    }

    /** Plans the action over the instances as last observed, with the service's own rules. */
    public static BulkPlan of(Action action, List<Instance> instances, InstanceActions rules) {
        List<Instance> willRun = new ArrayList<>();
        Map<String, List<Instance>> skipped = new LinkedHashMap<>();
        for (Instance instance : instances) {
            Optional<String> whyNot = rules.whyNot(action, instance);
            if (whyNot.isEmpty()) {
                willRun.add(instance);
            } else {
                skipped.computeIfAbsent(group(action, instance, whyNot.get()), k -> new ArrayList<>()).add(instance);
            }
        }
        return new BulkPlan(action, willRun, skipped);
    }

    /** Short reason shared by every instance skipped for the same cause. */
    private static String group(Action action, Instance instance, String detail) {
        if (action.isAlreadyDone(instance.status())) {
            return "already " + instance.status().key();
        }
        if (detail.contains("read-only")) {
            return "read-only connection";
        }
        if (!action.isAllowedFrom(instance.status())) {
            return instance.status().key();
        }
        if (instance.isLastKnown()) {
            return "not seen now";
        }
        if (detail.contains("not open") || detail.contains("unreachable") || detail.contains("circuit open")) {
            return "host unreachable";
        }
        return "not supported";
    }

    public int skippedCount() {
        return skipped.values().stream().mapToInt(List::size).sum();
    }

    public boolean isEmpty() {
        return willRun.isEmpty();
    }

    /** {@code 7 will pause · 2 skipped: already paused · 1 skipped: read-only connection}. */
    public String summary() {
        StringBuilder text = new StringBuilder().append(willRun.size()).append(" will ")
                .append(action.label().toLowerCase(Locale.ROOT));
        skipped.forEach((reason, list) -> text.append(" · ").append(list.size()).append(" skipped: ").append(reason));
        return text.toString();
    }

    /** Why nothing will happen, for a bulk action on zero qualifying rows. */
    public String nothingToDo() {
        if (skipped.isEmpty()) {
            return "Nothing to " + action.label().toLowerCase(Locale.ROOT) + ": no instance is selected";
        }
        return "Nothing to " + action.label().toLowerCase(Locale.ROOT) + ": " + String.join(", ",
                skipped.entrySet().stream().map(e -> e.getValue().size() + " " + e.getKey()).toList());
    }
}
