package io.instanceconsole.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Container or VM, whichever engine runs it: the Kind column and the kind:vm / kind:container filter. */
class WorkloadTest {
    private static Instance instance(BackendKind kind, String name, String image) {
        return new Instance(new InstanceKey("c1", name), name, kind, image, InstanceStatus.RUNNING, "", null, Instant.EPOCH);
    }

    @Test
    void dockerRunsContainersLibvirtRunsVmsAndTheSimulatorSaysByItsImage() {
        assertThat(instance(BackendKind.DOCKER, "web", "nginx").workload()).isEqualTo(Workload.CONTAINER);
        assertThat(instance(BackendKind.LIBVIRT, "vm", "").workload()).isEqualTo(Workload.VM);
        assertThat(instance(BackendKind.SIMULATOR, "web-frontend-1", "nginx:1.27-alpine").workload()).isEqualTo(Workload.CONTAINER);
        assertThat(instance(BackendKind.SIMULATOR, "ci-cache-1", "minio/minio:RELEASE.2024-09").workload()).isEqualTo(Workload.CONTAINER);
        assertThat(instance(BackendKind.SIMULATOR, "dev-vm-debian-1", "debian-12-genericcloud").workload()).isEqualTo(Workload.VM);
        assertThat(Workload.VM.label()).isEqualTo("VM");
        assertThat(Workload.CONTAINER.label()).isEqualTo("Container");
    }

    @Test
    void theKindFacetTakesContainerAndVmBesideTheEngines() {
        Instance vm = instance(BackendKind.SIMULATOR, "dev-vm-debian-1", "debian-12-genericcloud");
        Instance container = instance(BackendKind.DOCKER, "web", "nginx:1.27");

        assertThat(InstanceQuery.parse("kind:vm").matches(vm, "Simulator")).isTrue();
        assertThat(InstanceQuery.parse("kind:vm").matches(container, "Docker")).isFalse();
        assertThat(InstanceQuery.parse("kind:Container").matches(container, "Docker")).isTrue();
        assertThat(InstanceQuery.parse("kind:docker").matches(container, "Docker")).isTrue();
        assertThat(InstanceQuery.parse("-kind:vm").matches(vm, "Simulator")).isFalse();
    }
}
