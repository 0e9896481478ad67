package io.instanceconsole.backend.docker;

import io.instanceconsole.app.AppContext;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.store.ConnectionRepository;
import io.instanceconsole.store.DataDirectory;
import io.instanceconsole.store.Database;
import io.instanceconsole.testing.ProjectScripts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The composition root opens Docker connections with the Docker adapter and shows the engine's containers. */
class AppContextDockerIT {

    @Test
    void dockerConnectionShowsTheEnginesContainersAndNoSimulatedOnes(@TempDir Path dataDir) throws Exception {
        DockerCli cli = new DockerCli(ProjectScripts.dockerEngine("a"));
        cli.removeAll();
        String id = cli.runDetached("shown-" + UUID.randomUUID().toString().substring(0, 8));
        DataDirectory directory = new DataDirectory(dataDir).prepare();
        // what the first start stores when DOCKER_HOST points at an engine
        try (Database database = Database.open(directory)) {
            new ConnectionRepository(database).add(new Connection(UUID.randomUUID().toString(), "Docker",
                    BackendKind.DOCKER, cli.host(), "", false, true));
        }

        try (AppContext context = AppContext.open(directory, Clock.systemUTC())) {
            context.connectAll().get(30, TimeUnit.SECONDS);

            assertThat(context.known().all()).extracting(Instance::kind).containsOnly(BackendKind.DOCKER);
            Instance shown = context.known().all().stream().filter(i -> i.id().equals(id)).findFirst().orElseThrow();
            assertThat(shown.status()).isEqualTo(InstanceStatus.RUNNING);
            assertThat(cli.state(id)).isEqualTo("running");
        } finally {
            cli.removeAll();
        }
    }
}
