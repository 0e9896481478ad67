package io.instanceconsole.backend.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import io.instanceconsole.domain.LogLine;
import io.instanceconsole.domain.LogListener;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.nio.charset.StandardCharsets;
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
 * control characters shown as U+FFFD, a line longer than {@link #MAX_LINE} characters cut with a note of how much
 * was left out. The listener is told once that the log ended, and why. Frames arrive on docker-java's stream thread,
 * one at a time.
 */
final class DockerLogStream extends ResultCallback.Adapter<Frame> {
    /** Characters kept of one line; the rest is counted, not kept. */
    static final int MAX_LINE = 8_192;

    private final LogListener listener;
    private final String what;
    private final Partial stdout = new Partial(LogLine.Source.STDOUT);
    private final Partial stderr = new Partial(LogLine.Source.STDERR);
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
        Partial partial = frame.getStreamType() == StreamType.STDERR ? stderr : stdout;
        partial.add(frame.getPayload());
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

    private void end(String why) {
        if (ended.compareAndSet(false, true)) {
            listener.ended(why);
        }
    }

    /** The bytes of one stream since its last newline. */
    private final class Partial {
        private final LogLine.Source source;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        /** Bytes of the current line beyond what is kept. */
        private long dropped;

        Partial(LogLine.Source source) {
            this.source = source;
        }

        void add(byte[] payload) {
            for (byte b : payload) {
                if (b == '\n') {
                    emit();
                } else if (bytes.size() < MAX_LINE * 4 + 40) { // a timestamp and at most MAX_LINE 4-byte characters
                    bytes.write(b);
                } else {
                    dropped++;
                }
            }
        }

        void flush() {
            if (bytes.size() > 0 || dropped > 0) {
                emit();
            }
        }

        private void emit() {
            String raw = new String(bytes.toByteArray(), StandardCharsets.UTF_8);
            bytes.reset();
            long more = dropped;
            dropped = 0;
            if (ended.get()) {
                return;
            }
            listener.line(line(source, raw, more));
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
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        StringBuilder shown = new StringBuilder(Math.min(text.length(), MAX_LINE) + 40);
        int cut = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (shown.length() >= MAX_LINE) {
                cut = text.length() - i;
                break;
            }
            shown.append(c == '\t' || !Character.isISOControl(c) ? c : '\uFFFD');
        }
        if (cut > 0 || droppedBytes > 0) {
            shown.append(" … (line cut: ").append(cut > 0 ? cut + " more characters" : "")
                    .append(cut > 0 && droppedBytes > 0 ? " and " : "")
                    .append(droppedBytes > 0 ? droppedBytes + " more bytes" : "").append(')');
        }
        return new LogLine(source, time, shown.toString());
    }
}
