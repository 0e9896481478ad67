package io.instanceconsole.app;

import io.instanceconsole.concurrent.DirectExecutor;
import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.domain.OperationState;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceGraphTest {
    @TempDir
    Path dir;

    @Test
    void directExecutionPerformsAnActionWithoutAServiceThread() {
        try (ServiceFixture fixture = ServiceFixture.withOptions(dir, ServiceGraph.Builder::withDirectExecution)) {
            fixture.connect("lab", ServiceFixture.simulator("lab", 10), ServiceFixture.testSettings(), false);
            Instance running = fixture.firstWithStatus("conn-lab", InstanceStatus.RUNNING);

            assertThat(fixture.executor).isInstanceOf(DirectExecutor.class);
            assertThat(fixture.perform(Action.PAUSE, running.key()).outcome()).isEqualTo(OperationState.SUCCEEDED);
            assertThat(fixture.known.find(running.key()).orElseThrow().status()).isEqualTo(InstanceStatus.PAUSED);
        }
    }

    @Test
    void theFixtureRunsTheAppsGraphWithItsConnectionManager() {
        try (ServiceFixture fixture = new ServiceFixture(dir)) {
            assertThat(fixture.connectionManager()).isSameAs(fixture.services.connectionManager());
            assertThat(fixture.lifecycle).isSameAs(fixture.services.lifecycle());
        }
    }
}
