package io.instanceconsole.bench;

import io.instanceconsole.backend.libvirt.LibvirtConnections;
import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.service.ActionResult;
import io.instanceconsole.testing.ProjectScripts;
import io.instanceconsole.testing.Scratch;
import io.instanceconsole.testing.ServiceFixture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Bulk suspend then resume of every running domain of a 1,000-domain libvirt test-driver node, through the console's
 * LifecycleService (journal, store, Failsafe policies, bulkhead), side by side with {@code virsh} doing the same in the
 * same run. Not a test: run it with {@code main} (see docs/benchmarks.md for the command).
 *
 * <p>Each virsh process opens its own private copy of a file-URI test node (about 0.5 s to load 1,000 domains), so:
 * <ul>
 *   <li><b>virsh loop</b> (what a user types: {@code for d in ...; do virsh -c URI suspend $d; done}): one process per
 *   domain. Timed on a sample of {@code --virsh-sample} domains per direction per round (suspend of running domains,
 *   resume of domains the node file starts paused, so every command succeeds) and scaled to the full count; a full
 *   run would take ~13 minutes per round.</li>
 *   <li><b>virsh session</b>: one {@code virsh} process reading all suspend then all resume commands from stdin,
 *   timed in full.</li>
 * </ul>
 */
public final class LibvirtBulkSuspendBenchmark {
    private LibvirtBulkSuspendBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = Bench.intArg(args, "--rounds", 5);
        int sample = Bench.intArg(args, "--virsh-sample", 20);
        int domains = Bench.intArg(args, "--domains", 1000);
        Path dir = Scratch.directory("ic-bench-libvirt");
        String uri = ProjectScripts.libvirtTestNode(domains, dir.resolve("node.xml"));
        System.out.printf(Locale.ROOT, "node: %s (%d domains), rounds: %d, virsh loop sample: %d per direction%n",
                uri, domains, rounds, sample);

        List<Double> consoleSuspend = new ArrayList<>();
        List<Double> consoleResume = new ArrayList<>();
        List<Double> consoleTotal = new ArrayList<>();
        List<Double> sessionTotal = new ArrayList<>();
        List<Double> loopPerCommand = new ArrayList<>();
        int running;
        List<String> filePaused;

