package io.instanceconsole.backend.docker;

import com.github.dockerjava.transport.SSLConfig;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;

/**
 * The TLS settings of an endpoint that does not use TLS (a local or ssh-forwarded unix socket). docker-java asks
 * for a TLS context whatever the endpoint, and without one it takes the JVM's default, which reads and parses the
 * whole system trust store (some 150 certificates) at every start: a fifth of a second of instancectl's time on a
 * loaded machine (docs/decisions/0018-instancectl-per-call-cost.md). This context trusts no certificate at all, so
 * even if it were ever used, no TLS peer would be accepted. Immutable.
 */
final class NoTlsForSockets implements SSLConfig {
    static final NoTlsForSockets INSTANCE = new NoTlsForSockets();

    private NoTlsForSockets() {
    }

    @Override
    public SSLContext getSSLContext() throws KeyManagementException, NoSuchAlgorithmException {
        SSLContext context = SSLContext.getInstance("TLS");
        // no key and no trust manager (not null, which would mean the defaults): nothing is presented or trusted
        context.init(new KeyManager[0], new TrustManager[0], null);
        return context;
    }
}
