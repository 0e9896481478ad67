package io.instanceconsole.service;

import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** What the UI and the CLI may ask of the lifecycle service. Implementations are thread-safe. */
public interface InstanceActions {

    /** Performs one action; the future always completes normally, with the outcome. */
    CompletableFuture<ActionResult> perform(Action action, InstanceKey key);

    /**
     * Empty when the action qualifies for the instance as last observed, else why not (for tooltips and skips). The
     * answer depends on the instance's host and status only (the message also names it): the UI decides bulk
     * enablement for 10,000 selected rows from one row per host and status.
     */
    Optional<String> whyNot(Action action, Instance instance);
}
