package io.instanceconsole.backend.lxd;

import javax.net.ssl.X509TrustManager;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * Accepts an LXD server's self-signed certificate only when its fingerprint is the one pinned for that server (or the
 * one a trust token names, while enrolling), and remembers what the server presented so that a refusal can name it.
 * Thread-safe.
 */
final class PinningTrustManager implements X509TrustManager {
    private final String hostAndPort;
    private final ServerCertificates pinned;
    private final String vouched;
    private volatile String presented;

    /**
     * @param vouched a fingerprint the user vouches for besides the pinned one (a trust token's), or null
     */
    PinningTrustManager(String hostAndPort, ServerCertificates pinned, String vouched) {
        this.hostAndPort = hostAndPort;
        this.pinned = pinned;
        this.vouched = vouched;
    }

    /** The fingerprint of the certificate the server presented last, if it presented one. */
    Optional<String> presented() {
        return Optional.ofNullable(presented);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the server presented no certificate");
        }
        String fingerprint = ServerCertificates.fingerprint(chain[0]);
        presented = fingerprint;
        if (!accepts(fingerprint)) {
            throw new CertificateException("the certificate of " + hostAndPort + " (" + fingerprint + ") is not trusted");
        }
    }

    /** Whether a certificate of this fingerprint is trusted for the server (pinned, or vouched for). */
    boolean accepts(String fingerprint) {
        Optional<String> trusted = pinned.trusted(hostAndPort);
        return trusted.isPresent() && ServerCertificates.same(trusted.get(), fingerprint)
                || vouched != null && ServerCertificates.same(vouched, fingerprint);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a client of the console's is never checked");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
