package io.instanceconsole.domain;

import static java.util.Objects.requireNonNull;

/**
 * A configured backend endpoint. Immutable and thread-safe.
 *
 * @param id       stable id (used as the key of its instances)
 * @param name     unique display name
 * @param kind     backend kind
 * @param uri      endpoint ({@code unix:///var/run/docker.sock}, {@code qemu:///system}, {@code sim://default})
 * @param tlsDir   Docker TLS certificate directory, or empty
 * @param readOnly refuse every mutating action
 * @param enabled  whether the console connects to it
 */
public record Connection(String id, String name, BackendKind kind, String uri, String tlsDir, boolean readOnly,
                         boolean enabled) {
    public Connection {
        requireNonNull(id, "id was not specified");
        requireNonNull(name, "name was not specified");
        requireNonNull(kind, "kind was not specified");
        requireNonNull(uri, "uri was not specified");
        if (!kind.isConnectionKind()) {
            throw new IllegalArgumentException("connection '" + name + "': " + kind.label() + " is reached through its"
                    + " Docker-compatible socket; add it as a Docker connection (e.g. unix:///run/podman/podman.sock)");
        }
        tlsDir = tlsDir == null ? "" : tlsDir;
    }
}
