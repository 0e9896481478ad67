package io.instanceconsole.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The words the domain types put on screen and in the CLI (status and kind labels, the stats cells) and the small
 * rules behind them (which journal states are settled, which backend kind a key names).
 */
class DomainTextsTest {
    @ParameterizedTest(name = "{0} is labelled {1}")
    @CsvSource({"CREATED, Created", "RUNNING, Running", "PAUSED, Paused", "RESTARTING, Restarting", "UNKNOWN, Unknown"})
    void aStatusIsLabelledByItsCapitalisedKey(InstanceStatus status, String label) {
        assertThat(status.label()).isEqualTo(label);
        assertThat(status.key()).isEqualTo(label.toLowerCase(Locale.ROOT));
    }

    @Test
    void aBackendKindHasAKeyForTheStoreAndALabelForPeople() {
        assertThat(BackendKind.DOCKER.label()).isEqualTo("Docker");
        assertThat(BackendKind.LIBVIRT.label()).isEqualTo("libvirt");
        assertThat(BackendKind.SIMULATOR.label()).isEqualTo("Simulator");
        assertThat(BackendKind.fromKey("Docker")).isEqualTo(BackendKind.DOCKER);
        assertThat(BackendKind.fromKey("libvirt")).isEqualTo(BackendKind.LIBVIRT);
        assertThat(BackendKind.PODMAN.label()).isEqualTo("Podman");
        assertThatThrownBy(() -> BackendKind.fromKey("rkt"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown backend kind 'rkt' (expected docker, libvirt, simulator, lxd or podman)");
    }

    /** Only PENDING and UNKNOWN are left for the settler; every other state is an outcome. */
    @ParameterizedTest
    @EnumSource(OperationState.class)
    void onlyPendingAndUnknownOperationsAreUnsettled(OperationState state) {
        boolean unsettled = state == OperationState.PENDING || state == OperationState.UNKNOWN;
        assertThat(state.isSettled()).isEqualTo(!unsettled);
    }

    @Test
    void cpuIsShownInPercentOfOneCoreOrAsNotKnownYet() {
        assertThat(new InstanceStats(-1, 0, 0).cpuText()).isEqualTo("…");
        assertThat(new InstanceStats(-0.01, 0, 0).cpuText()).isEqualTo("…");
        assertThat(new InstanceStats(0, 0, 0).cpuText()).isEqualTo("0.0 %");
        assertThat(new InstanceStats(12.46, 0, 0).cpuText()).isEqualTo("12.5 %");
        assertThat(new InstanceStats(200, 0, 0).cpuText()).isEqualTo("200.0 %");
    }

    @Test
    void memoryIsShownInKibibytesBelowOneMebibyteMebibytesBelowOneGibibyteAndAgainstItsLimitWhenThereIsOne() {
        long mib = 1L << 20;
        long gib = 1L << 30;
        assertThat(new InstanceStats(0, 256 * mib, 0).memoryText()).isEqualTo("256 MiB");
        assertThat(new InstanceStats(0, 256 * mib + mib / 2, 0).memoryText()).isEqualTo("256 MiB");
        assertThat(new InstanceStats(0, gib - 1, 0).memoryText()).isEqualTo("1023 MiB");
        assertThat(new InstanceStats(0, gib, 0).memoryText()).isEqualTo("1.0 GiB");
        assertThat(new InstanceStats(0, 3 * gib / 2, 0).memoryText()).isEqualTo("1.5 GiB");
        assertThat(new InstanceStats(0, 256 * mib, gib).memoryText()).isEqualTo("256 MiB / 1.0 GiB");
        assertThat(new InstanceStats(0, 256 * mib, 512 * mib).memoryText()).isEqualTo("256 MiB / 512 MiB");
        assertThat(new InstanceStats(0, 0, 1).memoryText()).isEqualTo("0 KiB / 0 KiB");
        assertThat(new InstanceStats(0, 400 * 1024, 0).memoryText()).isEqualTo("400 KiB");
        assertThat(new InstanceStats(0, mib - 1, 0).memoryText()).isEqualTo("1023 KiB");
        assertThat(new InstanceStats(0, mib, 0).memoryText()).isEqualTo("1 MiB");
    }
}
