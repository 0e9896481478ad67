package io.instanceconsole.bench;

import io.instanceconsole.backend.docker.DockerBackend;
import io.instanceconsole.backend.docker.DockerSettings;
import io.instanceconsole.backend.ssh.SshEnvironment;
import io.instanceconsole.backend.ssh.SshTarget;
import io.instanceconsole.backend.ssh.SshTunnel;
import io.instanceconsole.concurrent.ConsoleThreads;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.lab.DelayProxy;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Issue 19: connecting to a Docker host at 50 ms RTT over SSH, from the start of the SSH handshake to the first
 * listing; target ≤ 1.5 s. Per run, one after the other through the same {@link DelayProxy} (25 ms each way):
 * <ul>
 *   <li><b>console</b>: {@code DockerBackend.open} of {@code ssh://root@127.0.1.1:22/<socket>} (ssh -G, the ssh
 *   session with its stream-local forward, docker-java clients, the engine probe: ping + version) then
 *   {@code list()}: what the console does before a host's rows can show;</li>
 *   <li><b>ssh session alone</b>: {@code SshTunnel.open} until the forwarded socket listens, then closed: the
 *   handshake's share;</li>
 *   <li><b>CLI</b>: {@code docker -H ssh://… ps -a} (for comparison: its own ssh per HTTP connection).</li>
 * </ul>
 * The first run is the first ssh connection of this JVM (classes loaded, code interpreted) and is also reported alone;
 * the target is judged on the median of all runs. 20 containers on the host.
 */
final class SshConnectBenchmark {
    private static final int HOST = 1;

    private SshConnectBenchmark() {
    }

    static void run() throws Exception {
        int containers = Bench.size(20, 2);
        int runs = Bench.runs(7);
        SshLab.onDelayedHost(HOST, containers, "sshconnect", "icsc", host -> measure(host, containers, runs));
    }

    private static void measure(SshLab.DelayedHost host, int containers, int runs) throws Exception {
        SshEnvironment ssh = SshLab.sshEnvironment(host.lab(), host.dataDir());
        Bench.info("%s; %s; %d containers; %d runs", host.uri(), host.proxy(), containers, runs);
        List<Double> console = new ArrayList<>();
        List<Double> openOnly = new ArrayList<>();
        List<Double> listOnly = new ArrayList<>();
        List<Double> session = new ArrayList<>();
        List<Double> cli = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            Connection connection = new Connection(UUID.randomUUID().toString(), "lab" + HOST, BackendKind.DOCKER,
                    host.uri(), "", false, true);
            long start = System.nanoTime();
            List<Instance> listed;
            long opened;
            long done;
            try (DockerBackend backend = DockerBackend.open(connection, DockerSettings.defaults(),
                    Clock.systemUTC(), new ConsoleThreads(), ssh)) {
                opened = System.nanoTime();
                listed = backend.list();
                done = System.nanoTime();
            } // closing (ssh ended, socket removed) is not counted
            Bench.check(listed.stream().filter(i -> i.name().startsWith("sshconnect-")).count() == containers,
                    "the first listing has " + listed.size() + " containers");
            console.add(Bench.ms(done - start));
            openOnly.add(Bench.ms(opened - start));
            listOnly.add(Bench.ms(done - opened));

            long s0 = System.nanoTime();
            try (SshTunnel tunnel = SshTunnel.open(ssh, SshTarget.parse(host.uri()), host.lab().dockerSocket(HOST).toString())) {
                session.add(Bench.ms(System.nanoTime() - s0));
                Bench.check(tunnel.isAlive(), "ssh ended");
            }

            long c0 = System.nanoTime();
            String ps = SshLab.cli(host.lab(), host.docker(), host.uri(), "ps", "-a", "-q", "--filter", "label=" + SshLab.LABEL).output();
            cli.add(Bench.ms(System.nanoTime() - c0));
            Bench.check(ps.lines().count() == containers, "CLI listed " + ps.lines().count());
            System.out.printf("run %d: console open %.0f ms + first listing %.0f ms = %.0f ms | ssh session alone"
                            + " %.0f ms | CLI ps %.0f ms%n", run,
                    openOnly.getLast(), listOnly.getLast(), console.getLast(), session.getLast(), cli.getLast());
        }
        Bench.report("sshConnect.handshakeToFirstListing", "ms", console, "<=1500");
        Bench.report("sshConnect.handshakeToFirstListing.firstInJvm", "ms", console.subList(0, 1), "");
        Bench.report("sshConnect.open", "ms", openOnly, "");
        Bench.report("sshConnect.firstListing", "ms", listOnly, "");
        Bench.report("sshConnect.sshSessionAlone", "ms", session, "");
        Bench.report("sshConnect.cliPs", "ms", cli, "");
    }
}
