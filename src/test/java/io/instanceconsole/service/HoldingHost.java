package io.instanceconsole.service;

import io.instanceconsole.backend.simulator.SimulatorBackend;
import io.instanceconsole.domain.Action;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A silent simulated host that holds the next action once a test sets {@link #reached}: the action counts the latch
 * down when it reaches the host and waits (at most 20 s) for {@link #release} before the host does it.
 */
class HoldingHost extends SilentHost {
    volatile CountDownLatch reached;
    final CountDownLatch release = new CountDownLatch(1);

    HoldingHost(SimulatorBackend delegate) {
        super(delegate);
    }

    @Override
    void beforeDoing(Action action, String instanceId) {
        CountDownLatch holding = reached;
        if (holding != null) {
            reached = null;
            holding.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
