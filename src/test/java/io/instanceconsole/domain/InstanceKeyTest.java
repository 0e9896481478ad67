package io.instanceconsole.domain;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

class InstanceKeyTest {
    /** Distinct hash codes of 20 hosts × 2,500 instances named alike on every host, as simulated fleets are. */
    private static int distinctHashes(IntFunction<String> connectionId) {
        Set<Integer> hashes = new HashSet<>();
        for (int host = 0; host < 20; host++) {
            for (int i = 1; i <= 2_500; i++) {
                hashes.add(new InstanceKey(connectionId.apply(host), String.format(Locale.ROOT, "sim-%05d", i)).hashCode());
            }
        }
        return hashes.size();
    }

    @Test
    void keysWithTheSameInstanceIdsOnManyHostsHashApart() {
        // a record's own hash gave 5,589 distinct values for these 50,000 keys
        assertThat(distinctHashes(host -> String.format(Locale.ROOT, "conn-h%02d", host))).isGreaterThan(49_500);
        assertThat(distinctHashes(host -> UUID.nameUUIDFromBytes(new byte[]{(byte) host}).toString())).isGreaterThan(49_500);
    }

    @Test
    void equalKeysHashAlikeAndKeysAreEqualByBothParts() {
        assertThat(new InstanceKey("c1", "web")).isEqualTo(new InstanceKey("c1", "web"))
                .hasSameHashCodeAs(new InstanceKey("c1", "web"))
                .isNotEqualTo(new InstanceKey("c2", "web")).isNotEqualTo(new InstanceKey("c1", "db"));
        assertThat(new InstanceKey("c1", "web")).hasToString("c1/web");
    }
}
