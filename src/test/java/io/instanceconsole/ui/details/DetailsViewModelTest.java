package io.instanceconsole.ui.details;

import io.instanceconsole.domain.InstanceFacts;
import io.instanceconsole.domain.InstanceStats;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.domain.NotFoundException;
import io.instanceconsole.service.FactsService;
import io.instanceconsole.service.LogService;
import io.instanceconsole.service.StatsService;
import io.instanceconsole.testing.DelegatingBackend;
import io.instanceconsole.testing.QueuedUiThread;
import io.instanceconsole.testing.ServiceFixture;
import io.instanceconsole.ui.common.DialogService;
import io.instanceconsole.ui.details.DetailsViewModel.EnvironmentVariable;
import io.instanceconsole.ui.details.DetailsViewModel.FactLine;
import io.instanceconsole.ui.instances.InstanceRowViewModel;
import io.instanceconsole.ui.instances.InstanceTableViewModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The details pane's model without the toolkit, over the real services and a simulated host that also has one
 * environment variable per instance: its answers reach the model through a queue the test drains, as the FX thread
 * would run them.
 */
class DetailsViewModelTest {
    private static final String SECRET = "s3cret-value";

    @TempDir
    Path dir;

    private ServiceFixture fixture;
    private HostWithEnvironment host;
    private final QueuedUiThread uiThread = new QueuedUiThread();
    private final String[] clipboard = {""};
    private InstanceTableViewModel table;
    private DetailsViewModel details;

