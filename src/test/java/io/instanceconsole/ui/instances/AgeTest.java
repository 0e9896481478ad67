package io.instanceconsole.ui.instances;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class AgeTest {
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    @Test
    void ageIsInTheLargestUnitsThatMatter() {
        assertThat(Age.between(NOW.minus(Duration.ofMinutes(7)), NOW)).isEqualTo("7 min");
        assertThat(Age.between(NOW.minus(Duration.ofMinutes(125)), NOW)).isEqualTo("2 h 5 min");
        assertThat(Age.between(NOW.minus(Duration.ofHours(50)), NOW)).isEqualTo("2 d 2 h");
    }
}
