package io.instanceconsole.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InstanceFactsTest {
    private static final InstanceKey KEY = new InstanceKey("conn-lab", "web");

    @Test
    void eachSectionKeepsItsOwnFactsInOrderAndEnvironmentNamesComeWithoutValues() {
        InstanceFacts facts = InstanceFacts.builder(KEY, Instant.EPOCH)
                .section("Container").fact("Image", "busybox").fact("Command", "sh")
                .section("Network").fact("Ports", "8080/tcp")
                .environmentName("TOKEN").environmentName("PATH")
                .build();

        assertThat(facts.sections()).extracting(InstanceFacts.Section::title).containsExactly("Container", "Network");
        assertThat(facts.sections().get(0).facts()).extracting(InstanceFacts.Fact::label)
                .containsExactly("Image", "Command");
        assertThat(facts.sections().get(1).facts()).extracting(InstanceFacts.Fact::value).containsExactly("8080/tcp");
        assertThat(facts.environmentNames()).containsExactly("TOKEN", "PATH");
        assertThat(facts.value("Ports")).contains("8080/tcp");
        assertThat(facts.value("Missing")).isEmpty();
    }

    @Test
    void aFactNeedsASection() {
        assertThatThrownBy(() -> InstanceFacts.builder(KEY, Instant.EPOCH).fact("Image", "busybox"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("section first");
    }
}
