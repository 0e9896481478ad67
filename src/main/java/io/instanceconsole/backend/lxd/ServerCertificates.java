package io.instanceconsole.backend.lxd;

import io.instanceconsole.domain.UnavailableException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The LXD server certificates the user trusted, by {@code host:port}, in {@code DATA/lxd/servers} (one
 * {@code host:port SHA256:…} line each). A certificate is pinned only after the user named its fingerprint, or
 * brought a trust token that names it. Fingerprints are written as ssh writes host keys' ({@code SHA256:} and the
 * unpadded base64 of the SHA-256 of the DER certificate), so the console has one way of showing and trusting them.
 * Thread-safe.
 */
public final class ServerCertificates {
    public static final String KEY_TYPE = "TLS certificate";
    private final Path file;

    public ServerCertificates(Path dataDirectory) {
        this.file = dataDirectory.resolve("lxd").resolve("servers");
    }

    public Path file() {
        return file;
    }

    /** The fingerprint trusted for the server, if any. */
    public synchronized Optional<String> trusted(String hostAndPort) {
        return read().stream().filter(l -> l.startsWith(hostAndPort + " ")).map(l -> l.substring(hostAndPort.length() + 1).strip())
                .findFirst();
    }

    /** Pins the fingerprint for the server, replacing the one trusted before. */
    public synchronized void trust(String hostAndPort, String fingerprint) {
        List<String> lines = new ArrayList<>();
        for (String line : read()) {
            if (!line.startsWith(hostAndPort + " ")) {
                lines.add(line);
            }
        }
        lines.add(hostAndPort + " " + fingerprint);
        PrivateFiles.write(file, String.join("\n", lines) + "\n", "the trusted LXD server certificates to");
    }

    /** {@code SHA256:} and the unpadded base64 of the certificate's SHA-256. */
    public static String fingerprint(X509Certificate certificate) {
        try {
            return fromDigest(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot take the fingerprint of " + certificate.getSubjectX500Principal(), e);
        }
    }

    /** The console's form of a fingerprint LXD writes in hexadecimal (trust tokens, {@code lxc config trust list}). */
    public static String fromHex(String hex) {
        return fromDigest(HexFormat.of().parseHex(hex.strip()));
    }

    /** Whether two fingerprints are the same, with or without the {@code SHA256:} prefix and padding. */
    public static boolean same(String a, String b) {
        return normal(a).equals(normal(b));
    }

    private static String normal(String fingerprint) {
        String f = fingerprint.strip();
        if (f.regionMatches(true, 0, "SHA256:", 0, 7)) {
            f = f.substring(7);
        }
        return f.replaceAll("=+$", "");
    }

    private static String fromDigest(byte[] digest) {
        return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    }

    private List<String> read() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UnavailableException("cannot read the trusted LXD server certificates in " + file + ": " + e.getMessage(), e);
        }
    }
}
