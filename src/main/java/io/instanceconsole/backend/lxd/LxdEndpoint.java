package io.instanceconsole.backend.lxd;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Where an LXD (or Incus) server answers: {@code lxd+unix:///path/to/unix.socket} or {@code lxd+https://host:port},
 * each with an optional {@code ?project=NAME} (the default project without one). Immutable.
 *
 * @param uri     the URI as the connection stores it
 * @param socket  the unix socket, or null for HTTPS
 * @param host    the HTTPS host, or null for a unix socket
 * @param port    the HTTPS port, or -1
 * @param project the LXD project the connection works in
 */
public record LxdEndpoint(String uri, Path socket, String host, int port, String project) {
    public static final String UNIX = "lxd+unix";
    public static final String HTTPS = "lxd+https";
    public static final String DEFAULT_PROJECT = "default";
    private static final String PROJECT_NAME = "[A-Za-z0-9][A-Za-z0-9_.-]{0,62}";

    /** Parses a connection URI; {@code IllegalArgumentException} with one line naming the URI and what is wrong. */
    public static LxdEndpoint parse(String uri) {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + uri + "' is not a valid URI: " + e.getReason());
        }
        String scheme = parsed.getScheme();
        String project = project(uri, parsed.getRawQuery());
        if (UNIX.equals(scheme)) {
            if (parsed.getPath() == null || !parsed.getPath().startsWith("/") || parsed.getPath().length() < 2
                    || parsed.getRawAuthority() != null) {
                throw new IllegalArgumentException("'" + uri + "' names no socket path (e.g. lxd+unix:///var/lib/lxd/unix.socket)");
            }
            return new LxdEndpoint(uri, Path.of(parsed.getPath()), null, -1, project);
        }
        if (HTTPS.equals(scheme)) {
            if (parsed.getHost() == null) {
                throw new IllegalArgumentException("'" + uri + "' names no host (e.g. lxd+https://host:8443)");
            }
            if (parsed.getPath() != null && !parsed.getPath().isEmpty() && !parsed.getPath().equals("/")) {
                throw new IllegalArgumentException("'" + uri + "' has a path; an LXD address is lxd+https://host:port");
            }
            return new LxdEndpoint(uri, null, parsed.getHost(), parsed.getPort() < 0 ? 8443 : parsed.getPort(), project);
        }
        throw new IllegalArgumentException("'" + uri + "' is not an LXD endpoint: the scheme must be " + UNIX + " or "
                + HTTPS + " (e.g. lxd+unix:///var/lib/lxd/unix.socket or lxd+https://host:8443)");
    }

    /** The URI with the project the user chose ({@code --project}); the default project adds nothing. */
    public static String withProject(String uri, String project) {
        if (project == null || project.isBlank() || project.equals(DEFAULT_PROJECT)) {
            return uri;
        }
        if (!project.matches(PROJECT_NAME)) {
            throw new IllegalArgumentException("'" + project + "' is not an LXD project name");
        }
        if (uri.contains("?")) {
            throw new IllegalArgumentException("'" + uri + "' already has a query; give the project once");
        }
        return uri + "?project=" + URLEncoder.encode(project, StandardCharsets.UTF_8);
    }

    public boolean isUnix() {
        return socket != null;
    }

    /** {@code host:port}, the key under which the server's certificate is trusted; null for a unix socket. */
    public String hostAndPort() {
        return isUnix() ? null : (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The URI without the project, as people name the server. */
    public String server() {
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }

    private static String project(String uri, String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return DEFAULT_PROJECT;
        }
        String project = null;
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (!key.equals("project") || eq < 0) {
                throw new IllegalArgumentException("'" + uri + "' has an unknown parameter '" + key + "' (only project=NAME)");
            }
            project = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        }
        if (project == null || !project.matches(PROJECT_NAME)) {
            throw new IllegalArgumentException("'" + uri + "' names no valid project (project=NAME)");
        }
        return project;
    }
}
