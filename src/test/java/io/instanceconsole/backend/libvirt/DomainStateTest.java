package io.instanceconsole.backend.libvirt;

import io.instanceconsole.domain.InstanceStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DomainStateTest {

    @Test
    void pausedDomainsKeepLibvirtsReasonForTheTable() {
        assertThat(new DomainState(DomainState.PAUSED, 1).status()).isEqualTo(InstanceStatus.PAUSED);
        assertThat(new DomainState(DomainState.PAUSED, 1).reasonText()).isEqualTo("user");
        assertThat(new DomainState(DomainState.PAUSED, 5).reasonText()).isEqualTo("I/O error");
        assertThat(new DomainState(DomainState.PAUSED, 2).reasonText()).isEqualTo("migration");
        assertThat(new DomainState(DomainState.PAUSED, 0).reasonText()).isEqualTo("unknown");
        assertThat(new DomainState(DomainState.PAUSED, 99).reasonText()).isEqualTo("unknown");
        assertThat(new DomainState(DomainState.PAUSED, -1).reasonText()).isEqualTo("unknown");
    }

    @Test
    void everyLibvirtStateMapsToAConsoleStatus() {
        assertThat(new DomainState(DomainState.NOSTATE, 0).status()).isEqualTo(InstanceStatus.UNKNOWN);
        assertThat(new DomainState(DomainState.RUNNING, 1).status()).isEqualTo(InstanceStatus.RUNNING);
        assertThat(new DomainState(DomainState.BLOCKED, 0).status()).isEqualTo(InstanceStatus.RUNNING);
        assertThat(new DomainState(DomainState.SHUTDOWN, 1).status()).isEqualTo(InstanceStatus.RUNNING);
        assertThat(new DomainState(DomainState.SHUTOFF, 2).status()).isEqualTo(InstanceStatus.STOPPED);
        assertThat(new DomainState(DomainState.CRASHED, 1).status()).isEqualTo(InstanceStatus.ERROR);
        assertThat(new DomainState(DomainState.PMSUSPENDED, 0).status()).isEqualTo(InstanceStatus.PAUSED);
        assertThat(new DomainState(42, 0).status()).isEqualTo(InstanceStatus.UNKNOWN);
    }

    @Test
    void runningDomainsCarryNoReasonSoAResumeAndItsEventAgree() {
        assertThat(new DomainState(DomainState.RUNNING, 5).reasonText()).isEmpty();
        assertThat(new DomainState(DomainState.SHUTDOWN, 1).reasonText()).isEqualTo("shutting down");
        assertThat(new DomainState(DomainState.SHUTOFF, 2).reasonText()).isEqualTo("destroyed");
        assertThat(new DomainState(DomainState.CRASHED, 1).reasonText()).isEqualTo("panicked");
    }
}
