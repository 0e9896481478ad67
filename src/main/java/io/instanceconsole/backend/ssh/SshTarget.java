package io.instanceconsole.backend.ssh;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The remote end of an {@code ssh://[user@]host[:port][/path/to/remote.sock]} endpoint, as the docker CLI accepts it.
 * The host may be an alias of the user's {@code ~/.ssh/config}; user and port, when absent, come from there (or
 * OpenSSH's defaults). Immutable and thread-safe.
 *
 * @param user       the login, or null to let the ssh configuration decide
 * @param host       host name, address or ssh_config alias
 * @param port       the port, or 0 to let the ssh configuration decide
 * @param socketPath the remote unix socket to reach, or null for the caller's default
 * @param given      the URI as the user wrote it, for messages
 */
public record SshTarget(String user, String host, int port, String socketPath, String given) {

    private static final String EXPECTED = "expected ssh://[user@]host[:port][/path/to/docker.sock]";

    /**
     * Parses an {@code ssh://} URI. Refuses what the docker CLI refuses: a password in the URI, a query and a
     * fragment; and what no host can be: an empty host, a port outside 1–65535.
     *
     * @throws SshException naming the URI and what is wrong with it
     */
    public static SshTarget parse(String uri) {
        String given = uri == null ? "" : uri.strip();
        URI parsed;
        try {
            parsed = new URI(given);
        } catch (URISyntaxException e) {
            throw new SshException("'" + given + "' is not an ssh endpoint: " + e.getReason() + " (" + EXPECTED + ")", e);
        }
        if (!"ssh".equalsIgnoreCase(parsed.getScheme())) {
            throw new SshException("'" + given + "' is not an ssh endpoint (" + EXPECTED + ")");
        }
        if (parsed.getRawQuery() != null) {
            throw new SshException("'" + given + "': an ssh endpoint takes no query ('?" + parsed.getRawQuery()
                    + "'), as the docker CLI refuses one");
        }
        if (parsed.getRawFragment() != null) {
            throw new SshException("'" + given + "': an ssh endpoint takes no fragment ('#" + parsed.getRawFragment()
                    + "')");
        }
        String userInfo = parsed.getRawUserInfo();
        if (userInfo != null && userInfo.contains(":")) {
            throw new SshException("'" + redacted(given) + "': a password in an ssh URI is refused (it would be"
                    + " stored); use a key or an ssh agent");
        }
        String host = parsed.getHost();
        int port = parsed.getPort();
        if (host == null || host.isBlank()) {
            // java.net.URI leaves the host out when it is no DNS name (an ssh_config alias such as lab_1); ssh takes it
            String authority = parsed.getRawAuthority();
            if (authority == null || authority.isBlank()) {
                throw new SshException("'" + given + "' is not an ssh endpoint: it names no host (" + EXPECTED + ")");
            }
            String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
            int colon = hostPort.lastIndexOf(':');
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            port = colon < 0 ? -1 : parsePort(given, hostPort.substring(colon + 1));
            if (host.isBlank() || !host.matches("[A-Za-z0-9._-]+")) {
                throw new SshException("'" + given + "' is not an ssh endpoint: '" + hostPort + "' is not a host[:port]"
                        + " (" + EXPECTED + ")");
            }
        }
        if (host.startsWith("-")) {
            throw new SshException("'" + given + "': a host may not start with '-'");
        }
        String user = userInfo == null || userInfo.isEmpty() ? null : parsed.getUserInfo();
        if (user != null && (user.startsWith("-") || user.chars().anyMatch(Character::isISOControl))) {
            throw new SshException("'" + given + "': '" + user + "' is not a user name");
        }
        if (port == 0 || port > 65535) {
            throw new SshException("'" + given + "': port " + port + " is not between 1 and 65535");
        }
        String path = parsed.getPath();
        String socket = path == null || path.isEmpty() || path.equals("/") ? null : path;
        return new SshTarget(user, host.toLowerCase(Locale.ROOT), Math.max(port, 0), socket, given);
    }

    /**
     * The ssh end of any URI the console reaches over ssh: a Docker {@code ssh://} endpoint, or a libvirt URI with an
     * ssh transport ({@code qemu+ssh://user@host:port/system?…}; its path and query are libvirt's, not ssh's).
     *
     * @throws SshException when the URI does not go over ssh
     */
    public static SshTarget forUri(String uri) {
        if (isSsh(uri)) {
            return parse(uri);
        }
        String given = uri == null ? "" : uri.strip();
        URI parsed;
        try {
            parsed = new URI(given);
        } catch (URISyntaxException e) {
            throw new SshException("'" + given + "' is not a URI: " + e.getReason(), e);
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.endsWith("+ssh") && !scheme.endsWith("+libssh") && !scheme.endsWith("+libssh2")
                || parsed.getHost() == null) {
            throw new SshException("'" + given + "' does not reach its host over ssh");
        }
        String user = parsed.getUserInfo();
        return new SshTarget(user == null || user.isEmpty() ? null : user, parsed.getHost().toLowerCase(Locale.ROOT),
                Math.max(parsed.getPort(), 0), null, given);
    }

    /** Whether a URI uses this scheme (case-insensitively), without parsing the rest. */
    public static boolean isSsh(String uri) {
        return uri != null && uri.strip().toLowerCase(Locale.ROOT).startsWith("ssh://");
    }

    /** The destination as ssh takes it on its command line: {@code [user@]host}. */
    public String destination() {
        return user == null ? host : user + "@" + host;
    }

    /** The host part ssh resolves through its configuration (an alias or a name). */
    String destinationHost() {
        return host;
    }

    /** {@code -p PORT} and {@code -l USER} where the URI gives them; else the ssh configuration decides. */
    List<String> portAndUserOptions() {
        List<String> options = new ArrayList<>();
        if (port > 0) {
            options.addAll(List.of("-p", Integer.toString(port)));
        }
        if (user != null) {
            options.addAll(List.of("-l", user));
        }
        return options;
    }

    public Optional<String> socket() {
        return Optional.ofNullable(socketPath);
    }

    /** {@code host} or {@code host:port}, for messages. */
    public String hostAndPort() {
        return port > 0 ? host + ":" + port : host;
    }

    @Override
    public String toString() {
        return given;
    }

    private static int parsePort(String given, String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new SshException("'" + given + "': '" + text + "' is not a port number");
        }
    }

    /** The URI without its user-info part, so that a mistyped password is not repeated in a message or a log. */
    static String redacted(String uri) {
        int at = uri.indexOf('@');
        int start = uri.indexOf("://");
        return at > start && start >= 0 ? uri.substring(0, start + 3) + "***@" + uri.substring(at + 1) : uri;
    }
}
