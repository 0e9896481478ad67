package io.instanceconsole.backend.lxd;

import io.instanceconsole.domain.UnavailableException;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

/**
 * The console's own client certificate for LXD servers over HTTPS: made once per data directory (EC P-384,
 * self-signed, ten years), kept as {@code DATA/lxd/client.crt} and {@code DATA/lxd/client.key}, the key readable by
 * its owner only ({@code 0600}) and never logged. Thread-safe (made under a process-wide lock).
 */
public final class ClientIdentity {
    private static final Object CREATING = new Object();
    private final Path certificateFile;
    private final Path keyFile;

    private ClientIdentity(Path dir) {
        this.certificateFile = dir.resolve("client.crt");
        this.keyFile = dir.resolve("client.key");
    }

    /** The identity of the data directory, made now if it has none. */
    public static ClientIdentity of(Path dataDirectory) {
        ClientIdentity identity = new ClientIdentity(dataDirectory.resolve("lxd"));
        synchronized (CREATING) {
            if (!Files.exists(identity.certificateFile) || !Files.exists(identity.keyFile)) {
                identity.create();
            }
        }
        return identity;
    }

    public X509Certificate certificate() {
        try (var in = Files.newInputStream(certificateFile)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | GeneralSecurityException e) {
            throw new UnavailableException("cannot read the console's LXD client certificate " + certificateFile + ": "
                    + e.getMessage(), e);
        }
    }

    /** Key managers that present this certificate to a server. */
    KeyManager[] keyManagers() {
        try {
            char[] none = new char[0];
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, none);
            store.setKeyEntry("client", privateKey(), none, new X509Certificate[]{certificate()});
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, none);
            return factory.getKeyManagers();
        } catch (IOException | GeneralSecurityException e) {
            throw new UnavailableException("cannot use the console's LXD client key " + keyFile + ": " + e.getMessage(), e);
        }
    }

    private PrivateKey privateKey() throws IOException, GeneralSecurityException {
        String pem = Files.readString(keyFile, StandardCharsets.US_ASCII);
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    private void create() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp384r1"), new SecureRandom());
            KeyPair pair = generator.generateKeyPair();
            Instant now = Instant.now();
            X500Name subject = new X500Name("CN=instance-console@" + hostName() + ",O=Instance Console");
            var builder = new JcaX509v3CertificateBuilder(subject, new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(3650))), subject,
                    pair.getPublic());
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA384withECDSA").build(pair.getPrivate())));
            PrivateFiles.write(keyFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), "the LXD client key to");
            PrivateFiles.write(certificateFile, pem("CERTIFICATE", certificate.getEncoded()), "the LXD client certificate to");
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new UnavailableException("cannot make the console's LXD client certificate in "
                    + certificateFile.getParent() + ": " + e.getMessage(), e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static String hostName() {
        String name = System.getenv("HOSTNAME");
        return name == null || name.isBlank() ? "localhost" : name;
    }
}
