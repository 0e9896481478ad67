package io.instanceconsole.backend.docker;

import com.github.dockerjava.core.util.CertificateUtils;
import com.github.dockerjava.transport.SSLConfig;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.security.Security;
import java.security.cert.Certificate;
import java.time.Duration;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mutual TLS to one Docker Engine from a TLS directory ({@code ca.pem}, {@code cert.pem}, {@code key.pem}, as the
 * docker CLI lays it out), with refusals that name the file or the host: the client certificate's dates are checked
 * before connecting, the server's certificate is checked against {@code ca.pem} and against the host the URI names,
 * and a TLS alert from the engine is told as the engine refusing {@code cert.pem}. Immutable and thread-safe.
 *
 * @implNote Replaces docker-java's {@code LocalDirectorySSLConfig} (whose refusals say "unable to find valid
 * certification path to requested target" and name neither file nor host) and reuses its PEM reading. The server
 * check wraps the JDK's PKIX trust manager: the chain is validated by the JDK, then the host name is matched here
 * (IP literal against IP subjectAltNames; a name against DNS subjectAltNames with a left-most wildcard, else the
 * CN), as httpclient5's own verifier does afterwards anyway.
 */
public final class DockerTls implements SSLConfig {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final Pattern ALERT = Pattern.compile("(?i)received fatal alert: ([a-z_]+)");

    private final DockerEndpoint endpoint;
    private final Path caFile;
    private final Path certFile;
    private final X509Certificate clientCertificate;
    private final SSLContext context;

    private DockerTls(DockerEndpoint endpoint, X509Certificate clientCertificate, SSLContext context) {
        this.endpoint = endpoint;
        this.caFile = endpoint.tlsDir().resolve("ca.pem");
        this.certFile = endpoint.tlsDir().resolve("cert.pem");
        this.clientCertificate = clientCertificate;
        this.context = context;
    }

