package io.instanceconsole.bench;

import io.instanceconsole.backend.lxd.LxdBackend;
import io.instanceconsole.backend.lxd.LxdCli;
import io.instanceconsole.backend.lxd.LxdSettings;
import io.instanceconsole.concurrent.ConsoleThreads;
import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.ResilienceSettings;
import io.instanceconsole.service.ActionResult;
import io.instanceconsole.service.ManagedConnection;
import io.instanceconsole.testing.ProjectScripts;
import io.instanceconsole.testing.Scratch;
import io.instanceconsole.testing.ServiceFixture;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Bulk freeze then unfreeze of {@code --instances} containers spread over the 3 members of the tests' LXD cluster
 * (.ci/lxd-cluster.sh), through the console's LifecycleService and member 1's unix socket, side by side in the same
 * run with LXD's own client: {@code lxc pause a b c …} then {@code lxc start a b c …} (one command each; LXD 5.0 has
 * no {@code lxc resume}), and a loop of single {@code lxc pause NAME} / {@code lxc start NAME} calls. Every outcome is
 * checked with {@code lxc list}. Not a test: run it with {@code main} or {@code -Dbench.only=lxd-bulk}.
 */
public final class LxdBulkBenchmark {
    /**
     * {@code lxc pause/start} of many names sometimes never returns on this LXD (5.0.2), with no console around (4 rounds
     * of 60 names by hand: one start and one pause and start hung); it takes 3-4 s when it returns.
     */
    private static final Duration ONE_COMMAND_LIMIT = Duration.ofSeconds(30);

