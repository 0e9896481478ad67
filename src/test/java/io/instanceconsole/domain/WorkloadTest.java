package io.instanceconsole.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void podmanContainersSayPodmanInTheKindColumnAndAreFoundAsPodmanAndAsContainers() {
        Instance podman = instance(BackendKind.PODMAN, "web", "localhost/nginx:1.27");
        Instance docker = instance(BackendKind.DOCKER, "web", "nginx:1.27");

        assertThat(podman.kindLabel()).isEqualTo("Podman");
        assertThat(docker.kindLabel()).isEqualTo("Container");
        assertThat(instance(BackendKind.LIBVIRT, "vm", "").kindLabel()).isEqualTo("VM");
        assertThat(podman.workload()).isEqualTo(Workload.CONTAINER);
        assertThat(InstanceQuery.parse("kind:podman").matches(podman, "pm")).isTrue();
        assertThat(InstanceQuery.parse("kind:podman").matches(docker, "Docker")).isFalse();
        assertThat(InstanceQuery.parse("kind:container").matches(podman, "pm")).isTrue();
    }

    @Test
    void podmanIsAnInstancesEngineNeverAConnectionsKind() {
        assertThat(BackendKind.connectionKinds()).containsExactly(BackendKind.DOCKER, BackendKind.LIBVIRT,
                BackendKind.SIMULATOR, BackendKind.LXD);
        assertThat(BackendKind.fromKey("podman")).isEqualTo(BackendKind.PODMAN);
        assertThatThrownBy(() -> new Connection("id", "pm", BackendKind.PODMAN, "unix:///run/podman/podman.sock", "",
                false, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("connection 'pm': Podman is reached through its Docker-compatible socket; add it as a"
                        + " Docker connection (e.g. unix:///run/podman/podman.sock)");
    }

    @Test
    void aRowCachedAsDockerDiffersFromThePodmanListingOfTheSameContainer() {
        Instance cached = instance(BackendKind.DOCKER, "web", "localhost/nginx:1.27");
        Instance listed = instance(BackendKind.PODMAN, "web", "localhost/nginx:1.27");

        assertThat(listed.differsFrom(cached)).isTrue();
        assertThat(listed.differsFrom(instance(BackendKind.PODMAN, "web", "localhost/nginx:1.27"))).isFalse();
    }
}
