package io.instanceconsole.service;

import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.ResilienceSettings;
import io.instanceconsole.store.Journal;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the lifecycle tests over one {@link HoldingHost} share: the service stack in a temporary directory with that
 * host connected as "lab", a pause the host holds, and after each test the host's hold released (an action still held
 * would keep the stack from closing) before the stack is closed.
 */
abstract class HoldingHostTestBase<H extends HoldingHost> {
    @TempDir
    Path dataDir;

    ServiceFixture fixture;
    H host;

    /** The stack, its journal wrapped by {@code journal}, and {@code host} connected as "lab" under {@code settings}. */
    void start(UnaryOperator<Journal> journal, H host, ResilienceSettings settings) {
        fixture = new ServiceFixture(dataDir, journal);
        this.host = host;
        fixture.connect("lab", host, settings, false);
    }

    @AfterEach
    void releaseTheHostAndClose() {
        if (host != null) {
            host.release.countDown();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    /** Sends a pause that the host holds until {@code host.release}: journaled, sent, not yet done. */
    CompletableFuture<ActionResult> pauseHeldByTheHost(Instance instance) throws InterruptedException {
        CountDownLatch reached = new CountDownLatch(1);
        host.reached = reached;
        CompletableFuture<ActionResult> pause = fixture.lifecycle.perform(Action.PAUSE, instance.key());
        assertThat(reached.await(10, TimeUnit.SECONDS)).as("the pause reached the host").isTrue();
        return pause;
    }
}
