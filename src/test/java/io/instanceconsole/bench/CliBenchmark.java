package io.instanceconsole.bench;

import io.instanceconsole.app.BenchWindows;
import io.instanceconsole.backend.docker.DockerCli;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.testing.ProjectScripts;
import io.instanceconsole.testing.Scratch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code instancectl} one call at a time (issue 23), side by side in one run with the docker CLI and virsh, through
 * the app image's launcher when there is one ({@link Instancectl}): every call is a new process, as in a shell loop.
 * <ul>
 *   <li>{@code --version} and {@code --help};</li>
 *   <li>{@code list --json} with 1,000 simulated instances cached in the store;</li>
 *   <li>pause and resume of one container on a local Docker engine ({@code .ci/docker-engine.sh}, root only), against
 *       {@code docker pause/unpause}, interleaved; then a shell loop of single pauses of N containers, against the
 *       same loop of {@code docker pause};</li>
 *   <li>pause of the libvirt test driver's domain ({@code test:///default}) against {@code virsh suspend}: each process
 *       gets its own fresh copy of that node, so every call pauses a running domain;</li>
 *   <li>12 single pauses started at once against one data directory (simulator), all of which must succeed and leave
 *       12 audit events;</li>
 *   <li>a profile of each call's phases ({@code CLI_PHASES}, separate runs with the probe on).</li>
 * </ul>
 * Every outcome is checked (exit codes, the container's state, the JSON's rows, the audit trail). Figures are medians
 * with min and max; in smoke mode sizes are tiny and nothing is judged.
 */
final class CliBenchmark {
    private static final Pattern AUDIT_ROW = Pattern.compile("\"action\"\\s*:\\s*\"pause\"");

    private CliBenchmark() {
    }

    static void run() throws Exception {
        Instancectl ctl = Instancectl.find();
        Bench.info("instancectl: %s", ctl.describe());
        int runs = Bench.runs(9);
        String form = ctl.form();
        startup(ctl, runs, form);
        list(ctl, runs, form);
        concurrent(ctl, form);
        docker(ctl, runs, form);
        libvirt(ctl, runs, form);
    }

