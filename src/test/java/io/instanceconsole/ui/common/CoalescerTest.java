package io.instanceconsole.ui.common;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class CoalescerTest {
    /** Runs what was scheduled only when the test says a frame has come. */
    private static final class Frames implements Executor {
        private final Queue<Runnable> scheduled = new ArrayDeque<>();

        @Override
        public void execute(Runnable work) {
            scheduled.add(work);
        }

        /** Runs the work scheduled so far (not what it schedules in turn); returns how much ran. */
        int nextFrame() {
            int count = scheduled.size();
            for (int i = 0; i < count; i++) {
                scheduled.poll().run();
            }
            return count;
        }
    }

    @Test
    void itemsArrivingBetweenTwoFramesAreFlushedOnceTogether() {
        Frames frames = new Frames();
        List<List<Integer>> flushes = new ArrayList<>();
        Coalescer<Integer> coalescer = new Coalescer<>(frames, flushes::add);

        coalescer.add(1);
        coalescer.add(2);
        coalescer.add(3);

        assertThat(frames.nextFrame()).isEqualTo(1);
        assertThat(flushes).containsExactly(List.of(1, 2, 3));
        assertThat(frames.nextFrame()).isZero();
    }

    @Test
    void aBurstThatOutlastsTheFrameBudgetContinuesInTheNextFrameInOrder() {
        Frames frames = new Frames();
        List<Integer> seen = new ArrayList<>();
        Coalescer<Integer> coalescer = new Coalescer<>(frames, chunk -> {
            seen.addAll(chunk);
            sleepPastTheBudget();
        });
        int burst = Coalescer.CHUNK * 3;
        IntStream.range(0, burst).forEach(coalescer::add);

        frames.nextFrame();
        assertThat(seen).hasSize(Coalescer.CHUNK); // one chunk spent the budget
        coalescer.add(burst); // arrives while the burst is still being handed over

        int frameCount = 1;
        while (frames.nextFrame() > 0) {
            frameCount++;
        }
        assertThat(seen).containsExactlyElementsOf(IntStream.rangeClosed(0, burst).boxed().toList());
        assertThat(frameCount).isEqualTo(4); // a chunk per frame, then the late item
    }

    @Test
    void itemsAddedDuringAFlushAreFlushedInALaterFrame() {
        Frames frames = new Frames();
        List<List<String>> flushes = new ArrayList<>();
        Coalescer<String>[] self = new Coalescer[1];
        self[0] = new Coalescer<>(frames, batch -> {
            flushes.add(batch);
            if (batch.contains("first")) {
                self[0].add("during");
            }
        });

        self[0].add("first");
        frames.nextFrame();
        frames.nextFrame();

        assertThat(flushes).containsExactly(List.of("first"), List.of("during"));
    }

    @Test
    void aFlushThatThrowsDoesNotStopLaterFlushes() {
        Frames frames = new Frames();
        List<List<Integer>> flushes = new ArrayList<>();
        Coalescer<Integer> coalescer = new Coalescer<>(frames, batch -> {
            flushes.add(batch);
            if (batch.contains(1)) {
                throw new IllegalStateException("a bug in a view model");
            }
        });

        coalescer.add(1);
        try {
            frames.nextFrame();
        } catch (IllegalStateException expected) {
            // the FX thread's uncaught exception handler would report it
        }
        coalescer.add(2);
        frames.nextFrame();

        assertThat(flushes).containsExactly(List.of(1), List.of(2));
    }

    private static void sleepPastTheBudget() {
        try {
            Thread.sleep(Coalescer.FRAME_BUDGET_NANOS / 1_000_000 + 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
