package io.instanceconsole.domain;

import java.util.Arrays;
import java.util.List;

/**
 * The kind of backend a connection talks to, and the engine an instance runs on. Every kind but {@link #PODMAN} is
 * also a kind of connection: Podman is reached through its Docker-compatible socket as a {@link #DOCKER} connection,
 * and only its instances say {@code PODMAN} (the engine's version answer tells them apart).
 */
public enum BackendKind {
    DOCKER("docker", "Docker"),
    LIBVIRT("libvirt", "libvirt"),
    SIMULATOR("simulator", "Simulator"),
    /** An LXD server or cluster (or Incus: the same {@code /1.0} REST API), through its unix socket or HTTPS. */
    LXD("lxd", "LXD"),
    /** Containers of a Podman engine, reached through a Docker connection; never a connection's kind. */
    PODMAN("podman", "Podman");

    private final String key;
    private final String label;

    BackendKind(String key, String label) {
        this.key = key;
        this.label = label;
    }

    /** Stable lower-case key used in the store, the CLI and JSON. */
    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    /** Whether a connection can be of this kind: every kind but {@link #PODMAN}. */
    public boolean isConnectionKind() {
        return this != PODMAN;
    }

    /** The kinds a connection can have, in their usual order (the Connections form offers these). */
    public static List<BackendKind> connectionKinds() {
        return Arrays.stream(values()).filter(BackendKind::isConnectionKind).toList();
    }

    public static BackendKind fromKey(String key) {
        for (BackendKind kind : values()) {
            if (kind.key.equalsIgnoreCase(key)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown backend kind '" + key + "' (expected docker, libvirt, simulator, lxd or podman)");
    }
}
