package io.instanceconsole.domain;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A host presented an ssh host key (or a server certificate) the console does not trust, so nothing was sent to it.
 * Either the key is unknown (first contact: the user may check the fingerprint and trust it) or it differs from the
 * one trusted before (possibly an attack: refused, naming both fingerprints). Immutable.
 */
public final class UntrustedHostKeyException extends UnavailableException {
    private final String host;
    private final String keyType;
    private final String presented;
    private final String known;
    private final String knownWhere;

    /**
     * @param host       the host as the check names it ({@code lab1:2222})
     * @param keyType    the presented key's type ({@code ED25519})
     * @param presented  its fingerprint ({@code SHA256:…})
     * @param known      the fingerprint trusted before for this host, or null when the key is simply unknown
     * @param knownWhere where that trusted key is written ({@code /path/known_hosts:3}), or null
     */
    public UntrustedHostKeyException(String host, String keyType, String presented, String known, String knownWhere) {
        super(describe(requireNonNull(host, "host was not specified"), keyType,
                requireNonNull(presented, "presented was not specified"), known, knownWhere));
        this.host = host;
        this.keyType = keyType;
        this.presented = presented;
        this.known = known;
        this.knownWhere = knownWhere;
    }

    public String host() {
        return host;
    }

    public String keyType() {
        return keyType;
    }

    /** The fingerprint the host presents now: what {@code instancectl connections trust} takes. */
    public String presentedFingerprint() {
        return presented;
    }

    /** The fingerprint trusted before, or null for a first contact. */
    public String knownFingerprint() {
        return known;
    }

    public String knownWhere() {
        return knownWhere;
    }

    /** Whether the host's key changed since it was trusted (as opposed to never having been trusted). */
    public boolean changed() {
        return known != null;
    }

    /** What a host badge shows for a connection that failed with this exception's message. */
    public static Optional<String> badgeOf(String message) {
        if (message == null || !message.startsWith(PREFIX)) {
            return Optional.empty();
        }
        return Optional.of(message.contains(CHANGED) ? "host key changed" : "host key not trusted");
    }

    private static final String PREFIX = "the host key of ";
    private static final String CHANGED = " has CHANGED: ";

    private static String describe(String host, String keyType, String presented, String known, String knownWhere) {
        if (known == null) {
            return PREFIX + host + " is not trusted yet: " + keyType + " " + presented
                    + "; nothing was sent";
        }
        return PREFIX + host + CHANGED + "it presents " + keyType + " " + presented + ", but "
                + known + " was trusted" + (knownWhere == null ? "" : " (" + knownWhere + ")")
                + "; nothing was sent (this can be an attack: ask the host's administrator)";
    }
}
