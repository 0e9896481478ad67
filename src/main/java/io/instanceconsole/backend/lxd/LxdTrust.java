package io.instanceconsole.backend.lxd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.instanceconsole.concurrent.ConsoleThreads;
import io.instanceconsole.domain.NotFoundException;
import io.instanceconsole.domain.PresentedHostKey;
import io.instanceconsole.domain.UnavailableException;
import io.instanceconsole.domain.UntrustedHostKeyException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

/**
 * Trust between the console and LXD servers over HTTPS, both ways: the server's certificate, pinned when the user
 * names its fingerprint (the same prompt and {@code instancectl connections trust} as ssh host keys) or brings a
 * trust token that names it; and the console's client certificate, enrolled with such a token ({@code lxc config
 * trust add} on the server; LXD 5.0 reads it from {@code password}, Incus from {@code trust_token}, so both are sent).
 * Nothing is pinned or enrolled unless the server answered as the user expected. Thread-safe.
 */
public final class LxdTrust {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final Path dataDirectory;
    private final ConsoleThreads threads;
    private final LxdSettings settings;
    private final ServerCertificates pins;

    public LxdTrust(Path dataDirectory, ConsoleThreads threads, LxdSettings settings) {
        this.dataDirectory = dataDirectory;
        this.threads = threads;
        this.settings = settings;
        this.pins = new ServerCertificates(dataDirectory);
    }

    /** Whether a connection URI is an LXD server over HTTPS (the only kind with a certificate to trust). */
    public static boolean isHttps(String uri) {
        return uri != null && uri.startsWith(LxdEndpoint.HTTPS + ":");
    }

    /** The certificate the server presents now, without trusting it. */
    public PresentedHostKey presented(String uri) {
        LxdEndpoint endpoint = https(uri);
        String fingerprint = withClient(endpoint, null, client -> {
            try {
                client.get("/1.0", "asking for the server's certificate");
            } catch (UntrustedHostKeyException e) {
                return e.presentedFingerprint();
            }
            return client.presentedCertificate().orElseThrow(() -> new UnavailableException(
                    "LXD at " + endpoint.server() + " presented no certificate"));
        });
        return new PresentedHostKey(endpoint.hostAndPort(), ServerCertificates.KEY_TYPE, fingerprint);
    }

    /** Pins the server's certificate if it has the fingerprint the user names; nothing is written otherwise. */
    public PresentedHostKey trust(String uri, String fingerprint) {
        PresentedHostKey presented = presented(uri);
        if (!ServerCertificates.same(presented.fingerprint(), fingerprint)) {
            throw new LxdOperationException("LXD at " + https(uri).server() + " presents " + presented.type() + " "
                    + presented.fingerprint() + ", not " + fingerprint.strip() + "; nothing was trusted");
        }
        pins.trust(presented.host(), presented.fingerprint());
        return presented;
    }

    /**
     * Enrols the console's client certificate with a trust token, pins the server certificate the token names, and
     * checks that the connection's project exists; returns the pinned certificate. Fails with one line and leaves
     * nothing pinned when the token is not a token, was used or expired, or the server is not the one it names.
     */
    public PresentedHostKey enrol(String uri, String token) {
        LxdEndpoint endpoint = https(uri);
        String vouched = serverFingerprintOf(token, endpoint);
        String pinned = withClient(endpoint, vouched, client -> {
            JsonNode server = client.get("/1.0", "enrolling");
            if (!"trusted".equals(server.path("auth").asText())) {
                Map<String, Object> request = new LinkedHashMap<>();
                request.put("type", "client");
                request.put("password", token.strip());
                request.put("trust_token", token.strip());
                try {
                    client.post("/1.0/certificates", request, "enrolling");
                } catch (UnavailableException | LxdOperationException e) {
                    throw new LxdOperationException("LXD at " + endpoint.server() + " refused the trust token (used"
                            + " already, expired or revoked?): " + e.getMessage().replaceFirst("^enrolling: ", ""));
                }
            }
            try {
                client.get("/1.0/projects/" + endpoint.project(), "project");
            } catch (NotFoundException e) {
                throw new LxdOperationException("LXD at " + endpoint.server() + " has no project '" + endpoint.project() + "'");
            }
            return client.presentedCertificate().orElse(vouched);
        });
        pins.trust(endpoint.hostAndPort(), pinned);
        return new PresentedHostKey(endpoint.hostAndPort(), ServerCertificates.KEY_TYPE, pinned);
    }

    /** The server certificate fingerprint a trust token names, in the console's form. */
    static String serverFingerprintOf(String token, LxdEndpoint endpoint) {
        JsonNode decoded;
        try {
            decoded = MAPPER.readTree(new String(Base64.getDecoder().decode(token.strip()), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | IOException e) {
            decoded = null;
        }
        String hex = decoded == null ? "" : decoded.path("fingerprint").asText();
        if (!hex.matches("[0-9a-fA-F]{64}") || decoded.path("secret").asText().isEmpty()) {
            throw new IllegalArgumentException("the token for " + endpoint.server() + " is not an LXD trust token"
                    + " (expected what `lxc config trust add` prints)");
        }
        return ServerCertificates.fromHex(hex);
    }

    private <T> T withClient(LxdEndpoint endpoint, String vouched, Function<LxdClient, T> work) {
        ExecutorService dispatch = threads.handOff("ic-lxd-trust", 4, ConsoleThreads.Priority.NORMAL);
        try (LxdClient client = LxdClient.create(endpoint, ClientIdentity.of(dataDirectory), pins, vouched, settings, dispatch)) {
            return work.apply(client);
        } finally {
            dispatch.shutdownNow();
        }
    }

    private static LxdEndpoint https(String uri) {
        LxdEndpoint endpoint = LxdEndpoint.parse(uri);
        if (endpoint.isUnix()) {
            throw new IllegalArgumentException("'" + uri + "' is a unix socket: its server has no certificate to trust"
                    + " and needs no token");
        }
        return endpoint;
    }
}
