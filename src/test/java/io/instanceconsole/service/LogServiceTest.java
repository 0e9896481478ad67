package io.instanceconsole.service;

import io.instanceconsole.backend.ComputeBackend;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.LogLine;
import io.instanceconsole.domain.LogListener;
import io.instanceconsole.domain.UnavailableException;
import io.instanceconsole.testing.DelegatingBackend;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An instance's log and an environment value, through the host's policies, and never asked of a host that is down. */
class LogServiceTest {
    @TempDir
    Path dir;

    /** A simulated host that prints two lines for any instance and counts what it was asked. */
    private static final class PrintingHost extends DelegatingBackend {
        final AtomicInteger asked = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();

        PrintingHost() {
            super(ServiceFixture.simulator("lab", 3));
        }

        @Override
        public Subscription followLog(String instanceId, int tail, boolean follow, LogListener listener) {
            asked.incrementAndGet();
            listener.line(new LogLine(LogLine.Source.STDOUT, Instant.EPOCH, instanceId + " tail " + tail));
            listener.line(new LogLine(LogLine.Source.STDERR, Instant.EPOCH, follow ? "following" : "not following"));
            return closed::incrementAndGet;
        }

        @Override
        public String environmentValue(String instanceId, String name) {
            asked.incrementAndGet();
            return name + "=value of " + instanceId;
        }
    }

    /** Hands the lines on, as the pane's listener does. */
    private static final class Lines implements LogListener {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void line(LogLine line) {
            lines.add(line.source() + " " + line.text());
        }

        @Override
        public void ended(String why) {
            lines.add("ended " + why);
        }
    }

    @Test
    void theHostsLinesReachTheListenerAndStoppingClosesTheStream() {
        try (ServiceFixture fixture = new ServiceFixture(dir)) {
            PrintingHost host = new PrintingHost();
            fixture.connect("lab", host, ServiceFixture.testSettings(), false);
            LogService logs = new LogService(fixture.registry);
            InstanceKey key = fixture.known.all().get(0).key();
            Lines lines = new Lines();

            LogService.Following following = logs.follow(key, 500, true, lines).orTimeout(10, TimeUnit.SECONDS).join();

            assertThat(lines.lines).containsExactly("STDOUT " + key.instanceId() + " tail 500", "STDERR following");
            assertThat(host.closed).hasValue(0);
            following.stop();
            assertThat(host.closed).hasValue(1);
        }
    }

    @Test
    void aHostThatDoesNotAnswerIsNotAskedForALogOrAValue() {
        try (ServiceFixture fixture = new ServiceFixture(dir)) {
            PrintingHost host = new PrintingHost();
            ManagedConnection connection = fixture.connect("lab", host, ServiceFixture.testSettings(), false);
            LogService logs = new LogService(fixture.registry);
            FactsService facts = new FactsService(fixture.registry);
            InstanceKey key = fixture.known.all().get(0).key();
            connection.markUnreachable("the test cut it off");

            assertThatThrownBy(() -> logs.follow(key, 10, false, new Lines()).join())
                    .hasCauseInstanceOf(UnavailableException.class)
                    .hasMessageContaining("host 'lab' does not answer now; its log was not asked for");
            assertThatThrownBy(() -> facts.environmentValue(key, "TOKEN").join())
                    .hasCauseInstanceOf(UnavailableException.class).hasMessageContaining("'lab'");
            assertThatThrownBy(() -> logs.follow(new InstanceKey("conn-gone", "x"), 10, false, new Lines()).join())
                    .hasMessageContaining("host 'conn-gone' does not answer now");
            assertThat(host.asked).as("nothing was sent").hasValue(0);
        }
    }

    @Test
    void anEnvironmentValueIsReadFromTheHostEachTime() {
        try (ServiceFixture fixture = new ServiceFixture(dir)) {
            PrintingHost host = new PrintingHost();
            fixture.connect("lab", host, ServiceFixture.testSettings(), false);
            FactsService facts = new FactsService(fixture.registry);
            InstanceKey key = fixture.known.all().get(0).key();

            assertThat(facts.environmentValue(key, "TOKEN").orTimeout(10, TimeUnit.SECONDS).join())
                    .isEqualTo("TOKEN=value of " + key.instanceId());
            facts.environmentValue(key, "TOKEN").orTimeout(10, TimeUnit.SECONDS).join();

            assertThat(host.asked).as("never cached").hasValue(2);
        }
    }
}
