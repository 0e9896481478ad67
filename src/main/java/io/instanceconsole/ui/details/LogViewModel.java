package io.instanceconsole.ui.details;

import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.LogLine;
import io.instanceconsole.domain.LogListener;
import io.instanceconsole.service.LogService;
import io.instanceconsole.ui.common.FrameScheduler;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.ObservableList;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.Objects.requireNonNull;

/**
 * The log of the instance the details pane shows: the last {@link #TAIL} lines on opening, then each new one, kept
 * in a buffer of at most {@link #MAX_LINES} lines (the oldest go first). Lines arrive on the backend's thread and are
 * handed to the FX thread in batches (at the start of a frame when it is the FX thread), one batch in flight at a
 * time, so a chatty container costs one task per batch
 * whatever its rate; between two batches at most {@link #MAX_LINES} lines wait, the oldest dropped first. Also:
 * timestamps on demand, find, follow (scrolling to the newest line, off once the user scrolls up), copy and save.
 * FX thread only, but for the listener.
 */
public final class LogViewModel {
    /** Lines asked for when the log opens. */
    public static final int TAIL = 500;
    /** Lines kept in the pane. */
    public static final int MAX_LINES = 10_000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());

    private final LogService logs;
    private final Executor uiThread;
    /** Where a batch of lines goes: at the start of the next frame when the UI thread can say (one batch a frame). */
    private final Executor frames;
    private final Executor background;
    private final LogBuffer lines = new LogBuffer(MAX_LINES);
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper("");
    private final BooleanProperty following = new SimpleBooleanProperty(true);
    private final BooleanProperty timestamps = new SimpleBooleanProperty(false);
    private Session session;

    /** One opened log: its lines waiting for the FX thread, and how to stop it. */
    private final class Session implements LogListener {
        final Queue<LogLine> waiting = new ConcurrentLinkedQueue<>();
        final AtomicInteger waitingCount = new AtomicInteger();
        final AtomicBoolean flushQueued = new AtomicBoolean();
        volatile boolean stopped;
        volatile LogService.Following following;

        @Override
        public void line(LogLine line) {
            if (stopped) {
                return;
            }
            waiting.add(line);
            if (waitingCount.incrementAndGet() > MAX_LINES && waiting.poll() != null) {
                waitingCount.decrementAndGet(); // the FX thread is behind: the oldest waiting line goes
            }
            if (flushQueued.compareAndSet(false, true)) {
                frames.execute(() -> flush(this));
            }
        }

        @Override
        public void ended(String why) {
            if (!stopped && why != null) {
                uiThread.execute(() -> {
                    if (session == this) {
                        flush(this);
                        note.set(why);
                    }
                });
            }
        }

        void stop() {
            stopped = true;
            LogService.Following f = following;
            if (f != null) {
                f.stop();
            }
        }
    }

    public LogViewModel(LogService logs, Executor uiThread, Executor background) {
        this.logs = requireNonNull(logs, "logs was not specified");
        this.uiThread = requireNonNull(uiThread, "uiThread was not specified");
        this.frames = uiThread instanceof FrameScheduler scheduler ? scheduler::beforeNextFrame : uiThread;
        this.background = requireNonNull(background, "background was not specified");
    }

    /** Opens the log of this instance (the last {@link #TAIL} lines, then following), instead of any other. */
    public void show(InstanceKey key) {
        stop();
        Session mine = new Session();
        session = mine;
        note.set("Reading the log…");
        following.set(true);
        logs.follow(key, TAIL, true, mine).whenComplete((handle, error) -> uiThread.execute(() -> {
            if (error == null) {
                mine.following = handle;
                if (mine.stopped || session != mine) {
                    handle.stop();
                } else if (note.get().equals("Reading the log…")) {
                    note.set("");
                }
            } else if (session == mine) {
                note.set(DetailsViewModel.message(error));
            }
        }));
    }

    /** Stops following and empties the pane. */
    public void stop() {
        if (session != null) {
            session.stop();
            session = null;
        }
        lines.clear();
        note.set("");
    }

    public ObservableList<LogLine> lines() {
        return lines;
    }

    /** One line on the log: being read, why it ended or could not be read, what was saved. */
    public ReadOnlyStringProperty noteProperty() {
        return note.getReadOnlyProperty();
    }

    /** Whether the view keeps the newest line in sight; off once the user scrolls up, on again when asked. */
    public BooleanProperty followingProperty() {
        return following;
    }

    public BooleanProperty timestampsProperty() {
        return timestamps;
    }

    /** A line as shown and copied: with its time when timestamps are on, stderr marked. */
    public String format(LogLine line) {
        String text = line.source() == LogLine.Source.STDERR ? "[stderr] " + line.text() : line.text();
        return timestamps.get() && line.time() != null ? TIME.format(line.time()) + "  " + text : text;
    }

    /**
     * The index of the next line after {@code from} (wrapping around) that contains {@code text}, ignoring case, or
     * -1 when none does.
     */
    public int find(String text, int from) {
        if (text == null || text.isBlank() || lines.isEmpty()) {
            return -1;
        }
        String wanted = text.toLowerCase(Locale.ROOT);
        int size = lines.size();
        for (int step = 1; step <= size; step++) {
            int at = Math.floorMod(from + step, size);
            if (lines.get(at).text().toLowerCase(Locale.ROOT).contains(wanted)) {
                return at;
            }
        }
        return -1;
    }

    /** These lines as text, one a line, as shown. */
    public String asText(List<LogLine> chosen) {
        StringBuilder text = new StringBuilder();
        chosen.forEach(line -> text.append(format(line)).append('\n'));
        return text.toString();
    }

    /** Writes every line kept to {@code file}, off the FX thread; the note says how it went. */
    public void save(Path file) {
        String text = asText(List.copyOf(lines));
        int count = lines.size();
        background.execute(() -> {
            String outcome;
            try {
                Files.writeString(file, text, StandardCharsets.UTF_8);
                outcome = "Saved " + count + " lines to " + file;
            } catch (IOException e) {
                outcome = "Could not save the log to " + file + ": " + e.getMessage();
            }
            String said = outcome;
            uiThread.execute(() -> note.set(said));
        });
    }

    /** The lines that arrived since the last batch, into the buffer; the oldest beyond {@link #MAX_LINES} go. */
    private void flush(Session from) {
        from.flushQueued.set(false);
        if (session != from) {
            return;
        }
        List<LogLine> batch = new ArrayList<>();
        LogLine next;
        while ((next = from.waiting.poll()) != null) {
            from.waitingCount.decrementAndGet();
            batch.add(next);
        }
        lines.append(batch);
    }
}
