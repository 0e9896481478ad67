package io.instanceconsole.backend.docker;

import io.instanceconsole.domain.InstanceFacts;
import io.instanceconsole.domain.NotFoundException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A container's facts against a real Docker Engine 20.10 (.ci/docker-engine.sh): a published port on loopback, a
 * named volume, a label and an environment variable whose value stays out of the facts until asked for. Each fact is
 * checked against the engine's own {@code docker inspect}.
 */
class DockerFactsIT {
    private static final String SECRET = "s3cret-" + UUID.randomUUID();
    @RegisterExtension
    static final EngineA engineA = EngineA.keepingContainersBetweenTests("it-facts");
    private static String suffix;

    @BeforeAll
    static void createNetwork() {
        suffix = UUID.randomUUID().toString().substring(0, 8);
        // the engines run without the default bridge: a network of its own lets the port be published (on loopback)
        engineA.cli().docker("network", "create", "facts-" + suffix);
    }

    @AfterAll
    static void cleanUp() {
        if (engineA.cli() != null) {
            engineA.cli().removeAll();
            engineA.cli().run(30, List.of("network", "rm", "facts-" + suffix));
            engineA.cli().run(30, List.of("volume", "rm", "facts-data-" + suffix));
        }
    }

    @Test
    void showsThePortTheMountTheLabelAndTheVariableNameButNotItsValue() {
        String id = engineA.cli().docker("run", "-d", "--name", "facts-" + suffix, "--network", "facts-" + suffix,
                "-p", "127.0.0.1::80", "-v", "facts-data-" + suffix + ":/data", "--label", "team=core",
                "-e", "DB_PASSWORD=" + SECRET, "--restart", "on-failure:3", DockerCli.IMAGE).trim();
        String published = engineA.cli().docker("inspect", "-f", "{{(index (index .NetworkSettings.Ports \"80/tcp\") 0).HostPort}}", id).trim();
        String address = engineA.cli().docker("inspect", "-f", "{{(index .NetworkSettings.Networks \"facts-" + suffix + "\").IPAddress}}", id).trim();

        InstanceFacts facts = engineA.backend().facts(id);

        assertThat(facts.key().instanceId()).isEqualTo(id);
        assertThat(facts.value("Image")).contains(DockerCli.IMAGE);
        assertThat(facts.value("Image ID")).contains(engineA.cli().docker("inspect", "-f", "{{.Image}}", id).trim());
        assertThat(facts.value("80/tcp")).contains("127.0.0.1:" + published);
        assertThat(facts.value("/data")).contains("volume facts-data-" + suffix);
        assertThat(facts.value("team")).contains("core");
        assertThat(facts.value("facts-" + suffix).orElseThrow()).startsWith(address + "/");
        assertThat(facts.value("Restart policy")).contains("on-failure (at most 3 retries)");
        assertThat(facts.value("Started").orElseThrow()).isNotEqualTo("never");
        assertThat(facts.value("Health")).contains("no health check");
        assertThat(facts.environmentNames()).contains("DB_PASSWORD");
        assertThat(facts.toString()).as("the value is in no fact").doesNotContain(SECRET);

        assertThat(engineA.backend().environmentValue(id, "DB_PASSWORD")).isEqualTo(SECRET);
        assertThatThrownBy(() -> engineA.backend().environmentValue(id, "NO_SUCH_VARIABLE"))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("NO_SUCH_VARIABLE")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void aContainerThatIsGoneIsNamedInOneLine() {
        assertThatThrownBy(() -> engineA.backend().facts("no-such-container-" + suffix)).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("no-such-contai");
    }
}
