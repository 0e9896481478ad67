package io.instanceconsole.concurrent;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsoleThreadsTest {
    private final ConsoleThreads threads = new ConsoleThreads();

    @Test
    void aPoolWhoseThreadsAreBusyAndQueueFullRejects() throws Exception {
        ExecutorService pool = threads.pool("test-pool", 1, 1, ConsoleThreads.Priority.NORMAL);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try {
            pool.execute(() -> {
                running.countDown();
                await(release);
            });
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
            pool.execute(() -> { }); // queued

            assertThatThrownBy(() -> pool.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void aTimerHoldsNoMoreTasksThanItsCapacity() {
        ScheduledExecutorService timer = threads.timer("test-timer", 2, ConsoleThreads.Priority.NORMAL);
        try {
            timer.schedule(() -> { }, 1, TimeUnit.HOURS);
            timer.scheduleWithFixedDelay(() -> { }, 1, 1, TimeUnit.HOURS);

            assertThatThrownBy(() -> timer.schedule(() -> { }, 1, TimeUnit.HOURS))
                    .isInstanceOf(RejectedExecutionException.class);
            assertThatThrownBy(() -> timer.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
        } finally {
            timer.shutdownNow();
        }
    }

    @Test
    void threadsAreNamedDaemons() throws Exception {
        Thread one = threads.start("test-one", ConsoleThreads.Priority.NORMAL, () -> { });
        one.join(10_000);

        assertThat(one.getName()).isEqualTo("test-one");
        assertThat(one.isDaemon()).isTrue();
        assertThat(threads.factory("test-named", ConsoleThreads.Priority.NORMAL).newThread(() -> { }).getName())
                .isEqualTo("test-named-1");
    }

    @Test
    void theDirectExecutorRunsOnTheCallersThreadUntilShutDown() {
        DirectExecutor direct = new DirectExecutor();
        Thread[] ranOn = new Thread[1];
        direct.execute(() -> ranOn[0] = Thread.currentThread());
        direct.shutdown();

        assertThat(ranOn[0]).isSameAs(Thread.currentThread());
        assertThat(direct.isTerminated()).isTrue();
        assertThatThrownBy(() -> direct.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
