package io.instanceconsole.backend;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Bytes of one output stream, cut anywhere (even inside a UTF-8 character), turned into whole lines, and a line's
 * text made printable: bytes that are not UTF-8 and control characters shown as U+FFFD, a line longer than
 * {@link #MAX_LINE} characters cut with a note of how much was left out, at most a few times that many bytes held for
 * a line that never ends. Every adapter's log goes through here. Not thread-safe: one per stream, fed by one thread.
 */
public final class LogLines {
    /** Characters kept of one line; the rest is counted, not kept. */
    public static final int MAX_LINE = 8_192;
    /** Bytes held of an unfinished line: a timestamp and {@link #MAX_LINE} characters of four bytes each. */
    private static final int MAX_BYTES = MAX_LINE * 4 + 40;

    /** Told each whole line: its decoded text (not yet printable) and the bytes of it that could not be held. */
    @FunctionalInterface
    public interface Sink {
        void line(String raw, long droppedBytes);
    }

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Sink sink;
    private long dropped;

    public LogLines(Sink sink) {
        this.sink = sink;
    }

    /** The first {@code length} bytes of {@code payload}, as they came; each newline ends a line. */
    public void add(byte[] payload, int length) {
        for (int i = 0; i < length; i++) {
            byte b = payload[i];
            if (b == '\n') {
                emit();
            } else if (bytes.size() < MAX_BYTES) {
                bytes.write(b);
            } else {
                dropped++;
            }
        }
    }

    /** The stream ended: what is left of an unfinished line is a line. */
    public void flush() {
        if (bytes.size() > 0 || dropped > 0) {
            emit();
        }
    }

    private void emit() {
        String raw = new String(bytes.toByteArray(), StandardCharsets.UTF_8);
        bytes.reset();
        long more = dropped;
        dropped = 0;
        sink.line(raw, more);
    }

    /** A line's text as shown: control characters as U+FFFD (tabs kept, a trailing CR dropped), cut at MAX_LINE. */
    public static String printable(String text, long droppedBytes) {
        String line = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        StringBuilder shown = new StringBuilder(Math.min(line.length(), MAX_LINE) + 40);
        int cut = 0;
        for (int i = 0; i < line.length(); i++) {
            if (shown.length() >= MAX_LINE) {
                cut = line.length() - i;
                break;
            }
            char c = line.charAt(i);
            shown.append(c == '\t' || !Character.isISOControl(c) ? c : '\uFFFD');
        }
        if (cut > 0 || droppedBytes > 0) {
            shown.append(" … (line cut: ").append(cut > 0 ? cut + " more characters" : "")
                    .append(cut > 0 && droppedBytes > 0 ? " and " : "")
                    .append(droppedBytes > 0 ? droppedBytes + " more bytes" : "").append(')');
        }
        return shown.toString();
    }
}
