package io.instanceconsole.backend.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates for the mutual-TLS tests, made with the machine's {@code openssl} in a directory: a CA, a server
 * certificate for {@code IP:127.0.0.1} only, a client certificate ({@code extendedKeyUsage=clientAuth}), an expired
 * client certificate and a second, unrelated CA with a client certificate of its own. Each client set is a TLS
 * directory as the docker CLI and the console expect it ({@code ca.pem}, {@code cert.pem}, {@code key.pem}).
 *
 * <p>The expired certificate: {@code openssl x509 -days} cannot be negative and {@code -not_after} needs OpenSSL 3.4
 * (Debian 12 has 3.0), so it is issued with {@code openssl ca -startdate 20200101000000Z -enddate 20200102000000Z}
 * from a throw-away CA database.
 */
public record TestCertificates(Path root, Path caFile, Path serverCert, Path serverKey, Path good, Path wrongCa,
                               Path expired, Path foreignClient) {

    public static TestCertificates create(Path root) {
        try {
            Files.createDirectories(root);
            Path ca = root.resolve("ca");
            Path other = root.resolve("other-ca");
            Files.createDirectories(ca);
            Files.createDirectories(other);
            openssl(root, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca/ca-key.pem", "-out", "ca/ca.pem",
                    "-days", "30", "-subj", "/CN=Instance Console Test CA");
            openssl(root, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other-ca/ca-key.pem", "-out",
                    "other-ca/ca.pem", "-days", "30", "-subj", "/CN=Unrelated Test CA");

            // server: IP:127.0.0.1 only, so tcp://localhost:PORT is a host-name mismatch
            Path server = root.resolve("server");
            Files.createDirectories(server);
            Files.writeString(server.resolve("ext.cnf"), "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
            openssl(root, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server/key.pem", "-out", "server/req.csr",
                    "-subj", "/CN=127.0.0.1");
            openssl(root, "x509", "-req", "-in", "server/req.csr", "-CA", "ca/ca.pem", "-CAkey", "ca/ca-key.pem",
                    "-CAcreateserial", "-out", "server/cert.pem", "-days", "30", "-extfile", "server/ext.cnf");

            Path good = clientDir(root, "good", "ca/ca.pem", "ca", 30);
            Path foreign = clientDir(root, "foreign-client", "ca/ca.pem", "other-ca", 30);
            Path wrongCa = root.resolve("wrong-ca");
            Files.createDirectories(wrongCa);
            Files.copy(other.resolve("ca.pem"), wrongCa.resolve("ca.pem"));
            Files.copy(good.resolve("cert.pem"), wrongCa.resolve("cert.pem"));
            Files.copy(good.resolve("key.pem"), wrongCa.resolve("key.pem"));
            Path expired = expiredClient(root);
            return new TestCertificates(root, ca.resolve("ca.pem"), server.resolve("cert.pem"), server.resolve("key.pem"),
                    good, wrongCa, expired, foreign);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The dockerd arguments that make it listen with mutual TLS on 127.0.0.1:port. */
    public String dockerdArguments(int port) {
        return "--tlsverify --tlscacert " + caFile + " --tlscert " + serverCert + " --tlskey " + serverKey
                + " --host tcp://127.0.0.1:" + port;
    }

    /** The docker CLI's global flags for a TLS directory. */
    public static List<String> cliFlags(Path tlsDir) {
        return List.of("--tlsverify", "--tlscacert", tlsDir.resolve("ca.pem").toString(),
                "--tlscert", tlsDir.resolve("cert.pem").toString(), "--tlskey", tlsDir.resolve("key.pem").toString());
    }

    private static Path clientDir(Path root, String name, String trusted, String issuer, int days) throws IOException {
        Path dir = root.resolve(name);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("ext.cnf"), "extendedKeyUsage=clientAuth\n");
        openssl(root, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + "/key.pem", "-out", name + "/req.csr",
                "-subj", "/CN=instance-console-" + name);
        openssl(root, "x509", "-req", "-in", name + "/req.csr", "-CA", issuer + "/ca.pem", "-CAkey", issuer + "/ca-key.pem",
                "-CAcreateserial", "-out", name + "/cert.pem", "-days", Integer.toString(days), "-extfile", name + "/ext.cnf");
        Files.copy(root.resolve(trusted), dir.resolve("ca.pem"));
        return dir;
    }

    private static Path expiredClient(Path root) throws IOException {
        Path dir = root.resolve("expired");
        Path db = root.resolve("ca-db");
        Files.createDirectories(dir);
        Files.createDirectories(db);
        Files.writeString(db.resolve("index.txt"), "");
        Files.writeString(db.resolve("serial"), "1000\n");
        Files.writeString(db.resolve("ca.cnf"), """
                [ ca ]
                default_ca = testca
                [ testca ]
                database = ca-db/index.txt
                serial = ca-db/serial
                new_certs_dir = ca-db
                certificate = ca/ca.pem
                private_key = ca/ca-key.pem
                default_md = sha256
                policy = anything
                unique_subject = no
                [ anything ]
                commonName = supplied
                [ client_ext ]
                extendedKeyUsage = clientAuth
                """);
        openssl(root, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "expired/key.pem", "-out", "expired/req.csr",
                "-subj", "/CN=instance-console-expired");
        openssl(root, "ca", "-batch", "-notext", "-config", "ca-db/ca.cnf", "-extensions", "client_ext",
                "-startdate", "20200101000000Z", "-enddate", "20200102000000Z", "-in", "expired/req.csr",
                "-out", "expired/cert.pem");
        Files.copy(root.resolve("ca/ca.pem"), dir.resolve("ca.pem"));
        return dir;
    }

    private static void openssl(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        try {
            Path log = Files.createTempFile("ic-openssl", ".log");
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in 60 s");
            }
            String said = Files.readString(log, StandardCharsets.UTF_8);
            Files.deleteIfExists(log);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (exit " + p.exitValue() + "): " + said);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run openssl (package openssl): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + command, e);
        }
    }
}