    private static void startup(Instancectl ctl, int runs, String form) throws Exception {
        List<Double> version = new ArrayList<>();
        List<Double> help = new ArrayList<>();
        List<Double> versionCpu = new ArrayList<>();
        List<Double> helpCpu = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            Instancectl.Run v = ctl.run("--version").requireExit(0, "instancectl --version");
            Bench.check(v.out().startsWith("Instance Console "), "--version printed: " + v.out());
            version.add(v.ms());
            addCpu(versionCpu, v);
            Instancectl.Run h = ctl.run("--help").requireExit(0, "instancectl --help");
            Bench.check(h.out().contains("pause"), "--help does not list pause: " + h.out());
            help.add(h.ms());
            addCpu(helpCpu, h);
        }
        Bench.report("cli.version" + form, "ms", version, "<=150");
        Bench.report("cli.help" + form, "ms", help, "<=150");
        reportCpu("cli.version" + form, versionCpu);
        reportCpu("cli.help" + form, helpCpu);
    }

    private static void list(Instancectl ctl, int runs, String form) throws Exception {
        int count = Bench.size(1000, 50);
        Path dir = Scratch.directory("ic-bench-cli-list");
        BenchWindows.prepare(dir, BackendKind.SIMULATOR, "fleet", "sim://fleet?count=" + count + "&latencyMs=0", true);
        List<Double> times = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        Map<String, List<Double>> phases = new LinkedHashMap<>();
        for (int i = 0; i < runs; i++) {
            Instancectl.Run run = ctl.run("--data-dir", dir.toString(), "list", "--json").requireExit(0, "list --json");
            addCpu(cpu, run);
            long rows = run.out().lines().count() == 0 ? 0 : run.out().split("\"lastSeen\"", -1).length - 1;
            Bench.check(rows == count, "list --json printed " + rows + " instances, expected " + count);
            times.add(run.ms());
            Instancectl.collect(phases, ctl.profiled("--data-dir", dir.toString(), "list", "--json")
                    .requireExit(0, "list --json (profiled)"));
        }
        Bench.report("cli.list" + count + ".json" + form, "ms", times, "<=250");
        reportCpu("cli.list" + count + ".json" + form, cpu);
        Instancectl.reportPhases("cli.profile.list" + count + form, phases);
    }

    /** 12 single pauses started at once, one process each, against one data directory. */
    private static void concurrent(Instancectl ctl, String form) throws Exception {
        int processes = Bench.size(12, 3);
        Path dir = Scratch.directory("ic-bench-cli-concurrent");
        BenchWindows.prepare(dir, BackendKind.SIMULATOR, "sim", "sim://sim?count=" + (processes * 2) + "&latencyMs=0",
                true);
        // the simulator's own names, running ones; each round resumes them again
        List<String> names = runningNames(ctl, dir, processes);
        List<Double> totals = new ArrayList<>();
        for (int round = 0; round < Bench.runs(3); round++) {
            int auditBefore = pauses(ctl, dir);
            List<Instancectl.Started> started = new ArrayList<>();
            long t0 = System.nanoTime();
            for (String name : names) {
                started.add(ctl.start("--data-dir", dir.toString(), "pause", name));
            }
            for (Instancectl.Started s : started) {
                ctl.finish(s).requireExit(0, "one of " + processes + " pauses at once");
            }
            double ms = Bench.ms(System.nanoTime() - t0);
            int recorded = pauses(ctl, dir) - auditBefore;
            Bench.check(recorded == processes, recorded + " pause audit events for " + processes + " pauses at once");
            totals.add(ms);
            Bench.info("round %d: %d pauses at once, all recorded, in %.0f ms", round + 1, processes, ms);
            List<String> resume = new ArrayList<>(List.of("--data-dir", dir.toString(), "resume"));
            resume.addAll(names);
            ctl.run(resume.toArray(String[]::new)).requireExit(0, "resume of the paused ones");
        }
        Bench.report("cli.concurrent" + processes + ".pause" + form, "ms", totals, "<=4000");
    }

    private static List<String> runningNames(Instancectl ctl, Path dir, int wanted) throws Exception {
        Instancectl.Run run = ctl.run("--data-dir", dir.toString(), "list", "--status", "running", "--json")
                .requireExit(0, "list --status running");
        Matcher names = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]+)\"").matcher(run.out());
        List<String> found = new ArrayList<>();
        while (names.find() && found.size() < wanted) {
            found.add(names.group(1));
        }
        Bench.check(found.size() == wanted, "only " + found.size() + " running simulated instances, need " + wanted);
        return found;
    }

    private static int pauses(Instancectl ctl, Path dir) throws Exception {
        Instancectl.Run history = ctl.run("--data-dir", dir.toString(), "history", "--json").requireExit(0, "history");
        return (int) AUDIT_ROW.matcher(history.out()).results().count();
    }

    private static void docker(Instancectl ctl, int runs, String form) throws Exception {
        if (!Machine.isRoot() || !Machine.onPath("docker")) {
            for (String name : List.of("pause", "resume", "loop")) {
                Bench.skip("cli.docker." + name + form, "needs root and the docker CLI for a local engine");
            }
            return;
        }
        String host = ProjectScripts.dockerEngine("cli-bench");
        DockerCli docker = new DockerCli(host);
        docker.removeAll();
        int loop = Bench.size(100, 3);
        List<String> containers = new ArrayList<>();
        for (int i = 0; i < loop; i++) {
            containers.add("c" + i);
            docker.runDetached("c" + i);
        }
        Path dir = Scratch.directory("ic-bench-cli-docker");
        ctl.run("--data-dir", dir.resolve("data").toString(), "connections", "add", "local", "--docker", host)
                .requireExit(0, "connections add");
        String data = dir.resolve("data").toString();
        ctl.run("--data-dir", data, "list").requireExit(0, "list"); // the store knows the containers, as after any use
        List<String> dockerCli = List.of("docker", "-H", host);
        List<Double> pause = new ArrayList<>();
        List<Double> resume = new ArrayList<>();
        List<Double> cliPause = new ArrayList<>();
        List<Double> cliUnpause = new ArrayList<>();
        List<Double> pauseCpu = new ArrayList<>();
        Map<String, List<Double>> phases = new LinkedHashMap<>();
        for (int i = 0; i < runs; i++) {
            // interleaved, each on its own container, so neither always meets a just-settled engine
            Instancectl.Run paused = ctl.run("--data-dir", data, "pause", "c0").requireExit(0, "instancectl pause c0");
            pause.add(paused.ms());
            addCpu(pauseCpu, paused);
            cliPause.add(ctl.exec(concat(dockerCli, "pause", "c1"), false).requireExit(0, "docker pause c1").ms());
            Bench.check(docker.state("c0").equals("paused"), "c0 is " + docker.state("c0") + " after instancectl pause");
            resume.add(ctl.run("--data-dir", data, "resume", "c0").requireExit(0, "instancectl resume c0").ms());
            cliUnpause.add(ctl.exec(concat(dockerCli, "unpause", "c1"), false).requireExit(0, "docker unpause c1").ms());
            Bench.check(docker.state("c0").equals("running"), "c0 is " + docker.state("c0") + " after instancectl resume");
            Instancectl.collect(phases, ctl.profiled("--data-dir", data, "pause", "c0").requireExit(0, "pause (profiled)"));
            Instancectl.collect(phases, ctl.profiled("--data-dir", data, "resume", "c0").requireExit(0, "resume (profiled)"));
        }
        Bench.report("cli.docker.pause" + form, "ms", pause, "<=300");
        Bench.report("cli.docker.resume" + form, "ms", resume, "<=300");
        reportCpu("cli.docker.pause" + form, pauseCpu);
        Bench.report("dockercli.pause", "ms", cliPause, "");
        Bench.report("dockercli.unpause", "ms", cliUnpause, "");
        Instancectl.reportPhases("cli.profile.docker.pauseOrResume" + form, phases);

        // a shell loop of single pauses, then the docker CLI's same loop, on the same containers
        String names = String.join(" ", containers);
        String ctlLoop = "for c in " + names + "; do " + shellWords(ctl.command("--data-dir", data, "pause"))
                + " \"$c\" >/dev/null || exit 1; done";
        String cliLoop = "for c in " + names + "; do " + shellWords(dockerCli) + " pause \"$c\" >/dev/null || exit 1; done";
        double ctlMs = ctl.exec(List.of("bash", "-c", ctlLoop), false).requireExit(0, "the instancectl loop").ms();
        Bench.check(containers.stream().allMatch(c -> docker.state(c).equals("paused")), "not every container paused");
        ctl.exec(List.of("bash", "-c", "for c in " + names + "; do " + shellWords(dockerCli) + " unpause \"$c\" >/dev/null; done"),
                false).requireExit(0, "unpause");
        double cliMs = ctl.exec(List.of("bash", "-c", cliLoop), false).requireExit(0, "the docker CLI loop").ms();
        Bench.report("cli.docker.loop" + loop + ".pause" + form, "ms", List.of(ctlMs), "<=" + (loop * 400));
        Bench.report("dockercli.loop" + loop + ".pause", "ms", List.of(cliMs), "");
        Bench.report("cli.docker.loop" + loop + ".ratioToDockerCli" + form, "ratio", List.of(ctlMs / cliMs), "");
        docker.removeAll();
    }

    private static void libvirt(Instancectl ctl, int runs, String form) throws Exception {
        if (!Machine.onPath("virsh")) {
            Bench.skip("cli.libvirt.pause" + form, "no virsh on PATH (libvirt-clients)");
            return;
        }
        String uri = "test:///default";
        Path dir = Scratch.directory("ic-bench-cli-libvirt");
        String data = dir.resolve("data").toString();
        ctl.run("--data-dir", data, "connections", "add", "test", "--libvirt", uri).requireExit(0, "connections add");
        ctl.run("--data-dir", data, "list").requireExit(0, "list");
        List<Double> pause = new ArrayList<>();
        List<Double> virsh = new ArrayList<>();
        Map<String, List<Double>> phases = new LinkedHashMap<>();
        for (int i = 0; i < runs; i++) {
            Instancectl.Run run = ctl.run("--data-dir", data, "pause", "test").requireExit(0, "instancectl pause test");
            Bench.check(run.out().contains("SUCCEEDED"), "instancectl pause test: " + run.out());
            pause.add(run.ms());
            virsh.add(ctl.exec(List.of("virsh", "-c", uri, "suspend", "test"), false).requireExit(0, "virsh suspend").ms());
            Instancectl.collect(phases, ctl.profiled("--data-dir", data, "pause", "test").requireExit(0, "pause (profiled)"));
        }
        Bench.report("cli.libvirt.pause" + form, "ms", pause, "<=300");
        Bench.report("virsh.suspend", "ms", virsh, "");
        Instancectl.reportPhases("cli.profile.libvirt.pause" + form, phases);
    }

    private static void addCpu(List<Double> into, Instancectl.Run run) {
        if (!Double.isNaN(run.cpuMs())) {
            into.add(run.cpuMs());
        }
    }

    /** CPU time (user + system) of the process and its children, when {@code /usr/bin/time} could tell. */
    private static void reportCpu(String name, List<Double> cpu) {
        if (cpu.isEmpty()) {
            Bench.skip(name + ".cpu", "no /usr/bin/time to measure CPU time");
        } else {
            Bench.report(name + ".cpu", "ms", cpu, "");
        }
    }

    private static List<String> concat(List<String> command, String... args) {
        List<String> all = new ArrayList<>(command);
        all.addAll(List.of(args));
        return all;
    }

    private static String shellWords(List<String> words) {
        return String.join(" ", words.stream().map(w -> "'" + w.replace("'", "'\\''") + "'").toList());
    }
}
