package io.instanceconsole.ui.instances;

import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.InstanceStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RowStateTest {
    private static Instance withReason(String reason) {
        return new Instance(new InstanceKey("c", "web"), "web", BackendKind.LXD, "busybox", InstanceStatus.RUNNING,
                reason, null, Instant.EPOCH, "m3");
    }

    @Test
    void aSnapshotTheBackendReportsAsLastKnownIsStaleWithItsReason() {
        RowState state = new RowState(withReason(Instance.LAST_KNOWN + "member m3 is offline"), null, "");

        assertThat(state.isStale()).isTrue();
        assertThat(state.whyStale()).isEqualTo("member m3 is offline");
    }

    @Test
    void theHostsNoteComesFirstAndAnOrdinaryReasonIsNotStale() {
        assertThat(new RowState(withReason("exit code 1"), null, "").isStale()).isFalse();
        assertThat(new RowState(withReason("exit code 1"), null, "").whyStale()).isEmpty();
        assertThat(new RowState(withReason(Instance.LAST_KNOWN + "member m3 is offline"), null, "", "host unreachable")
                .whyStale()).isEqualTo("host unreachable");
    }
}
