package io.instanceconsole.backend.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import io.instanceconsole.domain.InstanceFacts;
import io.instanceconsole.domain.InstanceKey;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A container's facts from its inspect (and its image's repository digests): image, command, times, restart policy,
 * health, ports, mounts, networks, labels and the names of its environment variables. The values of the variables
 * never enter the facts; {@link #environmentValue} reads one on request. Stateless.
 */
final class DockerFacts {
    private DockerFacts() {
    }

    /**
     * @param digests the image's repository digests, or empty when the image could not be read (removed since)
     */
    static InstanceFacts of(InstanceKey key, InspectContainerResponse r, List<String> digests, Instant now) {
        ContainerConfig config = r.getConfig() != null ? r.getConfig() : new ContainerConfig();
        InspectContainerResponse.ContainerState state = r.getState();
        InstanceFacts.Builder facts = InstanceFacts.builder(key, now);
        facts.section("Image")
                .fact("Image", config.getImage())
                .fact("Image ID", r.getImageId())
                .fact("Digest", digests.isEmpty() ? "none (built here, or the image is gone)" : String.join(", ", digests));
        facts.section("Process")
                .fact("Command", joined(config.getCmd()))
                .fact("Entrypoint", joined(config.getEntrypoint()))
                .fact("Created", r.getCreated())
                .fact("Started", state == null ? "" : notZero(state.getStartedAt()))
                .fact("Restart policy", restartPolicy(r.getHostConfig()))
                .fact("Health", state == null || state.getHealth() == null ? "no health check"
                        : state.getHealth().getStatus());
        facts.section("Ports");
        Ports ports = r.getNetworkSettings() == null ? null : r.getNetworkSettings().getPorts();
        if (ports != null) {
            // ExposedPort is not Comparable: by its text ("80/tcp")
            Map<String, Ports.Binding[]> byPort = new TreeMap<>();
            ports.getBindings().forEach((port, bound) -> byPort.put(port.toString(), bound));
            byPort.forEach((port, bound) -> facts.fact(port, bindings(bound)));
        }
        facts.section("Mounts");
        if (r.getMounts() != null) {
            for (InspectContainerResponse.Mount mount : r.getMounts()) {
                String source = mount.getName() != null && !mount.getName().isEmpty() ? "volume " + mount.getName()
                        : mount.getSource();
                facts.fact(mount.getDestination() == null ? "?" : mount.getDestination().getPath(),
                        source + (Boolean.FALSE.equals(mount.getRW()) ? " (read-only)" : ""));
            }
        }
        facts.section("Networks");
        if (r.getNetworkSettings() != null && r.getNetworkSettings().getNetworks() != null) {
            for (Map.Entry<String, ContainerNetwork> network : new TreeMap<>(r.getNetworkSettings().getNetworks()).entrySet()) {
                facts.fact(network.getKey(), address(network.getValue()));
            }
        }
        facts.section("Labels");
        if (config.getLabels() != null) {
            new TreeMap<>(config.getLabels()).forEach(facts::fact);
        }
        for (String variable : environment(config)) {
            int equals = variable.indexOf('=');
            facts.environmentName(equals < 0 ? variable : variable.substring(0, equals));
        }
        return facts.build();
    }

    /** The value of the variable named {@code name}, if the container has one. */
    static Optional<String> environmentValue(InspectContainerResponse r, String name) {
        String prefix = name + "=";
        for (String variable : environment(r.getConfig())) {
            if (variable.startsWith(prefix)) {
                return Optional.of(variable.substring(prefix.length()));
            }
            if (variable.equals(name)) {
                return Optional.of("");
            }
        }
        return Optional.empty();
    }

    private static List<String> environment(ContainerConfig config) {
        return config == null || config.getEnv() == null ? List.of() : Arrays.asList(config.getEnv());
    }

    private static String joined(String[] words) {
        return words == null ? "" : String.join(" ", words);
    }

    /** Docker says {@code 0001-01-01T00:00:00Z} for a container never started. */
    private static String notZero(String time) {
        return time == null || time.startsWith("0001-") ? "never" : time;
    }

    private static String restartPolicy(HostConfig host) {
        RestartPolicy policy = host == null ? null : host.getRestartPolicy();
        if (policy == null || policy.getName() == null || policy.getName().isEmpty()) {
            return "no";
        }
        Integer retries = policy.getMaximumRetryCount();
        return policy.getName() + (retries != null && retries > 0 ? " (at most " + retries + " retries)" : "");
    }

    private static String bindings(Ports.Binding[] bindings) {
        if (bindings == null || bindings.length == 0) {
            return "not published";
        }
        StringBuilder text = new StringBuilder();
        for (Ports.Binding binding : bindings) {
            if (!text.isEmpty()) {
                text.append(", ");
            }
            String ip = binding.getHostIp() == null || binding.getHostIp().isEmpty() ? "0.0.0.0" : binding.getHostIp();
            text.append(ip).append(':').append(binding.getHostPortSpec());
        }
        return text.toString();
    }

    private static String address(ContainerNetwork network) {
        String ip = network.getIpAddress() == null || network.getIpAddress().isEmpty() ? "no address"
                : network.getIpAddress() + (network.getIpPrefixLen() == null ? "" : "/" + network.getIpPrefixLen());
        String mac = network.getMacAddress() == null || network.getMacAddress().isEmpty() ? ""
                : " · MAC " + network.getMacAddress();
        return ip + mac;
    }
}
