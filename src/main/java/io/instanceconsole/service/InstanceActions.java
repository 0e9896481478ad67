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

    /** Empty when the action qualifies for the instance as last observed, else why not (for tooltips and skips). */
    Optional<String> whyNot(Action action, Instance instance);
}
