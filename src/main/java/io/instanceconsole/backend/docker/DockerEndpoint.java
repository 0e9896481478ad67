package io.instanceconsole.backend.docker;

import io.instanceconsole.backend.ssh.SshException;
import io.instanceconsole.backend.ssh.SshTarget;
import io.instanceconsole.domain.UnavailableException;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a Docker Engine listens and how to reach it: a {@code DOCKER_HOST}-style URI ({@code unix:///path/docker.sock},
 * {@code tcp://host:2376}, {@code ssh://me@lab1/var/run/docker.sock}, {@code npipe:////./pipe/docker_engine}) and, for TCP with TLS, the certificate directory
 * holding {@code ca.pem}, {@code cert.pem} and {@code key.pem}. Immutable and thread-safe.
 *
 * @param uri    normalised URI as docker-java expects it ({@code tcp://} for every TCP endpoint)
 * @param tlsDir certificate directory, or null for plain connections
 * @param given  the URI as the user wrote it (used in messages, so they recognise it)
 */
public record DockerEndpoint(URI uri, Path tlsDir, String given) {
    /** The endpoint used when a connection names none: the engine's default socket or pipe on this OS. */
    public static final String LOCAL_DEFAULT_UNIX = "unix:///var/run/docker.sock";
    public static final String LOCAL_DEFAULT_WINDOWS = "npipe:////./pipe/docker_engine";
    /** The files a Docker TLS directory must hold, as the docker CLI expects them. */
    public static final List<String> TLS_FILES = List.of("ca.pem", "cert.pem", "key.pem");

    /** The engine's socket on an ssh host when the URI names none, as the docker CLI assumes. */
    public static final String REMOTE_DEFAULT_SOCKET = "/var/run/docker.sock";

    private static final String EXPECTED = "expected unix:///path/to/docker.sock, tcp://host:port,"
            + " ssh://[user@]host[:port][/path/to/docker.sock] or npipe:////./pipe/name";

    /**
     * Parses and validates a connection's URI and TLS directory. Checks the syntax and the TLS files; does not
     * touch the network or the socket (see {@link #checkSocket()}).
     *
     * @param uri    the URI; blank or {@code default} means the local default endpoint
     * @param tlsDir certificate directory for TCP, or blank; ignored for local sockets and pipes, as the docker CLI does
     * @throws DockerEndpointException naming the URI and what is wrong with it
     */
    public static DockerEndpoint parse(String uri, String tlsDir) {
        String given = uri == null ? "" : uri.trim();
        if (given.isEmpty() || given.equalsIgnoreCase("default")) {
            given = isWindows() ? LOCAL_DEFAULT_WINDOWS : LOCAL_DEFAULT_UNIX;
        }
        URI parsed;
        try {
            parsed = new URI(given);
        } catch (URISyntaxException e) {
            throw new DockerEndpointException("'" + given + "' is not a Docker endpoint: " + e.getReason() + " ("
                    + EXPECTED + ")", e);
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "unix", "npipe" -> local(parsed, given, scheme);
            case "tcp", "http", "https" -> tcp(parsed, given, scheme, tlsDir);
            case "ssh" -> ssh(given);
            case "" -> throw new DockerEndpointException("'" + given + "' is not a Docker endpoint: it has no scheme ("
                    + EXPECTED + ")");
            default -> throw new DockerEndpointException("'" + given + "' is not a Docker endpoint: scheme '" + scheme
                    + "' is not one Docker listens on (" + EXPECTED + ")");
        };
    }

    /** The ssh end of an {@code ssh://} endpoint; empty for local sockets, pipes and TCP. */
    public Optional<SshTarget> ssh() {
        return uri.getScheme().equals("ssh") ? Optional.of(SshTarget.parse(given)) : Optional.empty();
    }

    /** The engine's socket on the ssh host: the URI's path, or {@link #REMOTE_DEFAULT_SOCKET}. */
    public String remoteSocket() {
        return ssh().flatMap(SshTarget::socket).orElse(REMOTE_DEFAULT_SOCKET);
    }

    /** This endpoint reached through a local unix socket (an ssh forward), keeping the user's URI for messages. */
    public DockerEndpoint through(Path localSocket) {
        return new DockerEndpoint(URI.create("unix://" + localSocket.toAbsolutePath()), null, given);
    }

    public boolean usesTls() {
        return tlsDir != null;
    }

    /** The URI as the user wrote it, for messages. */
    @Override
    public String toString() {
        return given;
    }

    /**
     * For a unix socket: that it exists and is a socket. A missing socket means no engine runs there right now
     * ({@link UnavailableException}); a path that is a file or directory is a wrong configuration.
     */
    public void checkSocket() {
        if (!uri.getScheme().equals("unix")) {
            return;
        }
        Path socket = Path.of(uri.getPath());
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS) && !Files.exists(socket)) {
            throw new UnavailableException("no Docker Engine at " + given + ": socket " + socket
                    + " does not exist (is dockerd running?)");
        }
        if (Files.isDirectory(socket) || Files.isRegularFile(socket)) {
            throw new DockerEndpointException("'" + given + "' is not a Docker endpoint: " + socket + " is a "
                    + (Files.isDirectory(socket) ? "directory" : "regular file") + ", not a socket");
        }
    }

    private static DockerEndpoint ssh(String given) {
        SshTarget target;
        try {
            target = SshTarget.parse(given);
        } catch (SshException e) {
            throw new DockerEndpointException(e.getMessage(), e);
        }
        return new DockerEndpoint(URI.create(target.given()), null, given);
    }

    private static DockerEndpoint local(URI parsed, String given, String scheme) {
        String path = parsed.getPath();
        if (path == null || path.isEmpty() || path.equals("/")) {
            throw new DockerEndpointException("'" + given + "' is not a Docker endpoint: it names no socket path ("
                    + EXPECTED + ")");
        }
        if (parsed.getAuthority() != null) {
            // unix://var/run/docker.sock: "var" would silently become a host name and the path would lose a segment
            throw new DockerEndpointException("'" + given + "' is not a Docker endpoint: " + scheme
                    + ":// needs an absolute path, e.g. " + scheme + ":///" + parsed.getAuthority() + path);
        }
        return new DockerEndpoint(URI.create(scheme + "://" + path), null, given);
    }

    private static DockerEndpoint tcp(URI parsed, String given, String scheme, String tlsDir) {
        String host = parsed.getHost();
        if (host == null || host.isBlank()) {
            throw new DockerEndpointException("'" + given + "' is not a Docker endpoint: it names no host (" + EXPECTED + ")");
        }
        String path = parsed.getPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            throw new DockerEndpointException("'" + given + "' is not a Docker endpoint: a TCP endpoint has no path ('"
                    + path + "')");
        }
        Path certs = tlsDirectory(given, tlsDir);
        if (scheme.equals("https") && certs == null) {
            throw new DockerEndpointException("'" + given + "' asks for TLS but the connection has no TLS directory"
                    + " (with " + String.join(", ", TLS_FILES) + ")");
        }
        int port = parsed.getPort() > 0 ? parsed.getPort() : certs != null ? 2376 : 2375;
        String hostPart = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return new DockerEndpoint(URI.create("tcp://" + hostPart + ":" + port), certs, given);
    }

    private static Path tlsDirectory(String given, String tlsDir) {
        if (tlsDir == null || tlsDir.isBlank()) {
            return null;
        }
        Path dir;
        try {
            dir = Path.of(tlsDir.trim());
        } catch (InvalidPathException e) {
            throw new DockerEndpointException("TLS directory '" + tlsDir + "' of " + given + " is not a valid path: "
                    + e.getReason(), e);
        }
        if (!Files.isDirectory(dir)) {
            throw new DockerEndpointException("TLS directory " + dir + " of " + given + " "
                    + (Files.exists(dir) ? "is not a directory" : "does not exist"));
        }
        List<String> missing = TLS_FILES.stream().filter(f -> !Files.isRegularFile(dir.resolve(f))).toList();
        if (!missing.isEmpty()) {
            throw new DockerEndpointException("TLS directory " + dir + " of " + given + " lacks "
                    + String.join(", ", missing) + " (needs " + String.join(", ", TLS_FILES) + ")");
        }
        List<String> unreadable = TLS_FILES.stream().filter(f -> !Files.isReadable(dir.resolve(f))).toList();
        if (!unreadable.isEmpty()) {
            throw new DockerEndpointException("TLS directory " + dir + " of " + given + ": cannot read "
                    + String.join(", ", unreadable));
        }
        return dir;
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    }
}
