package io.instanceconsole.ui.details;

import io.instanceconsole.domain.LogLine;
import javafx.collections.ModifiableObservableListBase;

import java.util.ArrayList;
import java.util.List;

/**
 * The pane's lines: an observable list that keeps at most {@code capacity} lines and appends a batch as <em>one</em>
 * change (the oldest lines removed and the new ones added together), so a list view redoes its layout and scroll once
 * per batch, not once per removal and once per addition. FX thread only, as any list a view shows.
 */
final class LogBuffer extends ModifiableObservableListBase<LogLine> {
    private final int capacity;
    private final ArrayList<LogLine> lines = new ArrayList<>();

    LogBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    /** Adds {@code batch} at the end and drops the oldest lines beyond the capacity, as one change. */
    void append(List<LogLine> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<LogLine> kept = batch.size() > capacity ? batch.subList(batch.size() - capacity, batch.size()) : batch;
        int excess = Math.max(0, lines.size() + kept.size() - capacity);
        beginChange();
        try {
            if (excess > 0) {
                List<LogLine> head = lines.subList(0, excess);
                nextRemove(0, new ArrayList<>(head));
                head.clear();
            }
            int from = lines.size();
            lines.addAll(kept);
            nextAdd(from, lines.size());
        } finally {
            endChange();
        }
    }

    @Override
    public LogLine get(int index) {
        return lines.get(index);
    }

    @Override
    public int size() {
        return lines.size();
    }

    @Override
    protected void doAdd(int index, LogLine element) {
        lines.add(index, element);
    }

    @Override
    protected LogLine doSet(int index, LogLine element) {
        return lines.set(index, element);
    }

    @Override
    protected LogLine doRemove(int index) {
        return lines.remove(index);
    }
}
