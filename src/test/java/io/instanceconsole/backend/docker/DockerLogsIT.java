package io.instanceconsole.backend.docker;

import io.instanceconsole.backend.ComputeBackend;
import io.instanceconsole.backend.LogLines;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.LogLine;
import io.instanceconsole.domain.LogListener;
import io.instanceconsole.domain.NotFoundException;
import io.instanceconsole.testing.ProjectScripts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Container logs against a real Docker Engine 20.10 (.ci/docker-engine.sh): the tail, then each new line as printed,
 * stdout and stderr apart, a pause that stops them, a removal or an engine restart that ends them in one line, binary
 * output and a very long line.
 */
class DockerLogsIT {
    /** Prints out-N on stdout and err-N on stderr once a second. */
    private static final String TICKER = "i=0; while true; do echo out-$i; echo err-$i >&2; i=$((i+1)); sleep 1; done";

    @RegisterExtension
    static final EngineA engineA = EngineA.removingContainersAfterEachTest("it-logs");

    /** What a listener was told, with when each line arrived. */
    private static final class Heard implements LogListener {
        final List<LogLine> lines = new CopyOnWriteArrayList<>();
        final List<Instant> arrived = new CopyOnWriteArrayList<>();
        final AtomicReference<String> ended = new AtomicReference<>();
        volatile boolean endedAtAll;

        @Override
        public void line(LogLine line) {
            arrived.add(Instant.now());
            lines.add(line);
        }

        @Override
        public void ended(String why) {
            ended.set(why);
            endedAtAll = true;
        }

        boolean has(String text) {
            return lines.stream().anyMatch(l -> l.text().equals(text));
        }
    }

    private static String ticker() {
        return engineA.cli().docker("run", "-d", "--network", "none", "--name", "ticker-" + UUID.randomUUID().toString().substring(0, 8),
                DockerCli.IMAGE, "sh", "-c", TICKER).trim();
    }

    @Test
    void followsEachLineWithinASecondOfItsPrintingStdoutAndStderrApart() {
        String id = ticker();
        waitUntil("the container printed three lines", Duration.ofSeconds(10), () -> engineA.cli().docker("logs", id).contains("out-2"));
        Heard heard = new Heard();

        ComputeBackend.Subscription log = engineA.backend().followLog(id, 500, true, heard);
        try {
            waitUntil("the tail arrived", Duration.ofSeconds(5), () -> heard.has("out-0") && heard.has("err-0"));
            assertThat(heard.lines).filteredOn(l -> l.text().startsWith("err-"))
                    .allMatch(l -> l.source() == LogLine.Source.STDERR);
            assertThat(heard.lines).filteredOn(l -> l.text().startsWith("out-"))
                    .allMatch(l -> l.source() == LogLine.Source.STDOUT);
            int before = heard.lines.size();
            waitUntil("new lines arrive", Duration.ofSeconds(5), () -> heard.lines.size() >= before + 4);
            for (int i = before; i < heard.lines.size(); i++) {
                LogLine line = heard.lines.get(i);
                assertThat(line.time()).as("the engine's timestamp").isNotNull();
                assertThat(Duration.between(line.time(), heard.arrived.get(i)))
                        .as("'%s' arrived within a second of its printing", line.text()).isLessThan(Duration.ofSeconds(1));
            }
        } finally {
            log.close();
        }
        int closedAt = heard.lines.size();
        sleep(1_500);
        assertThat(heard.lines).as("nothing after closing").hasSize(closedAt);
        assertThat(heard.ended.get()).as("closed by us: no failure to report").isNull();
    }

    @Test
    void aPausedContainersLogStopsAndResumesWithIt() {
        String id = ticker();
        Heard heard = new Heard();
        ComputeBackend.Subscription log = engineA.backend().followLog(id, 10, true, heard);
        try {
            waitUntil("lines arrive", Duration.ofSeconds(5), () -> heard.has("out-1"));
            engineA.cli().docker("pause", id);
            sleep(300);
            int paused = heard.lines.size();
            sleep(2_500);
            assertThat(heard.lines).as("no line while paused").hasSize(paused);
            assertThat(heard.endedAtAll).as("a pause does not end the log").isFalse();

            engineA.cli().docker("unpause", id);
            waitUntil("lines again after resuming", Duration.ofSeconds(5), () -> heard.lines.size() > paused);
        } finally {
            log.close();
        }
    }

