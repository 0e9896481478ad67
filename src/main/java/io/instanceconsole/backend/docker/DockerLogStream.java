package io.instanceconsole.backend.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import io.instanceconsole.backend.LogLines;
import io.instanceconsole.domain.LogLine;
import io.instanceconsole.domain.LogListener;

import java.io.Closeable;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One container's log as docker-java delivers it (frames of stdout or stderr, cut anywhere, even inside a UTF-8
 * character), turned into whole lines: each with its stream and the engine's timestamp, bytes that are not UTF-8 and
 * control characters shown as U+FFFD, a line longer than {@link LogLines#MAX_LINE} characters cut with a note of how much
 * was left out (see {@link LogLines}). The listener is told once that the log ended, and why. Frames arrive on docker-java's stream thread,
 * one at a time. Cutting and making printable is {@link LogLines}'s.
 */
final class DockerLogStream extends ResultCallback.Adapter<Frame> {
    private final LogListener listener;
    private final String what;
    private final LogLines stdout = new LogLines((raw, dropped) -> emit(LogLine.Source.STDOUT, raw, dropped));
    private final LogLines stderr = new LogLines((raw, dropped) -> emit(LogLine.Source.STDERR, raw, dropped));
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile boolean closedByUs;
    /** Released when the engine answered: the stream started, failed or ended. */
    private final CountDownLatch answered = new CountDownLatch(1);
    private volatile boolean started;
    private volatile Throwable refusal;

    private final boolean follow;

    /**
     * @param what   the container and host, for the line that says why the log ended
     * @param follow whether the log is followed: without, its end after the lines asked for is no news
     */
    DockerLogStream(LogListener listener, String what, boolean follow) {
        this.listener = listener;
        this.what = what;
        this.follow = follow;
    }

    @Override
    public void onStart(Closeable stream) {
        super.onStart(stream);
        started = true;
        answered.countDown();
    }

    /**
     * Waits for the engine's answer to the request; the failure when it refused it (no such container, an engine
     * that does not answer), in which case the listener is told nothing.
     */
    Optional<Throwable> awaitAnswer(long seconds) throws InterruptedException {
        if (!answered.await(seconds, TimeUnit.SECONDS)) {
            return Optional.of(new TimeoutException("no answer within " + seconds + " s"));
        }
        return Optional.ofNullable(refusal);
    }

    @Override
    public void onNext(Frame frame) {
        (frame.getStreamType() == StreamType.STDERR ? stderr : stdout).add(frame.getPayload(), frame.getPayload().length);
    }

    @Override
    public void onComplete() {
        answered.countDown();
        stdout.flush();
        stderr.flush();
        end(closedByUs || !follow ? null : "the log of " + what + " ended (the container stopped or was removed)");
        super.onComplete();
    }

    @Override
    public void onError(Throwable error) {
        if (!started) {
            refusal = error;
            ended.set(true); // refused: the caller reports it, the listener hears nothing
            answered.countDown();
            super.onError(error);
            return;
        }
        stdout.flush();
        stderr.flush();
        if (closedByUs) {
            end(null);
        } else if (ended.compareAndSet(false, true)) {
            listener.failed("the log of " + what + " was cut: " + DockerErrors.rootMessage(error));
        }
        super.onError(error);
    }

    /** Stops following; the listener is told nothing more. */
    void stop() {
        closedByUs = true;
        end(null);
        try {
            close();
        } catch (Exception e) {
            // closing a stream that already ended: nothing is left to release
        }
    }

    private void emit(LogLine.Source source, String raw, long dropped) {
        if (!ended.get()) {
            listener.line(line(source, raw, dropped));
        }
    }

    private void end(String why) {
        if (ended.compareAndSet(false, true)) {
            listener.ended(why);
        }
    }

    /** A line as the engine sent it with timestamps on ({@code 2026-12-07T11:00:00.123456789Z text}). */
    static LogLine line(LogLine.Source source, String raw, long droppedBytes) {
        Instant time = null;
        String text = raw;
        int space = raw.indexOf(' ');
        if (space > 0) {
            try {
                time = Instant.parse(raw.substring(0, space));
                text = raw.substring(space + 1);
            } catch (DateTimeParseException notATimestamp) {
                // a line without the engine's timestamp (never with timestamps on; kept whole)
            }
        }
        return new LogLine(source, time, LogLines.printable(text, droppedBytes));
    }
}
