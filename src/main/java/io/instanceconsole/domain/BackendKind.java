package io.instanceconsole.domain;

/** The kind of backend a connection talks to. */
public enum BackendKind {
    DOCKER("docker", "Docker"),
    LIBVIRT("libvirt", "libvirt"),
    SIMULATOR("simulator", "Simulator");

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

    public static BackendKind fromKey(String key) {
        for (BackendKind kind : values()) {
            if (kind.key.equalsIgnoreCase(key)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown backend kind '" + key + "' (expected docker, libvirt or simulator)");
    }
}