        try (ServiceFixture console = new ServiceFixture(dir.resolve("data"))) {
            LibvirtConnections.connect(console, LibvirtConnections.connection("bench", uri, false));
            List<Instance> all = console.known.ofConnection("bench");
            List<InstanceKey> runningKeys = all.stream().filter(i -> i.status() == InstanceStatus.RUNNING)
                    .map(Instance::key).toList();
            List<String> runningNames = all.stream().filter(i -> i.status() == InstanceStatus.RUNNING)
                    .map(Instance::name).sorted().toList();
            filePaused = all.stream().filter(i -> i.status() == InstanceStatus.PAUSED).map(Instance::name).sorted().toList();
            running = runningKeys.size();
            System.out.printf(Locale.ROOT, "running domains: %d%n", running);

            for (int round = 1; round <= rounds; round++) {
                double suspend = timeBulk(console, Action.PAUSE, runningKeys);
                double resume = timeBulk(console, Action.RESUME, runningKeys);
                double session = virshSession(uri, runningNames);
                double perCommand = virshLoopPerCommand(uri, runningNames, filePaused, sample);
                consoleSuspend.add(suspend);
                consoleResume.add(resume);
                consoleTotal.add(suspend + resume);
                sessionTotal.add(session);
                loopPerCommand.add(perCommand);
                System.out.printf(Locale.ROOT, "round %d: console suspend %.3f s + resume %.3f s = %.3f s | virsh session %.3f s"
                                + " | virsh loop %.1f ms/command -> %.1f s for %d commands%n",
                        round, suspend, resume, suspend + resume, session, perCommand * 1000, perCommand * 2 * running,
                        2 * running);
            }
        }
        double console = Bench.median(consoleTotal);
        double session = Bench.median(sessionTotal);
        double loop = Bench.median(loopPerCommand) * 2 * running;
        System.out.println();
        System.out.printf(Locale.ROOT, "medians over %d rounds (%d suspends + %d resumes):%n", rounds, running, running);
        System.out.printf(Locale.ROOT, "  console (LifecycleService)  suspend %.3f s, resume %.3f s, total %.3f s (%.0f actions/s)%n",
                Bench.median(consoleSuspend), Bench.median(consoleResume), console, 2 * running / console);
        System.out.printf(Locale.ROOT, "  virsh loop (1 process/cmd)  total %.1f s (%.1f ms per command, scaled from %d-domain samples)%n",
                loop, Bench.median(loopPerCommand) * 1000, sample);
        System.out.printf(Locale.ROOT, "  virsh session (1 process)   total %.3f s%n", session);
        System.out.printf(Locale.ROOT, "  ratio console / virsh loop    = %.4f%n", console / loop);
        System.out.printf(Locale.ROOT, "  ratio console / virsh session = %.2f%n", console / session);
        List<Double> loopRatio = new ArrayList<>();
        List<Double> sessionRatio = new ArrayList<>();
        for (int i = 0; i < consoleTotal.size(); i++) {
            loopRatio.add(consoleTotal.get(i) / (loopPerCommand.get(i) * 2 * running));
            sessionRatio.add(consoleTotal.get(i) / sessionTotal.get(i));
        }
        String n = "libvirt" + domains;
        Bench.report(n + ".bulkSuspendResume.console", "s", consoleTotal, "");
        Bench.report(n + ".bulkSuspendResume.virshSession", "s", sessionTotal, "");
        Bench.report(n + ".virshLoop.perCommand", "s", loopPerCommand, "");
        Bench.report(n + ".bulkSuspendResume.ratioVsVirshLoop", "ratio", loopRatio, "<=0.1");
        Bench.report(n + ".bulkSuspendResume.ratioVsVirshSession", "ratio", sessionRatio, "");
        if (!Boolean.getBoolean("bench.suite")) {
            System.exit(0);
        }
    }

    /** Submits the action for every key at once (the bulkhead bounds what is in flight); checks every one succeeded. */
    private static double timeBulk(ServiceFixture console, Action action, List<InstanceKey> keys) {
        long start = System.nanoTime();
        List<CompletableFuture<ActionResult>> futures = keys.stream().map(k -> console.lifecycle.perform(action, k)).toList();
        List<ActionResult> results = futures.stream().map(CompletableFuture::join).toList();
        double seconds = (System.nanoTime() - start) / 1e9;
        List<ActionResult> failed = results.stream().filter(r -> !r.succeeded()).toList();
        if (!failed.isEmpty()) {
            throw new IllegalStateException(failed.size() + " of " + keys.size() + " " + action + " did not succeed, e.g. "
                    + failed.get(0).outcome() + ": " + failed.get(0).message());
        }
        return seconds;
    }

    /** One virsh process, all suspends then all resumes on stdin; seconds. Fails if any command failed. */
    private static double virshSession(String uri, List<String> names) throws IOException, InterruptedException {
        String script = names.stream().map(n -> "suspend " + n).collect(Collectors.joining("\n", "", "\n"))
                + names.stream().map(n -> "resume " + n).collect(Collectors.joining("\n", "", "\n"));
        long start = System.nanoTime();
        Process virsh = new ProcessBuilder("virsh", "-c", uri).redirectErrorStream(true).start();
        virsh.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
        virsh.getOutputStream().close();
        String output = new String(virsh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!virsh.waitFor(300, TimeUnit.SECONDS)) {
            virsh.destroyForcibly();
            throw new IllegalStateException("virsh session did not finish in 300 s");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long ok = output.lines().filter(l -> l.endsWith("suspended") || l.endsWith("resumed")).count();
        if (ok != 2L * names.size()) {
            throw new IllegalStateException("virsh session: " + ok + " of " + 2 * names.size() + " commands succeeded: "
                    + output.lines().filter(l -> l.contains("error")).findFirst().orElse(""));
        }
        return seconds;
    }

    /**
     * {@code for d in ...; do virsh -c URI suspend $d; done} for {@code sample} running domains, then the same with
     * resume for {@code sample} domains the node starts paused (every process loads its own copy of the node, so a
     * resume must target a domain that is paused in the file); seconds per command.
     */
    private static double virshLoopPerCommand(String uri, List<String> running, List<String> paused, int sample)
            throws IOException, InterruptedException {
        List<String> commands = new ArrayList<>();
        running.stream().limit(sample).forEach(n -> commands.add("suspend " + n));
        paused.stream().limit(sample).forEach(n -> commands.add("resume " + n));
        String loop = "set -e; while read -r cmd dom; do virsh -q -c \"$1\" \"$cmd\" \"$dom\" >/dev/null; done";
        long start = System.nanoTime();
        Process shell = new ProcessBuilder("bash", "-c", loop, "bench", uri).redirectErrorStream(true).start();
        shell.getOutputStream().write(String.join("\n", commands).concat("\n").getBytes(StandardCharsets.UTF_8));
        shell.getOutputStream().close();
        String output = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!shell.waitFor(600, TimeUnit.SECONDS) || shell.exitValue() != 0) {
            throw new IllegalStateException("virsh loop failed: " + output);
        }
        return (System.nanoTime() - start) / 1e9 / commands.size();
    }
}
