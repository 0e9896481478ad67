package io.instanceconsole.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The filter language shared by the GUI's filter bar and {@code instancectl --filter}. */
class InstanceQueryTest {
    private static final Instance GRAFANA = new Instance(new InstanceKey("c1", "abc123"), "grafana-2", BackendKind.DOCKER,
            "grafana/grafana:11.2.0", InstanceStatus.PAUSED, "user", Instant.EPOCH, Instant.EPOCH);

    @Test
    void wordsAndFacetsMatchTogetherAndALeadingMinusExcludes() {
        assertThat(InstanceQuery.parse("grafana status:paused host:lab1").matches(GRAFANA, "lab1")).isTrue();
        assertThat(InstanceQuery.parse("grafana -status:paused").matches(GRAFANA, "lab1")).isFalse();
        assertThat(InstanceQuery.parse("name:\"grafana-2\"").matches(GRAFANA, "lab1")).isTrue();
        assertThat(InstanceQuery.parse("   ").isEmpty()).isTrue();
    }

    @Test
    void anUnclosedQuoteIsReportedWhereTheQuoteIs() {
        assertThatThrownBy(() -> InstanceQuery.parse("name:\"grafana"))
                .isInstanceOf(QuerySyntaxException.class)
                .hasMessage("unclosed quote at position 6 in 'name:\"grafana'");
    }

    @Test
    void anUnknownFacetIsNamed() {
        assertThatThrownBy(() -> InstanceQuery.parse("web colour:blue"))
                .isInstanceOf(QuerySyntaxException.class).hasMessageContaining("unknown filter 'colour:'");
    }
}