    private LxdBulkBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = Bench.intArg(args, "--rounds", 3);
        int count = Bench.intArg(args, "--instances", 60);
        int maxCalls = Bench.intArg(args, "--max-calls", ResilienceSettings.defaultsFor(BackendKind.LXD).maxConcurrentCalls());
        LxdCli lxc = new LxdCli(ProjectScripts.lxdCluster());
        Path dir = Scratch.directory("ic-bench-lxd");
        List<String> names = lxc.launchAcross("bench", count, "m1", "m2", "m3");
        List<Double> console = new ArrayList<>();
        List<Double> single = new ArrayList<>();
        List<Double> loop = new ArrayList<>();
        List<Double> consoleCounted = new ArrayList<>(); // the console's time in the rounds where lxc's command returned
        int lxcHung = 0;
        try (ServiceFixture fixture = new ServiceFixture(dir.resolve("data"))) {
            Connection connection = new Connection(UUID.randomUUID().toString(), "cluster", BackendKind.LXD,
                    "lxd+unix://" + lxc.cluster().socket(), "", false, true);
            ManagedConnection managed = fixture.connect(connection, LxdBackend.open(connection, dir.resolve("data"),
                    new ConsoleThreads(), LxdSettings.defaults(), Clock.systemUTC()),
                    ResilienceSettings.defaults().withBulkhead(maxCalls, ResilienceSettings.defaults().maxQueueWait()));
            List<InstanceKey> keys = names.stream().map(n -> new InstanceKey(managed.id(), n)).toList();
            for (int round = 1; round <= rounds; round++) {
                double c = timeBulk(fixture, Action.PAUSE, keys) + timeBulk(fixture, Action.RESUME, keys);
                checkAll(lxc, names, "RUNNING");
                console.add(c);
                double s;
                try {
                    s = timeLxc(lxc, names, true);
                } catch (LxdCli.LxcHung e) {
                    lxcHung++;
                    System.out.printf(Locale.ROOT, "round %d: console %.3f s | lxc one command did not finish in %d s: round not counted%n", round, c, ONE_COMMAND_LIMIT.toSeconds());
                    // whatever the killed command left frozen is unfrozen through the console, which does not hang
                    keys.stream().map(k -> fixture.lifecycle.perform(Action.RESUME, k)).toList().forEach(CompletableFuture::join);
                    checkAll(lxc, names, "RUNNING");
                    continue;
                }
                double l = timeLxc(lxc, names, false);
                consoleCounted.add(c);
                single.add(s);
                loop.add(l);
                System.out.printf(Locale.ROOT, "round %d: console %.3f s | lxc one command %.3f s | lxc loop %.3f s%n",
                        round, c, s, l);
            }
        } finally {
            lxc.removeCreated();
        }
        List<Double> vsSingle = new ArrayList<>();
        List<Double> vsLoop = new ArrayList<>();
        for (int i = 0; i < consoleCounted.size(); i++) {
            vsSingle.add(consoleCounted.get(i) / single.get(i));
            vsLoop.add(consoleCounted.get(i) / loop.get(i));
        }
        System.out.printf(Locale.ROOT, "%d rounds (%d freezes + %d unfreezes across 3 members), lxc's one command hung in %d:%n"
                        + "  console %.3f s (every round); in the other rounds lxc one command %.3f s, lxc loop %.3f s;"
                        + " console/one command %.2f, console/loop %.2f%n",
                rounds, count, count, lxcHung, Bench.median(console), single.isEmpty() ? Double.NaN : Bench.median(single),
                loop.isEmpty() ? Double.NaN : Bench.median(loop), vsSingle.isEmpty() ? Double.NaN : Bench.median(vsSingle),
                vsLoop.isEmpty() ? Double.NaN : Bench.median(vsLoop));
        String n = "lxd" + count;
        Bench.report(n + ".bulkFreezeUnfreeze.lxcOneCommandHung", "rounds", List.of((double) lxcHung), "");
        Bench.report(n + ".bulkFreezeUnfreeze.console", "s", console, "");
        Bench.report(n + ".bulkFreezeUnfreeze.lxcOneCommand", "s", single, "");
        Bench.report(n + ".bulkFreezeUnfreeze.lxcLoop", "s", loop, "");
        Bench.report(n + ".bulkFreezeUnfreeze.ratioVsLxcOneCommand", "ratio", vsSingle, "<=1.0");
        Bench.report(n + ".bulkFreezeUnfreeze.ratioVsLxcLoop", "ratio", vsLoop, "");
        if (!Boolean.getBoolean("bench.suite")) {
            System.exit(0);
        }
    }

    /** Every key at once (the connection's bulkhead bounds what is in flight); every one must succeed. */
    private static double timeBulk(ServiceFixture fixture, Action action, List<InstanceKey> keys) {
        long start = System.nanoTime();
        List<CompletableFuture<ActionResult>> futures = keys.stream().map(k -> fixture.lifecycle.perform(action, k)).toList();
        List<ActionResult> failed = futures.stream().map(CompletableFuture::join).filter(r -> !r.succeeded()).toList();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!failed.isEmpty()) {
            throw new IllegalStateException(failed.size() + " of " + keys.size() + " " + action + " failed, e.g. "
                    + failed.getFirst().message());
        }
        return seconds;
    }

    /** {@code lxc pause} then {@code lxc start} of every name: in one command each, or one command per name. */
    private static double timeLxc(LxdCli lxc, List<String> names, boolean oneCommand) {
        long start = System.nanoTime();
        for (String verb : List.of("pause", "start")) {
            if (oneCommand) {
                List<String> command = new ArrayList<>(List.of(verb));
                command.addAll(names);
                lxc.lxc(ONE_COMMAND_LIMIT, command.toArray(String[]::new));
            } else {
                names.forEach(n -> lxc.lxc(verb, n));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        checkAll(lxc, names, "RUNNING");
        return seconds;
    }

    private static void checkAll(LxdCli lxc, List<String> names, String status) {
        List<String> wrong = names.stream().filter(n -> !lxc.status(n).equals(status)).toList();
        if (!wrong.isEmpty()) {
            throw new IllegalStateException(wrong.size() + " instances are not " + status + ", e.g. " + wrong.getFirst());
        }
    }
}
