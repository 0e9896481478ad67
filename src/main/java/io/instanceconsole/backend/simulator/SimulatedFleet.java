package io.instanceconsole.backend.simulator;

import io.instanceconsole.domain.InstanceStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Generates a realistic, repeatable mix of simulated containers and VMs in mixed states. */
final class SimulatedFleet {
    private static final String[][] WORKLOADS = {
            {"web-frontend", "nginx:1.27-alpine"}, {"api-gateway", "envoyproxy/envoy:v1.31"},
            {"postgres-main", "postgres:16.4"}, {"redis-cache", "redis:7.4"}, {"build-runner", "gitlab/gitlab-runner:v17.3"},
            {"kafka-broker", "apache/kafka:3.8.0"}, {"grafana", "grafana/grafana:11.2.0"}, {"prometheus", "prom/prometheus:v2.54.1"},
            {"dev-vm-debian", "debian-12-genericcloud"}, {"win-test-vm", "windows-server-2022"}, {"k8s-node", "ubuntu-24.04-server"},
            {"ci-cache", "minio/minio:RELEASE.2024-09"}, {"search", "opensearchproject/opensearch:2.16.0"},
            {"mail-relay", "boky/postfix:4.3"}, {"keycloak", "quay.io/keycloak/keycloak:25.0"}, {"vault", "hashicorp/vault:1.17"},
    };

    private SimulatedFleet() {
    }

    /** {@code count} instances; the same seed gives the same fleet. */
    static List<SimulatedInstance> generate(int count, long seed, Instant now) {
        Random random = new Random(seed);
        List<SimulatedInstance> fleet = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String[] workload = WORKLOADS[i % WORKLOADS.length];
            int replica = i / WORKLOADS.length + 1;
            String name = workload[0] + "-" + replica;
            InstanceStatus status = pickStatus(random);
            String reason = status == InstanceStatus.PAUSED ? "user" : status == InstanceStatus.STOPPED ? "exited (0)" : "";
            Instant created = now.minus(Duration.ofMinutes(30 + random.nextInt(60 * 24 * 40)));
            fleet.add(new SimulatedInstance(String.format("sim-%05d", i + 1), name, workload[1], status, reason, created));
        }
        return fleet;
    }

    private static InstanceStatus pickStatus(Random random) {
        int roll = random.nextInt(100);
        if (roll < 62) return InstanceStatus.RUNNING;
        if (roll < 76) return InstanceStatus.PAUSED;
        if (roll < 92) return InstanceStatus.STOPPED;
        if (roll < 97) return InstanceStatus.CREATED;
        return InstanceStatus.ERROR;
    }
}
