package io.instanceconsole.service;

import io.instanceconsole.backend.BackendListener;
import io.instanceconsole.backend.simulator.SimulatorBackend;
import io.instanceconsole.domain.Action;
import io.instanceconsole.testing.DelegatingBackend;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A simulated host whose events never reach the console (as when its event stream is lost), counting the actions
 * that reached it. Whatever the console shows of it came from its own results and listings, not from an event.
 */
class SilentHost extends DelegatingBackend {
    /** Actions that reached the host, whether it did them or not. */
    final AtomicInteger actionsSent = new AtomicInteger();

    SilentHost(SimulatorBackend delegate) {
        super(delegate);
    }

    @Override
    public Subscription subscribe(BackendListener listener) {
        return () -> { };
    }

    @Override
    public final void perform(Action action, String instanceId) {
        actionsSent.incrementAndGet();
        beforeDoing(action, instanceId);
        super.perform(action, instanceId);
    }

    /** What a test's host does with an action that reached it, before doing it: hold it, refuse it (throw)... */
    void beforeDoing(Action action, String instanceId) {
    }
}
