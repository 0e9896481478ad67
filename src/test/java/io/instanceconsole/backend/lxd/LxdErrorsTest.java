package io.instanceconsole.backend.lxd;

import io.instanceconsole.domain.ConflictException;
import io.instanceconsole.domain.NotFoundException;
import io.instanceconsole.domain.UnavailableException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The answers quoted are LXD 5.0.2's, as the cluster ITs met them. */
class LxdErrorsTest {
    private static final String SERVER = "lxd+unix:///var/lib/lxd/unix.socket";

    @Test
    void aMemberThatDiesWhileItHoldsAForwardedRequestIsThatMembersFailureNotTheClusters() {
        assertThat(LxdErrors.of(500, "Get \"https://127.0.2.3:8443/1.0/operations/bd80/wait?timeout=25&project=default\": EOF",
                "pause of 'web' on cluster", SERVER))
                .isInstanceOf(LxdOperationException.class)
                .hasMessageContaining("the cluster member that runs it does not answer");
        assertThat(LxdErrors.of(500, "Put \"https://127.0.2.2:8443/1.0/instances/web/state\": read tcp: connection reset by peer",
                "pause of 'web' on cluster", SERVER)).isInstanceOf(LxdOperationException.class);
        assertThat(LxdErrors.of(500, "Unable to connect to: 127.0.2.3:8443 ([dial tcp 127.0.2.3:8443: connect: connection refused])",
                "pause of 'web' on cluster", SERVER)).isInstanceOf(LxdOperationException.class);
    }

    @Test
    void otherAnswersKeepTheirMeaning() {
        assertThat(LxdErrors.of(404, "Instance not found", "pause of 'web'", SERVER)).isInstanceOf(NotFoundException.class);
        assertThat(LxdErrors.of(400, "The container is already frozen", "pause of 'web'", SERVER)).isInstanceOf(ConflictException.class);
        assertThat(LxdErrors.of(500, "Failed to write database", "pause of 'web'", SERVER)).isInstanceOf(UnavailableException.class);
        assertThat(LxdErrors.of(403, "not authorized", "list", SERVER)).isInstanceOf(UnavailableException.class)
                .hasMessageContaining("does not trust this console's certificate");
    }
}
