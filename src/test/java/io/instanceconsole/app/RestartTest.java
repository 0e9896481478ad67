package io.instanceconsole.app;

import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.AuditEvent;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.domain.OperationState;
import io.instanceconsole.service.ActionResult;
import io.instanceconsole.store.StoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The composition root end to end on the embedded simulator: what was done survives a restart. */
class RestartTest {
    @TempDir
    Path dataDir;

    @Test
    void pausedInstanceAndItsAuditEventAreStillThereAfterARestart() {
        Instance paused;
        try (AppContext first = TestContexts.context(dataDir)) {
            first.connectAll().orTimeout(30, TimeUnit.SECONDS).join();
            Instance running = first.known().all().stream().filter(i -> i.status() == InstanceStatus.RUNNING)
                    .findFirst().orElseThrow();
            ActionResult result = first.lifecycle().perform(Action.PAUSE, running.key()).orTimeout(30, TimeUnit.SECONDS).join();
            assertThat(result.outcome()).isEqualTo(OperationState.SUCCEEDED);
            paused = running;
        }

        try (AppContext second = TestContexts.context(dataDir)) {
            // Before any host is contacted, the last-known table already says paused.
            assertThat(second.known().find(paused.key()).orElseThrow().status()).isEqualTo(InstanceStatus.PAUSED);
            second.connectAll().orTimeout(30, TimeUnit.SECONDS).join();
            // The simulated host kept its state too, so the resync agrees.
            assertThat(second.known().find(paused.key()).orElseThrow().status()).isEqualTo(InstanceStatus.PAUSED);
            List<AuditEvent> audit = second.journal().recentAudit(10);
            assertThat(audit).singleElement().satisfies(e -> {
                assertThat(e.instanceName()).isEqualTo(paused.name());
                assertThat(e.action()).isEqualTo("pause");
                assertThat(e.outcome()).isEqualTo(OperationState.SUCCEEDED);
                assertThat(e.connectionName()).isEqualTo("Simulator");
            });
        }
    }

    @Test
    void firstStartWithNothingInstalledOffersOnlyTheSimulator() {
        try (AppContext context = TestContexts.context(dataDir)) {
            assertThat(context.connections().findAll()).singleElement()
                    .satisfies(c -> assertThat(c.name()).isEqualTo("Simulator"));
        }
    }

    @Test
    void unusableDataDirectoryStopsTheStartWithOneMessageNamingIt() throws Exception {
        Path file = Files.writeString(dataDir.resolve("not-a-dir"), "x");

        assertThatThrownBy(() -> TestContexts.context(file))
                .isInstanceOf(StoreException.class).hasMessageContaining(file.toString());
    }
}
