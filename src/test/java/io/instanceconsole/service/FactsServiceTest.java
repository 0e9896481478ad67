package io.instanceconsole.service;

import io.instanceconsole.backend.simulator.SimulatorBackend;
import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceFacts;
import io.instanceconsole.domain.NotFoundException;
import io.instanceconsole.domain.UnavailableException;
import io.instanceconsole.domain.UnsupportedException;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The facts of one instance: read through the host's policies, kept, marked stale, never waited for. */
class FactsServiceTest {
    @TempDir
    Path dir;

    @Test
    void readsTheFactsFromTheHostAndKeepsThemForTheNextOpening() {
        try (ServiceFixture fixture = new ServiceFixture(dir)) {
            fixture.connect("lab", ServiceFixture.simulator("lab", 5), ServiceFixture.testSettings(), false);
            FactsService facts = new FactsService(fixture.registry);
            Instance instance = fixture.known.all().get(0);
            assertThat(facts.cached(instance.key())).as("nothing read yet").isEmpty();

            InstanceFacts read = facts.read(instance.key()).orTimeout(10, TimeUnit.SECONDS).join();

            assertThat(read.key()).isEqualTo(instance.key());
            assertThat(read.value("Image")).contains(instance.image());
            assertThat(read.value("Simulates").orElseThrow()).contains("nothing runs");
            assertThat(facts.cached(instance.key())).hasValueSatisfying(known -> {
                assertThat(known.facts()).isEqualTo(read);
                assertThat(known.stale()).isFalse();
            });
        }
    }

    @Test
    void aHostThatDoesNotAnswerIsNotAskedAndItsLastFactsAreStale() {
        try (ServiceFixture fixture = new ServiceFixture(dir)) {
            SimulatorBackend host = ServiceFixture.simulator("lab", 5);
            ManagedConnection connection = fixture.connect("lab", host, ServiceFixture.testSettings(), false);
            FactsService facts = new FactsService(fixture.registry);
            Instance instance = fixture.known.all().get(0);
            facts.read(instance.key()).orTimeout(10, TimeUnit.SECONDS).join();

            connection.markUnreachable("the test cut it off");
            host.faults().hang(); // a call that reached the host now would not come back

            CompletableFuture<InstanceFacts> again = facts.read(instance.key());
            assertThat(again).as("refused at once, not waiting for the host").isCompletedExceptionally();
            assertThatThrownBy(again::join).isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(UnavailableException.class)
                    .hasMessageContaining("host 'lab' does not answer now");
            assertThat(facts.cached(instance.key())).hasValueSatisfying(known -> assertThat(known.stale()).isTrue());
            host.faults().release();
        }
    }

    @Test
    void anInstanceGoneFromItsHostIsNamedAndForgotten() {
        try (ServiceFixture fixture = new ServiceFixture(dir)) {
            SimulatorBackend host = ServiceFixture.simulator("lab", 40);
            fixture.connect("lab", host, ServiceFixture.testSettings(), false);
            FactsService facts = new FactsService(fixture.registry);
            Instance instance = fixture.known.all().stream()
                    .filter(i -> Action.DELETE.isAllowedFrom(i.status())).findFirst().orElseThrow();
            facts.read(instance.key()).orTimeout(10, TimeUnit.SECONDS).join();

            host.perform(Action.DELETE, instance.id());

            assertThatThrownBy(() -> facts.read(instance.key()).orTimeout(10, TimeUnit.SECONDS).join())
                    .hasCauseInstanceOf(NotFoundException.class);
            assertThat(facts.cached(instance.key())).as("no last facts of what is gone").isEmpty();
        }
    }

    @Test
    void keepsTheLastFactsOfAtMostFiveHundredInstances() {
        try (ServiceFixture fixture = new ServiceFixture(dir)) {
            fixture.connect("lab", ServiceFixture.simulator("lab", FactsService.CACHED + 1), ServiceFixture.testSettings(), false);
            FactsService facts = new FactsService(fixture.registry);
            List<Instance> all = fixture.known.all();
            for (Instance instance : all) {
                facts.read(instance.key()).orTimeout(10, TimeUnit.SECONDS).join();
            }

            assertThat(all.stream().filter(i -> facts.cached(i.key()).isPresent()).count()).isEqualTo(FactsService.CACHED);
            assertThat(facts.cached(all.get(0).key())).as("the least recently read goes").isEmpty();
        }
    }

    @Test
    void aBackendWithoutEnvironmentVariablesSaysSo() {
        try (ServiceFixture fixture = new ServiceFixture(dir)) {
            fixture.connect("lab", ServiceFixture.simulator("lab", 2), ServiceFixture.testSettings(), false);
            FactsService facts = new FactsService(fixture.registry);

            assertThatThrownBy(() -> facts.environmentValue(fixture.known.all().get(0).key(), "PASSWORD")
                    .orTimeout(10, TimeUnit.SECONDS).join()).hasCauseInstanceOf(UnsupportedException.class)
                    .hasMessageContaining("no environment variables");
        }
    }
}