    @BeforeEach
    void setUp() {
        fixture = new ServiceFixture(dir);
        host = new HostWithEnvironment();
        fixture.connect("lab", host, ServiceFixture.testSettings(), false);
        table = new InstanceTableViewModel(fixture.lifecycle, Runnable::run, (s, m) -> { }, id -> "lab");
        table.load(fixture.known.all());
        details = new DetailsViewModel(new FactsService(fixture.registry), table.selection(), uiThread,
                new DialogService() {
                    @Override
                    public Confirmation confirm(String title, String question, String details, boolean offer) {
                        throw new AssertionError("the details pane never asks");
                    }

                    @Override
                    public void copyToClipboard(String text) {
                        clipboard[0] = text;
                    }
                }, new LogViewModel(new LogService(fixture.registry), uiThread, Runnable::run), Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void opensOnTheSelectedRowAndFollowsTheSelection() {
        InstanceRowViewModel first = row(0);
        InstanceRowViewModel second = row(1);
        table.selectionChanged(List.of(first));
        details.toggleCommand().execute();

        assertThat(details.titleProperty().get()).isEqualTo(first.snapshot().name() + " on lab");
        assertThat(details.noteProperty().get()).as("said while the host is asked").isEqualTo("Reading from lab…");
        uiThread.runUntil("the facts are shown", () -> !details.lines().isEmpty());
        assertThat(details.lines()).contains(new FactLine("Simulated", "Image", first.snapshot().image()));

        table.selectionChanged(List.of(second));
        assertThat(details.titleProperty().get()).isEqualTo(second.snapshot().name() + " on lab");
        uiThread.runUntil("the second row's facts", () -> details.lines().contains(
                new FactLine("Simulated", "Image", second.snapshot().image())));

        details.toggleCommand().execute();
        assertThat(details.lines()).as("closed, it shows and keeps nothing").isEmpty();
    }

    @Test
    void severalRowsShowTheirCountsByHostAndStatus() {
        details.openProperty().set(true);
        List<InstanceRowViewModel> rows = table.sortedRows().subList(0, 10);
        table.selectionChanged(rows);

        assertThat(details.titleProperty().get()).isEqualTo("10 selected");
        long running = rows.stream().filter(r -> r.snapshot().status() == InstanceStatus.RUNNING).count();
        assertThat(details.lines()).startsWith(new FactLine("on lab", "", ""));
        assertThat(details.lines()).contains(new FactLine("on lab", "running", String.valueOf(running)));
        assertThat(details.lines().stream().filter(l -> !l.isHeading()).mapToInt(l -> Integer.parseInt(l.value())).sum())
                .isEqualTo(10);
    }

    @Test
    void anEnvironmentValueIsHiddenUntilAskedAndForgottenWithThePane() {
        table.selectionChanged(List.of(row(0)));
        details.openProperty().set(true);
        uiThread.runUntil("the variables are listed", () -> !details.environment().isEmpty());
        EnvironmentVariable variable = details.environment().get(0);
        assertThat(variable.name()).isEqualTo("DB_PASSWORD");
        assertThat(variable.valueProperty().get()).isEqualTo(DetailsViewModel.HIDDEN);
        assertThat(host.valuesRead).as("no value read before it is asked for").isZero();
        details.copyAll();
        assertThat(clipboard[0]).contains("DB_PASSWORD").doesNotContain(SECRET);

        details.reveal(variable);
        uiThread.runUntil("the value is shown", () -> variable.revealedProperty().get());
        assertThat(variable.valueProperty().get()).isEqualTo(SECRET);
        details.copyAll();
        assertThat(clipboard[0]).as("copy all never copies a value").doesNotContain(SECRET);

        details.openProperty().set(false);
        details.openProperty().set(true);
        uiThread.runUntil("the variables are listed again", () -> !details.environment().isEmpty());
        assertThat(details.environment().get(0).valueProperty().get()).isEqualTo(DetailsViewModel.HIDDEN);
    }

    @Test
    void aHostThatStoppedAnsweringShowsTheLastKnownFactsMarkedStaleAtOnce() {
        InstanceRowViewModel row = row(0);
        table.selectionChanged(List.of(row));
        details.openProperty().set(true);
        uiThread.runUntil("the facts are shown", () -> !details.lines().isEmpty());
        details.openProperty().set(false);

        host.delegate().faults().disconnect();
        fixture.reconciler.resyncAll();
        ServiceFixture.await(Duration.ofSeconds(10), "the host is marked down", () -> !fixture.registry.all().get(0)
                .health().isUsable());
        host.delegate().faults().hang(); // asking the host now would never come back
        details.openProperty().set(true);

        assertThat(details.lines()).as("shown at once, from what was read before")
                .contains(new FactLine("Simulated", "Image", row.snapshot().image()));
        assertThat(details.staleProperty().get()).isTrue();
        assertThat(details.noteProperty().get()).startsWith("Last known facts, read at ")
                .endsWith("the host does not answer now");
        host.delegate().faults().release();
    }

    @Test
    void anInstanceRemovedWhileShownSaysSoInOneLine() {
        InstanceRowViewModel row = row(0);
        host.gone = true;
        table.selectionChanged(List.of(row));
        details.openProperty().set(true);

        uiThread.runUntil("the failure is said", () -> details.noteProperty().get().startsWith("no instance"));
        assertThat(details.noteProperty().get()).doesNotContain("\n").doesNotContain("Exception");
    }

    @Test
    void theUsageChartTakesTheRowsSamplesWhileShownAndForgetsThemAfter() {
        table.setStatsSampler(new StatsService(fixture.registry));
        InstanceRowViewModel running = table.sortedRows().stream()
                .filter(r -> r.snapshot().status() == InstanceStatus.RUNNING).findFirst().orElseThrow();
        table.selectionChanged(List.of(running));
        details.openProperty().set(true);
        assertThat(details.usage()).isEmpty();

        table.sampleStats(List.of(running));
        ServiceFixture.await(Duration.ofSeconds(10), "a sample", () -> !details.usage().isEmpty());

        DetailsViewModel.UsagePoint point = details.usage().get(0);
        assertThat(point.cpuPercent()).isEqualTo(running.statsProperty().get().cpuPercent());
        assertThat(point.memoryMiB()).isEqualTo(running.statsProperty().get().memoryBytes() / (1024.0 * 1024.0));

        details.openProperty().set(false);
        assertThat(details.usage()).as("closed, it keeps nothing").isEmpty();
    }

    private InstanceRowViewModel row(int index) {
        return table.sortedRows().get(index);
    }

    /**
     * A simulated host whose instances each have one environment variable, DB_PASSWORD (or no facts at all when gone),
     * and its resource samples.
     */
    private static final class HostWithEnvironment extends DelegatingBackend {
        volatile int valuesRead;
        volatile boolean gone;

        HostWithEnvironment() {
            super(ServiceFixture.simulator("lab", 40));
        }

        @Override
        public InstanceFacts facts(String instanceId) {
            if (gone) {
                throw new NotFoundException("no instance " + instanceId + " on 'lab'");
            }
            InstanceFacts simulated = delegate().facts(instanceId);
            return new InstanceFacts(simulated.key(), simulated.sections(), List.of("DB_PASSWORD"), simulated.observedAt());
        }

        @Override
        public InstanceStats stats(String instanceId) {
            return delegate().stats(instanceId);
        }

        @Override
        public String environmentValue(String instanceId, String name) {
            valuesRead++;
            return SECRET;
        }
    }
}
