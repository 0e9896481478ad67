package io.instanceconsole.app;

import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Which connections to offer on the very first start: the local Docker engine ({@code DOCKER_HOST} or the default
 * socket), local Podman through its Docker-compatible socket (the system one, {@code /run/podman/podman.sock}, and
 * the user's, {@code $XDG_RUNTIME_DIR/podman/podman.sock}), local libvirt ({@code LIBVIRT_DEFAULT_URI} or the system
 * socket), and the embedded simulator only when nothing real is found, so the console shows a working table anywhere.
 * A Podman socket that {@code DOCKER_HOST} already names is not offered twice.
 */
final class FirstStartDetection {
    static final String DOCKER_DEFAULT_SOCKET = "/var/run/docker.sock";
    static final String PODMAN_SYSTEM_SOCKET = "/run/podman/podman.sock";
    /** Below {@code $XDG_RUNTIME_DIR}: where a user's {@code podman system service} (or podman.socket) listens. */
    static final String PODMAN_USER_SOCKET = "podman/podman.sock";
    static final String LIBVIRT_SYSTEM_SOCKET = "/var/run/libvirt/libvirt-sock";
    static final String DEFAULT_SIMULATOR_URI = "sim://local?count=40&latencyMs=150";

    private FirstStartDetection() {
    }

    static List<Connection> detect(Map<String, String> env) {
        return detect(env, path -> Files.exists(Path.of(path)));
    }

    static List<Connection> detect(Map<String, String> env, Predicate<String> exists) {
        List<Connection> found = new ArrayList<>();
        String dockerHost = env.get("DOCKER_HOST");
        if (dockerHost != null && !dockerHost.isBlank()) {
            found.add(connection("Docker", BackendKind.DOCKER, dockerHost.trim(), env.getOrDefault("DOCKER_CERT_PATH", "")));
        } else if (exists.test(DOCKER_DEFAULT_SOCKET)) {
            found.add(connection("Docker", BackendKind.DOCKER, "unix://" + DOCKER_DEFAULT_SOCKET, ""));
        }
        podmanSockets(env).stream().filter(exists)
                .filter(socket -> dockerHost == null || !samePath(dockerHost.trim(), socket))
                .forEach(socket -> found.add(connection(socket.equals(PODMAN_SYSTEM_SOCKET) ? "Podman" : "Podman (user)",
                        BackendKind.DOCKER, "unix://" + socket, "")));
        String libvirtUri = env.get("LIBVIRT_DEFAULT_URI");
        if (libvirtUri != null && !libvirtUri.isBlank()) {
            found.add(connection("libvirt", BackendKind.LIBVIRT, libvirtUri.trim(), ""));
        } else if (exists.test(LIBVIRT_SYSTEM_SOCKET)) {
            found.add(connection("libvirt", BackendKind.LIBVIRT, "qemu:///system", ""));
        }
        if (found.isEmpty() || "1".equals(env.get("INSTANCE_CONSOLE_SIMULATOR"))) {
            found.add(connection("Simulator", BackendKind.SIMULATOR, DEFAULT_SIMULATOR_URI, ""));
        }
        return found;
    }

    private static List<String> podmanSockets(Map<String, String> env) {
        List<String> sockets = new ArrayList<>(List.of(PODMAN_SYSTEM_SOCKET));
        String runtimeDir = env.get("XDG_RUNTIME_DIR");
        if (runtimeDir != null && !runtimeDir.isBlank() && runtimeDir.trim().startsWith("/")) {
            String user = Path.of(runtimeDir.trim(), PODMAN_USER_SOCKET).toString();
            if (!user.equals(PODMAN_SYSTEM_SOCKET)) {
                sockets.add(user);
            }
        }
        return sockets;
    }

    /** Whether a Docker URI names this socket ({@code /var/run} is {@code /run} on every current Linux). */
    private static boolean samePath(String dockerHost, String socket) {
        String path = dockerHost.replaceFirst("^unix://", "").replaceFirst("^/var/run/", "/run/");
        return path.equals(socket);
    }

    private static Connection connection(String name, BackendKind kind, String uri, String tlsDir) {
        return new Connection(UUID.randomUUID().toString(), name, kind, uri, tlsDir, false, true);
    }
}
