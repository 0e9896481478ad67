package io.instanceconsole.backend.simulator;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * How a simulated host behaves. Immutable.
 *
 * @param instanceCount instances generated on first start
 * @param seed          seed of the generated fleet
 * @param latency       added to every call, to feel like a real host
 * @param stateFile     where the simulated host keeps its state across restarts, or null for memory only
 */
public record SimulatorSettings(int instanceCount, long seed, Duration latency, Path stateFile) {

    public SimulatorSettings {
        if (instanceCount < 0) {
            throw new IllegalArgumentException("instance count must not be negative: " + instanceCount);
        }
        if (latency == null || latency.isNegative()) {
            throw new IllegalArgumentException("latency must be zero or positive");
        }
    }

    public static SimulatorSettings inMemory(int instanceCount, Duration latency) {
        return new SimulatorSettings(instanceCount, 42, latency, null);
    }

    /**
     * Reads {@code sim://NAME?count=40&latencyMs=120&seed=7}; unknown or malformed parameters are refused
     * with a message naming the URI.
     */
    public static SimulatorSettings fromUri(String uri, Path stateFile) {
        URI parsed;
        try {
            parsed = URI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + uri + "' is not a valid simulator URI: " + e.getMessage(), e);
        }
        if (!"sim".equals(parsed.getScheme())) {
            throw new IllegalArgumentException("'" + uri + "' is not a simulator URI (expected sim://NAME)");
        }
        Map<String, String> params = new HashMap<>();
        if (parsed.getQuery() != null) {
            for (String pair : parsed.getQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                params.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        try {
            int count = Integer.parseInt(params.getOrDefault("count", "40"));
            long latencyMs = Long.parseLong(params.getOrDefault("latencyMs", "150"));
            long seed = Long.parseLong(params.getOrDefault("seed", "42"));
            params.keySet().removeAll(Set.of("count", "latencyMs", "seed"));
            if (!params.isEmpty()) {
                throw new IllegalArgumentException("'" + uri + "': unknown parameter(s) " + params.keySet()
                        + " (known: count, latencyMs, seed)");
            }
            return new SimulatorSettings(count, seed, Duration.ofMillis(latencyMs), stateFile);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + uri + "': count, latencyMs and seed must be whole numbers", e);
        }
    }
}
