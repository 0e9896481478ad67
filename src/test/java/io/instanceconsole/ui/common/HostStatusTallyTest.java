package io.instanceconsole.ui.common;

import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.InstanceStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HostStatusTallyTest {
    private final HostStatusTally tally = new HostStatusTally();

    @Test
    void keepsOneSampleForEachHostAndStatusPresent() {
        tally.add(instance("lab", "a", InstanceStatus.RUNNING));
        tally.add(instance("lab", "b", InstanceStatus.RUNNING));
        tally.add(instance("edge", "c", InstanceStatus.RUNNING));
        tally.add(instance("lab", "d", InstanceStatus.PAUSED));

        assertThat(kinds()).containsExactlyInAnyOrder("lab running", "edge running", "lab paused");
    }

    @Test
    void aKindDisappearsOnlyWhenItsLastInstanceLeaves() {
        Instance a = instance("lab", "a", InstanceStatus.RUNNING);
        Instance b = instance("lab", "b", InstanceStatus.RUNNING);
        tally.add(a);
        tally.add(b);

        tally.changed(a, a.withStatus(InstanceStatus.PAUSED, "user", Instant.now()));
        assertThat(kinds()).containsExactlyInAnyOrder("lab running", "lab paused");

        tally.changed(b, b.withStatus(InstanceStatus.PAUSED, "user", Instant.now()));
        assertThat(kinds()).containsExactly("lab paused");

        tally.remove(a.withStatus(InstanceStatus.PAUSED, "user", Instant.now()));
        tally.remove(b.withStatus(InstanceStatus.PAUSED, "user", Instant.now()));
        assertThat(kinds()).isEmpty();
    }

    @Test
    void aChangeWithinTheSameKindKeepsTheCount() {
        Instance a = instance("lab", "a", InstanceStatus.RUNNING);
        tally.add(a);
        tally.changed(a, a);
        tally.remove(a);

        assertThat(kinds()).isEmpty();
    }

    private List<String> kinds() {
        return tally.samples().stream().map(i -> i.connectionId() + " " + i.status().key()).toList();
    }

    private static Instance instance(String host, String id, InstanceStatus status) {
        return new Instance(new InstanceKey(host, id), id, BackendKind.SIMULATOR, "img", status, "", Instant.EPOCH, Instant.now());
    }
}