    @Test
    void aContainerRemovedWhileFollowedEndsItsLogInOneLine() {
        String id = ticker();
        Heard heard = new Heard();
        engineA.backend().followLog(id, 10, true, heard);
        waitUntil("lines arrive", Duration.ofSeconds(5), () -> heard.has("out-0"));

        engineA.cli().docker("rm", "-f", id);

        waitUntil("the end is told", Duration.ofSeconds(10), () -> heard.endedAtAll);
        assertThat(heard.ended.get()).contains("ended").doesNotContain("\n").doesNotContain("Exception");
    }

    @Test
    void aLogCutByTheEngineRestartingEndsInOneLineAndLogsCanBeFollowedAgainAfterwards() {
        // an engine of its own: restarting engine "a" would cut the other tests' containers (and a start removes them)
        String host = ProjectScripts.dockerEngine("restarting");
        DockerCli restarting = new DockerCli(host);
        try (DockerBackend own = DockerBackend.open(new Connection("it-restart", "engine-restarting", BackendKind.DOCKER,
                host, "", false, true), EngineA.quickStops(), Clock.systemUTC())) {
            String id = restarting.docker("run", "-d", "--network", "none", "--name", "restarted-ticker",
                    DockerCli.IMAGE, "sh", "-c", TICKER).trim();
            Heard heard = new Heard();
            own.followLog(id, 10, true, heard);
            waitUntil("lines arrive", Duration.ofSeconds(5), () -> heard.has("out-1"));

            ProjectScripts.restartDockerEngine("restarting");

            waitUntil("the end is told", Duration.ofSeconds(10), () -> heard.endedAtAll);
            assertThat(heard.ended.get()).contains(id.substring(0, 12)).doesNotContain("\n").doesNotContain("Exception");
            // the same backend follows a log on the restarted engine: nothing of the cut one is left hanging
            String again = restarting.docker("run", "-d", "--network", "none", "--name", "after-restart",
                    DockerCli.IMAGE, "sh", "-c", TICKER).trim();
            Heard after = new Heard();
            ComputeBackend.Subscription log = own.followLog(again, 10, true, after);
            waitUntil("lines from the restarted engine", Duration.ofSeconds(10), () -> after.has("out-1"));
            log.close();
        } finally {
            ProjectScripts.stopDockerEngine("restarting");
        }
    }

    @Test
    void binaryOutputAndAVeryLongLineArePrintableAndCut() {
        String id = engineA.cli().docker("run", "-d", "--network", "none", "--name", "binary-" + UUID.randomUUID().toString().substring(0, 8),
                DockerCli.IMAGE, "sh", "-c", "printf 'a\\001b\\377c\\n'; head -c 20000 /dev/zero | tr '\\000' x; echo; echo done; sleep 60").trim();
        waitUntil("printed", Duration.ofSeconds(10), () -> engineA.cli().docker("logs", id).contains("done"));
        Heard heard = new Heard();

        engineA.backend().followLog(id, 100, false, heard);

        waitUntil("the whole tail", Duration.ofSeconds(5), () -> heard.endedAtAll);
        assertThat(heard.lines).extracting(LogLine::text).first().isEqualTo("a\uFFFDb\uFFFDc");
        // the engine stores a line over 16 KiB as parts, each with its timestamp: what is cut counts the second one too
        assertThat(heard.lines.get(1).text()).startsWith("x".repeat(LogLines.MAX_LINE))
                .matches("x{" + LogLines.MAX_LINE + "} … \\(line cut: 118\\d\\d more characters\\)");
        assertThat(heard.lines.get(2).text()).isEqualTo("done");
        assertThat(heard.ended.get()).as("without following, the log ends once sent, and that is no news").isNull();
    }

    @Test
    void theLogOfAContainerThatDoesNotExistIsRefusedNamingIt() {
        Heard heard = new Heard();
        assertThatThrownBy(() -> engineA.backend().followLog("no-such-container", 10, true, heard))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("no-such-contai");
        assertThat(heard.endedAtAll).isFalse();
    }

    private static void waitUntil(String what, Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            sleep(50);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
