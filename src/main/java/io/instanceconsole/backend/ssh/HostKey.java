package io.instanceconsole.backend.ssh;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * One line of a known_hosts file: the host pattern, the key's algorithm and its public key (base64). Immutable.
 *
 * @param hosts     the host field as ssh wrote it ({@code [127.0.1.1]:2222}, possibly hashed)
 * @param algorithm {@code ssh-ed25519}, {@code ecdsa-sha2-nistp256}, {@code ssh-rsa}…
 * @param key       the public key blob, base64
 */
public record HostKey(String hosts, String algorithm, String key) {

    /** Parses a known_hosts line; blank lines, comments and {@code @cert-authority}/{@code @revoked} lines give none. */
    public static Optional<HostKey> parse(String line) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("@")) {
            return Optional.empty();
        }
        String[] parts = trimmed.split("\\s+");
        if (parts.length < 3) {
            return Optional.empty();
        }
        try {
            Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.of(new HostKey(parts[0], parts[1], parts[2]));
    }

    /** The fingerprint as {@code ssh-keygen -l} and ssh's prompt show it: {@code SHA256:} and unpadded base64. */
    public String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Base64.getDecoder().decode(key));
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }

    /** The type as ssh names it in messages: {@code ED25519}, {@code ECDSA}, {@code RSA}. */
    public String type() {
        String a = algorithm.toLowerCase(Locale.ROOT);
        if (a.contains("ed25519")) {
            return "ED25519";
        }
        if (a.contains("ecdsa")) {
            return "ECDSA";
        }
        if (a.contains("rsa")) {
            return "RSA";
        }
        return algorithm.toUpperCase(Locale.ROOT);
    }

    /** The line to write into a known_hosts file. */
    public String line() {
        return hosts + " " + algorithm + " " + key;
    }

    /** Whether two fingerprints name the same key; accepts them with or without the {@code SHA256:} prefix. */
    public static boolean sameFingerprint(String a, String b) {
        return strip(a).equals(strip(b));
    }

    private static String strip(String fingerprint) {
        String f = fingerprint.strip();
        f = f.regionMatches(true, 0, "SHA256:", 0, 7) ? f.substring(7) : f;
        while (f.endsWith("=")) {
            f = f.substring(0, f.length() - 1);
        }
        return f;
    }
}
