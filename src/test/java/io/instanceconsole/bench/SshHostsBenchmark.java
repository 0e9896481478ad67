package io.instanceconsole.bench;

import com.sun.management.OperatingSystemMXBean;
import io.instanceconsole.app.AppContext;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.ConnectionPolicy;
import io.instanceconsole.lab.DelayProxy;
import io.instanceconsole.lab.HostLab;
import io.instanceconsole.store.DataDirectory;
import io.instanceconsole.testing.Scratch;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Issue 19: 10 SSH hosts × 20 containers, each host its own dockerd (lab hosts 1..10): the full table ≤ 3 s after
 * start. Per run, a fresh data directory holding only the 10 connections {@code ssh://root@127.0.1.I:22/<host I's
 * socket>} (nothing cached, so no row can come from the store), each host behind its own {@link DelayProxy}
 * (25 ms each way, {@code -Dbench.ssh.oneWayMs} for another delay); then, timed: {@code AppContext.open} (store,
 * ssh environment from {@code INSTANCE_CONSOLE_SSH_CONFIG} and {@code SSH_AUTH_SOCK}, as the GUI opens it) and
 * {@code connectAll()}, until {@code known()} (the model the table shows) holds all 200 rows. Also prints when each
 * host's rows arrived. In-process, without the window: the GUI's own start-up is the {@code startup} benchmark's.
 */
final class SshHostsBenchmark {
    private SshHostsBenchmark() {
    }

    static void run() throws Exception {
        int hosts = Bench.size(10, 2);
        int perHost = Bench.size(20, 2);
        int runs = Bench.runs(5);
        Duration oneWay = Duration.ofMillis(Long.getLong("bench.ssh.oneWayMs", SshLab.ONE_WAY.toMillis()));
        HostLab lab = SshLab.up(hosts);
        List<DelayProxy> proxies = new ArrayList<>();
        try {
            List<CompletableFuture<Void>> creating = new ArrayList<>();
            for (int i = 1; i <= hosts; i++) {
                int host = i;
                creating.add(CompletableFuture.runAsync(() -> {
                    try {
                        SshLab.createContainers(lab, host, perHost, "sshhosts" + host);
                    } catch (Exception e) {
                        throw new IllegalStateException("host " + host + ": " + e.getMessage(), e);
                    }
                }));
            }
            CompletableFuture.allOf(creating.toArray(CompletableFuture[]::new)).join();
            for (int i = 1; i <= hosts; i++) {
                proxies.add(lab.delayProxy(i, oneWay));
            }
            Bench.info("%d hosts × %d containers, each host behind %s", hosts, perHost, proxies.getFirst());
            List<Double> full = new ArrayList<>();
            List<Double> opens = new ArrayList<>();
            List<Double> firstHost = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                Path dir = Scratch.directory("icsh");
                Path dataDir = dir.resolve("data");
                Map<String, String> env = SshLab.consoleEnv(lab, dir);
                List<String> ids = prepare(lab, dataDir, env, hosts, proxies);

                long[] arrived = new long[hosts];
                long[] machineBefore = Machine.cpuJiffies();
                long jvmBefore = jvmCpuNanos();
                long start = System.nanoTime();
                try (AppContext context = AppContext.open(new DataDirectory(dataDir), Clock.systemUTC(), env)) {
                    long opened = System.nanoTime();
                    Bench.check(context.known().all().isEmpty(), "rows before connecting: the data directory is not fresh");
                    CompletableFuture<Void> connecting = context.connectAll();
                    long deadline = start + TimeUnit.SECONDS.toNanos(60);
                    int done = 0;
                    while (done < hosts) {
                        for (int h = 0; h < hosts; h++) {
                            if (arrived[h] == 0 && rows(context, ids.get(h), h + 1) == perHost) {
                                arrived[h] = System.nanoTime();
                                done++;
                            }
                        }
                        if (done < hosts) {
                            Bench.check(System.nanoTime() < deadline, "not all rows within 60 s: " + arrivals(start, arrived)
                                    + "; open errors: " + errors(context, ids));
                            Thread.sleep(2);
                        }
                    }
                    long all = System.nanoTime();
                    String cpu = Machine.busySince(machineBefore) + String.format(", this JVM's CPU %.0f ms",
                            Bench.ms(jvmCpuNanos() - jvmBefore));
                    connecting.orTimeout(60, TimeUnit.SECONDS).join();
                    full.add(Bench.ms(all - start));
                    opens.add(Bench.ms(opened - start));
                    firstHost.add(Bench.ms(Arrays.stream(arrived).min().orElseThrow() - start));
                    System.out.printf("run %d: all %d rows after %.0f ms (AppContext.open %.0f ms; hosts' rows at %s; %s)%n",
                            run, hosts * perHost, full.getLast(), opens.getLast(), arrivals(start, arrived), cpu);
                }
            }
            String name = "sshHosts" + hosts + "x" + perHost;
            Bench.report(name + ".fullTable", "ms", full, "<=3000");
            Bench.report(name + ".firstHostRows", "ms", firstHost, "");
            Bench.report(name + ".appContextOpen", "ms", opens, "");
        } finally {
            proxies.forEach(DelayProxy::close);
            for (int i = 1; i <= hosts; i++) {
                SshLab.removeContainers(lab, i);
            }
        }
    }

    /** A data directory with exactly the hosts' connections, never connected; returns their ids in host order. */
    private static List<String> prepare(HostLab lab, Path dataDir, Map<String, String> env, int hosts,
                                        List<DelayProxy> proxies) {
        try (AppContext context = AppContext.open(new DataDirectory(dataDir), Clock.systemUTC(), env)) {
            // the first start offers what it finds locally (or the simulator): not part of this benchmark
            for (Connection seeded : context.connections().findAll()) {
                context.connectionManager().remove(seeded.id());
            }
            List<String> ids = new ArrayList<>();
            for (int i = 1; i <= hosts; i++) {
                ids.add(context.connectionManager().add("lab" + i, BackendKind.DOCKER,
                        lab.dockerSshUri(i, proxies.get(i - 1).port()), "", false, ConnectionPolicy.defaults()).id());
            }
            return ids;
        }
    }

    private static long jvmCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long rows(AppContext context, String connectionId, int host) {
        String prefix = "sshhosts" + host + "-";
        return context.known().ofConnection(connectionId).stream().filter(i -> i.name().startsWith(prefix)).count();
    }

    private static String arrivals(long start, long[] arrived) {
        List<String> parts = new ArrayList<>();
        for (long t : arrived) {
            parts.add(t == 0 ? "-" : String.format("%.0f", Bench.ms(t - start)));
        }
        return String.join(", ", parts) + " ms";
    }

    private static String errors(AppContext context, List<String> ids) {
        List<String> errors = new ArrayList<>();
        for (String id : ids) {
            context.openError(id).ifPresent(errors::add);
        }
        return errors.isEmpty() ? "none" : String.join("; ", errors);
    }
}
