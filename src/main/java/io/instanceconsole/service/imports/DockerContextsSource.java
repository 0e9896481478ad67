package io.instanceconsole.service.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.instanceconsole.domain.BackendKind;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The docker CLI's contexts: {@code $DOCKER_CONFIG} (else {@code ~/.docker}) {@code /contexts/meta/<id>/meta.json}
 * with {@code Name}, {@code Endpoints.docker.Host} and {@code Endpoints.docker.SkipTLSVerify}, where {@code <id>} is
 * the SHA-256 of the name in hex, and the context's TLS files in {@code contexts/tls/<id>/docker/}. The implicit
 * {@code default} context is the local socket, offered when that socket exists.
 *
 * <p>{@code SkipTLSVerify}: the console never connects without checking the engine's certificate, so such a context
 * is imported with verification on, and says so; without a {@code ca.pem} to verify against it is not importable.
 */
public final class DockerContextsSource implements ImportSource {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TLS_FILES = List.of("ca.pem", "cert.pem", "key.pem");

    private final Path configDir;
    private final Path localSocket;

    /**
     * @param configDir   the docker CLI's configuration directory ({@code ~/.docker})
     * @param localSocket the local engine's socket (the {@code default} context), or null for none
     */
    public DockerContextsSource(Path configDir, Path localSocket) {
        this.configDir = configDir;
        this.localSocket = localSocket;
    }

    /** {@code $DOCKER_CONFIG}, else {@code $HOME/.docker} (the JVM's home when HOME is not set). */
    public static DockerContextsSource forEnvironment(Map<String, String> env) {
        String config = env.get("DOCKER_CONFIG");
        Path dir = config != null && !config.isBlank() ? Path.of(config)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".docker");
        return new DockerContextsSource(dir, Path.of("/var/run/docker.sock"));
    }

    @Override
    public String key() {
        return ConnectionImport.DOCKER_CONTEXTS;
    }

    @Override
    public String describe() {
        return "Docker contexts in " + configDir.resolve("contexts");
    }

    @Override
    public List<Found> find() {
        List<Found> found = new ArrayList<>();
        if (localSocket != null && Files.exists(localSocket)) {
            found.add(new Found("default", BackendKind.DOCKER, "unix://" + localSocket, "", "the default context", null, null));
        }
        Path meta = configDir.resolve("contexts").resolve("meta");
        if (!Files.isDirectory(meta)) {
            return found;
        }
        List<Path> dirs;
        try (Stream<Path> list = Files.list(meta)) {
            dirs = list.filter(Files::isDirectory).sorted(Comparator.comparing(Path::toString)).toList();
        } catch (IOException e) {
            found.add(Found.bad(meta.getFileName().toString(), BackendKind.DOCKER, meta.toString(),
                    "cannot list " + meta + ": " + e.getMessage()));
            return found;
        }
        dirs.stream().map(this::context).sorted(Comparator.comparing(Found::name)).forEach(found::add);
        return found;
    }

    private Found context(Path dir) {
        String id = dir.getFileName().toString();
        Path file = dir.resolve("meta.json");
        String shortId = id.length() > 12 ? id.substring(0, 12) : id;
        if (!Files.isRegularFile(file)) {
            return Found.bad("context " + shortId, BackendKind.DOCKER, file.toString(), file + " does not exist");
        }
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            return Found.bad("context " + shortId, BackendKind.DOCKER, file.toString(), file + " is not valid JSON ("
                    + e.getOriginalMessage().lines().findFirst().orElse("") + ")");
        } catch (IOException e) {
            return Found.bad("context " + shortId, BackendKind.DOCKER, file.toString(), "cannot read " + file + ": "
                    + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            return Found.bad("context " + shortId, BackendKind.DOCKER, file.toString(), file + " is not a JSON object");
        }
        String name = text(root.get("Name"));
        if (name == null || name.isBlank()) {
            return Found.bad("context " + shortId, BackendKind.DOCKER, file.toString(), file + " has no Name");
        }
        JsonNode docker = root.path("Endpoints").path("docker");
        String host = text(docker.get("Host"));
        if (host == null || host.isBlank()) {
            return Found.bad(name, BackendKind.DOCKER, file.toString(), file + " has no Endpoints.docker.Host");
        }
        boolean skipVerify = docker.path("SkipTLSVerify").asBoolean(false);
        Path tls = dir.getParent().getParent().resolve("tls").resolve(id).resolve("docker");
        boolean hasTls = Files.isDirectory(tls);
        boolean tcp = host.toLowerCase(Locale.ROOT).startsWith("tcp://");
        String note = null;
        if (hasTls && tcp) {
            List<String> missing = TLS_FILES.stream().filter(f -> !Files.isReadable(tls.resolve(f))).toList();
            if (!missing.isEmpty()) {
                return new Found(name, BackendKind.DOCKER, host, "", file.toString(), "TLS directory " + tls + " of context '"
                        + name + "' lacks " + String.join(", ", missing) + " (the console needs ca.pem, cert.pem and key.pem)",
                        null);
            }
            if (skipVerify) {
                note = "SkipTLSVerify is set in " + file + "; the console verifies the engine's certificate against "
                        + tls.resolve("ca.pem") + " anyway";
            }
        } else if (tcp && skipVerify) {
            return new Found(name, BackendKind.DOCKER, host, "", file.toString(), "context '" + name + "' (" + file
                    + ") sets SkipTLSVerify and has no TLS files in " + tls + "; the console does not connect without "
                    + "verifying the engine's certificate", null);
        } else if (tcp) {
            note = "plain TCP: the context has no TLS files in " + tls;
        }
        String uri = host;
        if (tcp) {
            uri = withDefaultPort(host, hasTls);
            if (!uri.equals(host)) {
                note = (note == null ? "" : note + "; ") + "port " + uri.substring(uri.lastIndexOf(':') + 1)
                        + " added, as the docker CLI does";
            }
        }
        return new Found(name, BackendKind.DOCKER, uri, hasTls && tcp ? tls.toString() : "", file.toString(), null, note);
    }

    /** {@code tcp://host} means port 2376 with TLS and 2375 without, to the docker CLI; the console wants it written. */
    private static String withDefaultPort(String host, boolean tls) {
        try {
            URI parsed = new URI(host);
            if (parsed.getHost() != null && parsed.getPort() < 0 && (parsed.getPath() == null || parsed.getPath().isEmpty()
                    || parsed.getPath().equals("/"))) {
                return "tcp://" + parsed.getHost() + ":" + (tls ? 2376 : 2375);
            }
        } catch (URISyntaxException e) {
            return host; // the console's own check names what is wrong with it
        }
        return host;
    }

    private static String text(JsonNode node) {
        return node == null || !node.isTextual() ? null : node.asText();
    }
}
