package io.instanceconsole.ui.details;

import io.instanceconsole.domain.LogLine;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogBufferTest {
    private final LogBuffer buffer = new LogBuffer(5);
    private final List<String> changes = new ArrayList<>();

    LogBufferTest() {
        buffer.addListener((ListChangeListener<LogLine>) change -> {
            StringBuilder said = new StringBuilder();
            while (change.next()) {
                said.append(change.wasRemoved() ? "-" + texts(change.getRemoved()) : "")
                        .append(change.wasAdded() ? "+" + texts(change.getAddedSubList()) : "");
            }
            changes.add(said.toString());
        });
    }

    private static List<LogLine> lines(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> new LogLine(LogLine.Source.STDOUT, Instant.EPOCH, "l" + i)).toList();
    }

    private static List<String> texts(List<? extends LogLine> lines) {
        return lines.stream().map(LogLine::text).toList();
    }

    @Test
    void aBatchThatFitsIsOneAddition() {
        buffer.append(lines(0, 3));

        assertThat(texts(buffer)).containsExactly("l0", "l1", "l2");
        assertThat(changes).containsExactly("+[l0, l1, l2]");
    }

    @Test
    void aBatchBeyondTheCapacityDropsTheOldestInTheSameChange() {
        buffer.append(lines(0, 4));
        changes.clear();

        buffer.append(lines(4, 7));

        assertThat(texts(buffer)).containsExactly("l2", "l3", "l4", "l5", "l6");
        assertThat(changes).as("one change: the two oldest removed, the three new added")
                .containsExactly("-[l0, l1]+[l4, l5, l6]");
    }

    @Test
    void aBatchLargerThanTheCapacityKeepsItsNewestLines() {
        buffer.append(lines(0, 2));
        changes.clear();

        buffer.append(lines(2, 12));

        assertThat(texts(buffer)).containsExactly("l7", "l8", "l9", "l10", "l11");
        assertThat(changes).hasSize(1);
        assertThat(buffer.size()).isEqualTo(5);
    }

    @Test
    void anEmptyBatchChangesNothingAndTheCapacityMustHoldALine() {
        buffer.append(List.of());

        assertThat(changes).isEmpty();
        assertThatThrownBy(() -> new LogBuffer(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
