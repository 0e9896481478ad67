package io.instanceconsole.domain;

import java.time.Instant;
import java.util.Objects;

import static java.util.Objects.requireNonNull;

/**
 * Snapshot of one container or virtual machine as last observed. Immutable and thread-safe.
 *
 * @param key          connection and backend id
 * @param name         display name (container name, domain name)
 * @param kind         backend kind
 * @param image        image (Docker) or template/OS (libvirt); may be empty
 * @param status       observed status
 * @param statusReason why the backend says it is in that status (libvirt pause reason, Docker exit code); may be empty
 * @param created      creation time; may be null when the backend does not say
 * @param lastSeen     when this snapshot was observed on the backend
 * @param location     the cluster member that runs it (LXD clusters); empty where the host is not a cluster
 */
public record Instance(InstanceKey key, String name, BackendKind kind, String image, InstanceStatus status,
                       String statusReason, Instant created, Instant lastSeen, String location) {

    public Instance {
        requireNonNull(key, "key was not specified");
        requireNonNull(name, "name was not specified");
        requireNonNull(kind, "kind was not specified");
        requireNonNull(status, "status was not specified");
        requireNonNull(lastSeen, "lastSeen was not specified");
        image = image == null ? "" : image;
        statusReason = statusReason == null ? "" : statusReason;
        location = location == null ? "" : location;
    }

    /** An instance of a host that is not a cluster (no location). */
    public Instance(InstanceKey key, String name, BackendKind kind, String image, InstanceStatus status,
                    String statusReason, Instant created, Instant lastSeen) {
        this(key, name, kind, image, status, statusReason, created, lastSeen, "");
    }

    /** The start of a {@link #statusReason} that says the status is the last one known, not one observed now. */
    public static final String LAST_KNOWN = "last known: ";

    /** Whether the backend could not observe this instance now and reports its last known state. */
    public boolean isLastKnown() {
        return statusReason.startsWith(LAST_KNOWN);
    }

    public String connectionId() {
        return key.connectionId();
    }

    public String id() {
        return key.instanceId();
    }

    /** The Host column's words: the connection's name, and the cluster member after a slash where there is one. */
    public String hostLabel(String connectionName) {
        return location.isEmpty() ? connectionName : connectionName + "/" + location;
    }

    /** A container or a VM (the simulator plays both; see {@link Workload#of}). */
    public Workload workload() {
        return Workload.of(kind, image);
    }

    /**
     * The Kind column's words: Container or VM, or the engine's name where it is not the one a connection's kind
     * already says (Podman, reached through a Docker connection).
     */
    public String kindLabel() {
        return kind == BackendKind.PODMAN ? kind.label() : workload().label();
    }

    public Instance withStatus(InstanceStatus newStatus, String reason, Instant seen) {
        return new Instance(key, name, kind, image, newStatus, reason, created, seen, location);
    }

    /** Whether the two snapshots differ in anything but the time they were seen. */
    public boolean differsFrom(Instance other) {
        // the kind too: rows cached as Docker before the console told Podman apart are rewritten by the next listing
        return other == null || !name.equals(other.name) || kind != other.kind || status != other.status
                || !statusReason.equals(other.statusReason) || !image.equals(other.image)
                || !Objects.equals(created, other.created) || !location.equals(other.location);
    }
}
