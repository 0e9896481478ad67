package io.instanceconsole.domain;

import java.util.Locale;

/**
 * What an instance is to the person looking at it: a container or a virtual machine, whichever engine runs it (the
 * Kind column and the {@code kind:container} / {@code kind:vm} filter say this, not the engine's name).
 */
public enum Workload {
    CONTAINER("Container"),
    VM("VM");

    private final String label;

    Workload(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Lower-case key for the filter language: {@code container}, {@code vm}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Docker, Podman and LXD run containers (the LXD backend lists system containers only) and libvirt runs VMs. The simulator plays both, and says which by its image: a VM runs an
     * OS template ({@code debian-12-genericcloud}), a container an image reference with a tag or a registry path
     * ({@code nginx:1.27-alpine}, {@code minio/minio}).
     */
    public static Workload of(BackendKind kind, String image) {
        return switch (kind) {
            case DOCKER, PODMAN, LXD -> CONTAINER;
            case LIBVIRT -> VM;
            case SIMULATOR -> image != null && (image.contains(":") || image.contains("/")) ? CONTAINER : VM;
        };
    }
}
