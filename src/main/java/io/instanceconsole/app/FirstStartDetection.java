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
 * socket) and local libvirt ({@code LIBVIRT_DEFAULT_URI} or the system socket), and the embedded simulator only when
 * nothing real is found, so the console shows a working table anywhere.
 */
final class FirstStartDetection {
    static final String DOCKER_DEFAULT_SOCKET = "/var/run/docker.sock";
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

    private static Connection connection(String name, BackendKind kind, String uri, String tlsDir) {
        return new Connection(UUID.randomUUID().toString(), name, kind, uri, tlsDir, false, true);
    }
}
