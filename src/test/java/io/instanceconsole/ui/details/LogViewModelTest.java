package io.instanceconsole.ui.details;

import io.instanceconsole.backend.ComputeBackend;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.LogLine;
import io.instanceconsole.domain.LogListener;
import io.instanceconsole.service.LogService;
import io.instanceconsole.testing.DelegatingBackend;
import io.instanceconsole.testing.QueuedUiThread;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The log's model without the toolkit, over the real services and a simulated host whose log the test writes: the
 * FX thread's work is a queue the test drains.
 */
class LogViewModelTest {
    @TempDir
    Path dir;

    private ServiceFixture fixture;
    private final HostWithLog host = new HostWithLog();
    private final QueuedUiThread uiThread = new QueuedUiThread();
    private LogViewModel log;
    private Instance instance;

    @BeforeEach
    void setUp() {
        fixture = new ServiceFixture(dir);
        fixture.connect("lab", host, ServiceFixture.testSettings(), false);
        log = new LogViewModel(new LogService(fixture.registry), uiThread, Runnable::run);
        instance = fixture.known.all().get(0);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void asksForTheTailAndFollowsThenKeepsAtMostTenThousandLines() {
        log.show(instance.key());
        uiThread.runUntil("the host accepted", () -> host.listener.get() != null && log.noteProperty().get().isEmpty());
        assertThat(host.tail).isEqualTo(LogViewModel.TAIL);

        for (int i = 0; i < 25_000; i++) {
            host.listener.get().line(new LogLine(LogLine.Source.STDOUT, Instant.EPOCH, "line " + i));
        }
        assertThat(uiThread.pending()).as("one batch handed to the FX thread, not one task a line").isEqualTo(1);
        uiThread.runUntil("the lines are in", () -> !log.lines().isEmpty());

        assertThat(log.lines()).hasSize(LogViewModel.MAX_LINES);
        assertThat(log.lines().get(0).text()).isEqualTo("line 15000");
        assertThat(log.lines().get(LogViewModel.MAX_LINES - 1).text()).isEqualTo("line 24999");
    }

    @Test
    void anEndedLogSaysWhyInOneLineAndStoppingHearsNothingMore() {
        log.show(instance.key());
        uiThread.runUntil("the host accepted", () -> host.listener.get() != null && log.noteProperty().get().isEmpty());
        host.listener.get().line(new LogLine(LogLine.Source.STDERR, null, "bad thing"));
        host.listener.get().ended("the log of 'web' on lab ended (the container stopped or was removed)");
        uiThread.runUntil("the end is said", () -> !log.noteProperty().get().isEmpty());

        assertThat(log.noteProperty().get()).isEqualTo("the log of 'web' on lab ended (the container stopped or was removed)");
        assertThat(log.format(log.lines().get(0))).isEqualTo("[stderr] bad thing");

        log.stop();
        assertThat(host.stopped).isTrue();
        assertThat(log.lines()).isEmpty();
    }

    @Test
    void findsTheNextLineWithTheTextWrappingAroundAndTimestampsOnDemand() {
        log.show(instance.key());
        uiThread.runUntil("the host accepted", () -> host.listener.get() != null);
        host.listener.get().line(new LogLine(LogLine.Source.STDOUT, Instant.parse("2026-12-07T10:00:00Z"), "alpha"));
        host.listener.get().line(new LogLine(LogLine.Source.STDOUT, Instant.parse("2026-12-07T10:00:01Z"), "Beta"));
        host.listener.get().line(new LogLine(LogLine.Source.STDOUT, Instant.parse("2026-12-07T10:00:02Z"), "alpha again"));
        uiThread.runUntil("three lines", () -> log.lines().size() == 3);

        assertThat(log.find("ALPHA", 0)).isEqualTo(2);
        assertThat(log.find("alpha", 2)).isEqualTo(0);
        assertThat(log.find("gamma", 0)).isEqualTo(-1);
        assertThat(log.format(log.lines().get(1))).isEqualTo("Beta");
        log.timestampsProperty().set(true);
        assertThat(log.format(log.lines().get(1))).endsWith(":00:01.000  Beta");
    }

    @Test
    void savesEveryLineKeptToAFile() throws Exception {
        log.show(instance.key());
        uiThread.runUntil("the host accepted", () -> host.listener.get() != null);
        host.listener.get().line(new LogLine(LogLine.Source.STDOUT, null, "one"));
        host.listener.get().line(new LogLine(LogLine.Source.STDERR, null, "two"));
        uiThread.runUntil("two lines", () -> log.lines().size() == 2);
        Path file = dir.resolve("saved.log");

        log.save(file);
        uiThread.runUntil("the note says it", () -> log.noteProperty().get().startsWith("Saved"));

        assertThat(Files.readString(file)).isEqualTo("one\n[stderr] two\n");
        assertThat(log.noteProperty().get()).isEqualTo("Saved 2 lines to " + file);
    }

    @Test
    void aHostWithoutLogsSaysSoInOneLine() {
        host.refuse = true;
        log.show(instance.key());

        uiThread.runUntil("the refusal is said", () -> !log.noteProperty().get().equals("Reading the log…"));
        assertThat(log.noteProperty().get()).isEqualTo("Simulator hosts keep no logs this console can read");
    }

    /** A simulated host whose log is whatever the test tells the listener it was given. */
    private static final class HostWithLog extends DelegatingBackend {
        final AtomicReference<LogListener> listener = new AtomicReference<>();
        volatile int tail;
        volatile boolean stopped;
        volatile boolean refuse;

        HostWithLog() {
            super(ServiceFixture.simulator("lab", 3));
        }

        @Override
        public ComputeBackend.Subscription followLog(String instanceId, int lines, boolean follow, LogListener to) {
            if (refuse) {
                return delegate().followLog(instanceId, lines, follow, to);
            }
            tail = lines;
            listener.set(to);
            return () -> stopped = true;
        }
    }
}
