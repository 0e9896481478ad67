package io.instanceconsole.service;

import io.instanceconsole.backend.BackendListener;
import io.instanceconsole.backend.simulator.SimulatorBackend;
import io.instanceconsole.domain.Action;
import io.instanceconsole.testing.DelegatingBackend;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A simulated host whose events never reach the console (as when its event stream is lost), counting the actions
 * that reached it. Whatever the console shows of it came from its own results and listings, not from an event. A test
 * can have it answer actions with an error of the test's choosing instead of doing them.
 */
class SilentHost extends DelegatingBackend {
    /** Actions that reached the host, whether it did them or not. */
    final AtomicInteger actionsSent = new AtomicInteger();
    private volatile Refusal refusal;

    /** The error the host answers an action with: every action, or only {@code action} when it is not null. */
    private record Refusal(Action action, RuntimeException error) {
        boolean refuses(Action asked) {
            return action == null || action == asked;
        }
    }

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
        Refusal refused = refusal;
        if (refused != null && refused.refuses(action)) {
            throw refused.error();
        }
        super.perform(action, instanceId);
    }

    /** From now on the host answers every action that reaches it with {@code error}, and does none of them. */
    void refuseAll(RuntimeException error) {
        refusal = new Refusal(null, error);
    }

    /** From now on the host answers {@code action} with {@code error} instead of doing it; it does the others. */
    void refuse(Action action, RuntimeException error) {
        refusal = new Refusal(action, error);
    }

    /** The host does every action again. */
    void stopRefusing() {
        refusal = null;
    }

    /** What a test's host does with an action that reached it, before doing (or refusing) it: hold it... */
    void beforeDoing(Action action, String instanceId) {
    }
}
