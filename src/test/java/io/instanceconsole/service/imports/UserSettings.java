package io.instanceconsole.service.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A user's home as the import reads it, made for a test: Docker contexts laid out as the docker CLI stores them, and
 * virt-manager's URIs written with the real {@code gsettings} (keyfile backend under the home's
 * {@code XDG_CONFIG_HOME}, virt-manager's schema compiled with the real {@code glib-compile-schemas}). Installs
 * {@code libglib2.0-bin} with apt-get when gsettings is missing, as the engine scripts do for theirs.
 *
 * <p>Docker contexts: lab1 (tcp, TLS), skipper (SkipTLSVerify with TLS files), broken (meta.json not JSON), nokey (TLS
 * directory without key.pem), fdhost (fd://, an endpoint the console refuses), local (a unix socket). virt-manager:
 * {@code test:///default} and {@code qemu+ssh://root@127.0.0.2:1/system}. Every address is on 127.0.0.0/8 and closed.
 *
 * @param env environment for the import: HOME, XDG_CONFIG_HOME, GSETTINGS_BACKEND=keyfile, GSETTINGS_SCHEMA_DIR, PATH
 */
public record UserSettings(Path home, Path dockerConfig, Map<String, String> env) {
    public static final String LOCAL_SOCKET = "unix:///run/ic-import-test/docker.sock";
    public static final List<String> VIRT_MANAGER_URIS = List.of("test:///default", "qemu+ssh://root@127.0.0.2:1/system");

    public static UserSettings create(Path dir) {
        try {
            Path home = dir.resolve("home");
            Path docker = home.resolve(".docker");
            Files.createDirectories(docker);
            context(docker, "lab1", "{\"Name\":\"lab1\",\"Metadata\":{},\"Endpoints\":{\"docker\":{\"Host\":\"tcp://127.0.0.1:1\",\"SkipTLSVerify\":false}}}",
                    List.of("ca.pem", "cert.pem", "key.pem"));
            context(docker, "skipper", "{\"Name\":\"skipper\",\"Metadata\":{},\"Endpoints\":{\"docker\":{\"Host\":\"tcp://127.0.0.1:2\",\"SkipTLSVerify\":true}}}",
                    List.of("ca.pem", "cert.pem", "key.pem"));
            context(docker, "broken", "{\"Name\":\"broken\",", List.of());
            context(docker, "nokey", "{\"Name\":\"nokey\",\"Metadata\":{},\"Endpoints\":{\"docker\":{\"Host\":\"tcp://127.0.0.1:3\",\"SkipTLSVerify\":false}}}",
                    List.of("ca.pem", "cert.pem"));
            context(docker, "fdhost", "{\"Name\":\"fdhost\",\"Metadata\":{},\"Endpoints\":{\"docker\":{\"Host\":\"fd://\",\"SkipTLSVerify\":false}}}",
                    List.of());
            context(docker, "local", "{\"Name\":\"local\",\"Metadata\":{},\"Endpoints\":{\"docker\":{\"Host\":\"" + LOCAL_SOCKET
                    + "\",\"SkipTLSVerify\":false}}}", List.of());

            Path schemas = dir.resolve("schemas");
            Files.createDirectories(schemas);
            try (InputStream xml = UserSettings.class.getResourceAsStream("/imports/org.virt-manager.virt-manager.gschema.xml")) {
                Files.copy(xml, schemas.resolve("org.virt-manager.virt-manager.gschema.xml"));
            }
            Map<String, String> env = new HashMap<>();
            env.put("HOME", home.toString());
            env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
            env.put("GSETTINGS_BACKEND", "keyfile");
            env.put("GSETTINGS_SCHEMA_DIR", schemas.toString());
            env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
            ensureGsettings();
            run(env, "glib-compile-schemas", schemas.toString());
            run(env, "gsettings", "set", VirtManagerSource.SCHEMA, VirtManagerSource.KEY, "['" + String.join("', '", VIRT_MANAGER_URIS) + "']");
            return new UserSettings(home, docker, Map.copyOf(env));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The same, without virt-manager's schema: gsettings cannot read the key, the keyfile can. The system's schema
     * directories are hidden too, as a machine with virt-manager installed has the schema in /usr/share.
     */
    public Map<String, String> envWithoutSchema() {
        Map<String, String> without = new HashMap<>(env);
        without.remove("GSETTINGS_SCHEMA_DIR");
        without.put("XDG_DATA_DIRS", home.resolve("no-schemas").toString());
        return Map.copyOf(without);
    }

    public Path keyfile() {
        return home.resolve(".config/glib-2.0/settings/keyfile");
    }

    public static String id(String contextName) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(contextName.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path meta(String contextName) {
        return dockerConfig.resolve("contexts/meta").resolve(id(contextName)).resolve("meta.json");
    }

    public Path tls(String contextName) {
        return dockerConfig.resolve("contexts/tls").resolve(id(contextName)).resolve("docker");
    }

    private static void context(Path docker, String name, String meta, List<String> tlsFiles) throws IOException {
        Path dir = docker.resolve("contexts/meta").resolve(id(name));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("meta.json"), meta);
        if (!tlsFiles.isEmpty()) {
            Path tls = docker.resolve("contexts/tls").resolve(id(name)).resolve("docker");
            Files.createDirectories(tls);
            for (String f : tlsFiles) {
                Files.writeString(tls.resolve(f), "-----BEGIN CERTIFICATE-----\n(not read by the import)\n-----END CERTIFICATE-----\n");
            }
        }
    }

    private static synchronized void ensureGsettings() {
        if (Files.isExecutable(Path.of("/usr/bin/gsettings")) && Files.isExecutable(Path.of("/usr/bin/glib-compile-schemas"))) {
            return;
        }
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("DEBIAN_FRONTEND", "noninteractive");
        run(env, "apt-get", "-q", "-o", "DPkg::Lock::Timeout=600", "install", "-y", "--no-install-recommends", "libglib2.0-bin");
    }

    private static void run(Map<String, String> env, String... command) {
        try {
            Path log = Files.createTempFile("ic-user-settings", ".log");
            ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().clear();
            builder.environment().putAll(env);
            Process p = builder.start();
            if (!p.waitFor(600, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish");
            }
            String said = Files.readString(log);
            Files.deleteIfExists(log);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (exit " + p.exitValue() + "): " + said);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command[0], e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + command[0], e);
        }
    }
}
