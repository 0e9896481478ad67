package io.instanceconsole.service;

import io.instanceconsole.backend.libvirt.LibvirtUris;
import io.instanceconsole.backend.lxd.LxdEndpoint;
import io.instanceconsole.backend.lxd.LxdTrust;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;

import io.instanceconsole.backend.ssh.SshException;
import io.instanceconsole.backend.ssh.SshTarget;
import io.instanceconsole.domain.InstanceConsoleException;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Validates what a user typed for a connection before anything is saved (the Connections form and
 * {@code instancectl connections add} alike). Every refusal names the value and what is wrong with it.
 */
public final class ConnectionSettings {
    private static final Set<String> DOCKER_SCHEMES = Set.of("unix", "tcp", "ssh", "npipe", "http", "https");
    private static final List<String> TLS_FILES = List.of("ca.pem", "cert.pem", "key.pem");

    private ConnectionSettings() {
    }

    /** A new connection after validation; {@link IllegalArgumentException} with a message for people otherwise. */
    public static Connection create(String name, BackendKind kind, String uri, String tlsDir, boolean readOnly) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a connection needs a name");
        }
        if (name.length() > 200 || !name.strip().equals(name)) {
            throw new IllegalArgumentException("connection name '" + name + "' must be at most 200 characters, without "
                    + "leading or trailing spaces");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            // a newline or an escape sequence in a name broke every table and one-line message that shows it
            throw new IllegalArgumentException("connection name '" + name.replaceAll("\\p{Cntrl}", "?")
                    + "' must not contain control characters (newlines, tabs, escapes)");
        }
        validateUri(kind, uri);
        if (tlsDir != null && !tlsDir.isBlank()) {
            if (kind != BackendKind.DOCKER) {
                throw new IllegalArgumentException("a TLS directory is only used by Docker connections");
            }
            validateTlsDir(Path.of(tlsDir));
        }
        return new Connection(UUID.randomUUID().toString(), name, kind, uri, tlsDir, readOnly, true);
    }

    static void validateUri(BackendKind kind, String uri) {
        if (!kind.isConnectionKind()) {
            throw new IllegalArgumentException(kind.label() + " is reached through its Docker-compatible socket: add a"
                    + " Docker connection (e.g. " + example(kind) + ")");
        }
        if (uri == null || uri.isBlank()) {
            throw new IllegalArgumentException("the " + kind.label() + " connection needs a URI");
        }
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + uri + "' is not a valid URI: " + e.getReason());
        }
        String scheme = parsed.getScheme();
        if (scheme == null) {
            throw new IllegalArgumentException("'" + uri + "' has no scheme (e.g. " + example(kind) + ")");
        }
        if (parsed.getPort() > 65535) {
            throw new IllegalArgumentException("'" + uri + "' has port " + parsed.getPort() + "; ports go up to 65535");
        }
        switch (kind) {
            case DOCKER -> {
                if (!DOCKER_SCHEMES.contains(scheme)) {
                    throw new IllegalArgumentException("'" + uri + "' is not a Docker endpoint: scheme must be one of "
                            + DOCKER_SCHEMES + " (e.g. unix:///var/run/docker.sock, tcp://host:2376 or ssh://user@host)");
                }
                if (scheme.equals("ssh")) {
                    try {
                        SshTarget.parse(uri);
                    } catch (SshException e) {
                        throw new IllegalArgumentException(e.getMessage(), e);
                    }
                }
                if (scheme.equals("unix") && (parsed.getPath() == null || parsed.getPath().isEmpty())) {
                    throw new IllegalArgumentException("'" + uri + "' names no socket path (e.g. unix:///var/run/docker.sock)");
                }
                if ((scheme.equals("tcp") || scheme.startsWith("http")) && parsed.getHost() == null) {
                    throw new IllegalArgumentException("'" + uri + "' names no host (e.g. tcp://host:2376)");
                }
                if ((scheme.equals("tcp") || scheme.startsWith("http")) && parsed.getPort() < 0) {
                    throw new IllegalArgumentException("'" + uri + "' names no port (e.g. " + scheme + "://"
                            + parsed.getHost() + ":2376 with TLS, :2375 without)");
                }
            }
            case LIBVIRT -> {
                // One set of rules for libvirt URIs: the adapter's, which also opens them.
                try {
                    LibvirtUris.forLibvirt(uri);
                } catch (InstanceConsoleException e) {
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
            }
            case LXD -> {
                try {
                    LxdEndpoint.parse(uri);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
            }
            case PODMAN -> {
                // never a connection's kind (Connection refuses it)
            }
            case SIMULATOR -> {
                if (!scheme.equals("sim")) {
                    throw new IllegalArgumentException("'" + uri + "' is not a simulator URI (sim://NAME)");
                }
            }
        }
    }

    /**
     * An LXD connection's URI with the project the user chose: {@code ?project=NAME} after the address (nothing for the
     * default project). {@link IllegalArgumentException} naming the project or URI when it cannot be.
     */
    public static String lxdUri(String uri, String project) {
        return LxdEndpoint.withProject(uri, project);
    }

    /** An LXD connection's URI without its project: the server, as the form's URI field shows it. */
    public static String lxdServer(String uri) {
        return LxdEndpoint.parse(uri).server();
    }

    /** An LXD connection's project, empty for the default project. */
    public static String lxdProject(String uri) {
        String project = LxdEndpoint.parse(uri).project();
        return project.equals(LxdEndpoint.DEFAULT_PROJECT) ? "" : project;
    }

    /** Whether the URI is an LXD server over HTTPS (whose client certificate is enrolled with a trust token). */
    public static boolean isLxdOverHttps(String uri) {
        return LxdTrust.isHttps(uri);
    }

    /** A Docker TLS directory must hold ca.pem, cert.pem and key.pem; the message names the first one missing. */
    public static void validateTlsDir(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("TLS directory " + dir + " does not exist or is not a directory");
        }
        for (String name : TLS_FILES) {
            if (!Files.isReadable(dir.resolve(name))) {
                throw new IllegalArgumentException("TLS directory " + dir + " has no readable " + name
                        + " (needs ca.pem, cert.pem and key.pem)");
            }
        }
    }

    private static String example(BackendKind kind) {
        return switch (kind) {
            case DOCKER -> "unix:///var/run/docker.sock";
            case LIBVIRT -> "qemu:///system";
            case SIMULATOR -> "sim://lab";
            case LXD -> "lxd+unix:///var/lib/lxd/unix.socket";
            case PODMAN -> "unix:///run/podman/podman.sock";
        };
    }
}