    /**
     * Reads the TLS directory of a TLS endpoint and checks the client certificate's dates against {@code clock}.
     *
     * @throws DockerEndpointException naming the file that cannot be used and why (unreadable, not PEM, expired,
     *                                 not yet valid)
     */
    public static DockerTls load(DockerEndpoint endpoint, Clock clock) {
        if (!endpoint.usesTls()) {
            throw new IllegalArgumentException(endpoint + " has no TLS directory");
        }
        Path dir = endpoint.tlsDir();
        Path ca = dir.resolve("ca.pem");
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        List<X509Certificate> authorities = certificates(ca, "CA file", endpoint);
        X509Certificate client = certificates(cert, "client certificate", endpoint).get(0);
        checkDates(client, cert, endpoint, clock.instant());
        try {
            // docker-java's PEM reading asks for the "BC" provider by name, as its own LocalDirectorySSLConfig does
            synchronized (DockerTls.class) {
                if (Security.getProvider("BC") == null) {
                    Security.addProvider(new BouncyCastleProvider());
                }
            }
            KeyStore keys = CertificateUtils.createKeyStore(read(key), read(cert));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, "docker".toCharArray());
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            for (int i = 0; i < authorities.size(); i++) {
                trusted.setCertificateEntry("ca-" + i, authorities.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            X509ExtendedTrustManager pkix = null;
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) {
                    pkix = x;
                }
            }
            if (pkix == null) {
                throw new GeneralSecurityException("the JDK offers no X.509 trust manager");
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), new TrustManager[]{new ServerCheck(pkix, endpoint, ca)}, null);
            return new DockerTls(endpoint, client, context);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new DockerEndpointException("cannot use the client key " + key + " with " + cert + " for " + endpoint
                    + ": " + DockerErrors.oneLine(String.valueOf(e.getMessage())), e);
        }
    }

    @Override
    public SSLContext getSSLContext() {
        return context;
    }

    /** The client certificate this endpoint presents. */
    public X509Certificate clientCertificate() {
        return clientCertificate;
    }

    /**
     * The refusal a failure to connect amounts to, if it is one: a check of ours on the server's certificate, or a
     * TLS alert from the engine (which refuses our client certificate with {@code bad_certificate} and the like).
     */
    Optional<String> refusal(Throwable failure) {
        Optional<String> ours = ownRefusal(failure);
        if (ours.isPresent()) {
            return ours;
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SSLException && t.getMessage() != null) {
                Matcher alert = ALERT.matcher(t.getMessage());
                if (alert.find()) {
                    return Optional.of(alertMessage(alert.group(1)));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Why connecting failed, when TLS is why: {@link #refusal} of the failure, else, for an I/O failure, what a fresh
     * handshake shows. With TLS 1.3 the engine checks the client certificate after the client has finished its side
     * of the handshake, so its alert can come after the request was written and the client sees only "Broken pipe"
     * or "Connection reset"; the fresh handshake sends no request and waits (up to {@code timeout}, at most 2 s) for
     * that alert.
     */
    Optional<String> explain(Throwable failure, Duration timeout) {
        Optional<String> known = refusal(failure);
        if (known.isPresent() || !DockerErrors.isIoFailure(failure)) {
            return known;
        }
        int millis = (int) Math.max(100, Math.min(2000, timeout.toMillis()));
        String host = endpoint.uri().getHost();
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress(host, endpoint.uri().getPort()), millis);
            socket.setSoTimeout(millis);
            socket.startHandshake();
            socket.getInputStream().read();
            return Optional.empty();
        } catch (SocketTimeoutException quiet) {
            return Optional.empty(); // the handshake held: the engine waits for a request, TLS is not the problem
        } catch (IOException e) {
            return refusal(e);
        }
    }

    /** The message of a refusal made by {@link ServerCheck}, wherever it is in the cause chain. */
    static Optional<String> ownRefusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof Refusal refusal) {
                return Optional.of(refusal.getMessage());
            }
        }
        return Optional.empty();
    }

    private String alertMessage(String alert) {
        String host = hostAndPort();
        String dates = " (valid " + WHEN.format(clientCertificate.getNotBefore().toInstant()) + " to "
                + WHEN.format(clientCertificate.getNotAfter().toInstant()) + ")";
        return switch (alert.toLowerCase(Locale.ROOT)) {
            case "certificate_expired" -> "the engine at " + host + " refused the client certificate " + certFile
                    + " as expired" + dates + " (TLS alert certificate_expired)";
            case "unknown_ca", "bad_certificate", "certificate_unknown", "unsupported_certificate",
                 "certificate_required", "access_denied", "decrypt_error" -> "the engine at " + host
                    + " refused the client certificate " + certFile + dates + ": it was not issued by a CA the engine"
                    + " trusts, has expired by the engine's clock, or is not for client authentication"
                    + " (TLS alert " + alert + ")";
            case "handshake_failure", "protocol_version", "insufficient_security" -> "the engine at " + host
                    + " and this console share no TLS version or cipher (TLS alert " + alert + ")";
            default -> "the engine at " + host + " ended the TLS handshake with alert " + alert + " (client certificate "
                    + certFile + ")";
        };
    }

    private String hostAndPort() {
        return hostAndPort(endpoint);
    }

    private static String hostAndPort(DockerEndpoint endpoint) {
        return endpoint.uri().getHost() + ":" + endpoint.uri().getPort();
    }

    /** Raised by {@link ServerCheck}: its message is the whole refusal. */
    static final class Refusal extends CertificateException {
        Refusal(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The JDK's PKIX check of the server's chain against ca.pem, then the host name, each refusal naming its subject. */
    private static final class ServerCheck extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager pkix;
        private final DockerEndpoint endpoint;
        private final Path caFile;

        ServerCheck(X509ExtendedTrustManager pkix, DockerEndpoint endpoint, Path caFile) {
            this.pkix = pkix;
            this.endpoint = endpoint;
            this.caFile = caFile;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            check(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            check(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain, authType);
        }

        private void check(X509Certificate[] chain, String authType) throws CertificateException {
            String host = endpoint.uri().getHost();
            String of = "server certificate of " + hostAndPort(endpoint);
            if (chain == null || chain.length == 0) {
                throw new Refusal(of + " was not sent", null);
            }
            X509Certificate leaf = chain[0];
            try {
                pkix.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                Instant now = Instant.now();
                if (leaf.getNotAfter().toInstant().isBefore(now)) {
                    throw new Refusal(of + " (" + leaf.getSubjectX500Principal().getName() + ") expired on "
                            + WHEN.format(leaf.getNotAfter().toInstant()), e);
                }
                if (leaf.getNotBefore().toInstant().isAfter(now)) {
                    throw new Refusal(of + " (" + leaf.getSubjectX500Principal().getName() + ") is not valid before "
                            + WHEN.format(leaf.getNotBefore().toInstant()), e);
                }
                throw new Refusal(of + " is not signed by the CA in " + caFile + " (it was issued by "
                        + chain[chain.length - 1].getIssuerX500Principal().getName() + ")", e);
            }
            List<String> names = names(leaf);
            if (!HostNames.matches(host, leaf)) {
                throw new Refusal(of + " is not for '" + host + "', the host in " + endpoint + ": it names "
                        + (names.isEmpty() ? "no host" : String.join(", ", names)), null);
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            pkix.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            pkix.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            pkix.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return pkix.getAcceptedIssuers();
        }
    }

    /** The names a certificate holds, as openssl prints them: {@code IP:127.0.0.1}, {@code DNS:host}, else its CN. */
    static List<String> names(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        for (List<?> san : subjectAltNames(certificate)) {
            int type = (Integer) san.get(0);
            if (type == 2) {
                names.add("DNS:" + san.get(1));
            } else if (type == 7) {
                names.add("IP:" + san.get(1));
            }
        }
        if (names.stream().noneMatch(n -> n.startsWith("DNS:"))) {
            HostNames.commonName(certificate).ifPresent(cn -> names.add("CN " + cn));
        }
        return names;
    }

    static Collection<List<?>> subjectAltNames(X509Certificate certificate) {
        try {
            Collection<List<?>> all = certificate.getSubjectAlternativeNames();
            return all == null ? List.of() : all;
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }

    /** Host-name matching as RFC 6125 says and httpclient5 does. */
    static final class HostNames {
        private HostNames() {
        }

        static boolean matches(String host, X509Certificate certificate) {
            String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            boolean ip = isIpLiteral(h);
            List<String> dns = new ArrayList<>();
            for (List<?> san : subjectAltNames(certificate)) {
                int type = (Integer) san.get(0);
                String value = String.valueOf(san.get(1));
                if (ip && type == 7 && sameAddress(h, value)) {
                    return true;
                }
                if (type == 2) {
                    dns.add(value);
                }
            }
            if (ip) {
                return false;
            }
            if (dns.isEmpty()) {
                return commonName(certificate).map(cn -> dnsMatches(h, cn)).orElse(false);
            }
            return dns.stream().anyMatch(d -> dnsMatches(h, d));
        }

        static boolean dnsMatches(String host, String pattern) {
            String hst = trimDot(host.toLowerCase(Locale.ROOT));
            String pat = trimDot(pattern.toLowerCase(Locale.ROOT));
            if (pat.startsWith("*.")) {
                int dot = hst.indexOf('.');
                return dot > 0 && hst.substring(dot).equals(pat.substring(1)) && pat.indexOf('.', 2) > 0;
            }
            return hst.equals(pat);
        }

        static Optional<String> commonName(X509Certificate certificate) {
            try {
                LdapName dn = new LdapName(certificate.getSubjectX500Principal().getName());
                for (int i = dn.getRdns().size() - 1; i >= 0; i--) {
                    Rdn rdn = dn.getRdns().get(i);
                    if (rdn.getType().equalsIgnoreCase("CN")) {
                        return Optional.of(String.valueOf(rdn.getValue()));
                    }
                }
            } catch (InvalidNameException e) {
                return Optional.empty();
            }
            return Optional.empty();
        }

        private static String trimDot(String name) {
            return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        }

        private static boolean isIpLiteral(String host) {
            return host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        }

        private static boolean sameAddress(String a, String b) {
            try {
                // literals only: getByName does no lookup for them
                return InetAddress.getByName(a).equals(InetAddress.getByName(b));
            } catch (UnknownHostException e) {
                return false;
            }
        }
    }

    private static List<X509Certificate> certificates(Path file, String what, DockerEndpoint endpoint) {
        List<X509Certificate> all = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                if (c instanceof X509Certificate x) {
                    all.add(x);
                }
            }
        } catch (IOException | CertificateException e) {
            throw new DockerEndpointException("cannot read the " + what + " " + file + " for " + endpoint + ": "
                    + DockerErrors.oneLine(String.valueOf(e.getMessage())), e);
        }
        if (all.isEmpty()) {
            throw new DockerEndpointException("the " + what + " " + file + " for " + endpoint + " holds no PEM"
                    + " certificate");
        }
        return all;
    }

    private static void checkDates(X509Certificate client, Path file, DockerEndpoint endpoint, Instant now) {
        Instant notAfter = client.getNotAfter().toInstant();
        Instant notBefore = client.getNotBefore().toInstant();
        if (now.isAfter(notAfter)) {
            throw new DockerEndpointException("client certificate " + file + " expired on " + WHEN.format(notAfter)
                    + "; the engine at " + endpoint + " would refuse it: renew it");
        }
        if (now.isBefore(notBefore)) {
            throw new DockerEndpointException("client certificate " + file + " is not valid before "
                    + WHEN.format(notBefore) + "; the engine at " + endpoint + " would refuse it (is this clock right?)");
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.US_ASCII);
    }
}
