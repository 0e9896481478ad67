package io.instanceconsole.cli;

import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceFacts;
import io.instanceconsole.service.ConsoleJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code instancectl show NAME_OR_ID}: the facts of one instance as the details pane shows them, read from its host
 * now. The names of its environment variables are listed, never their values. Exit codes: 0 shown, 1 the host could
 * not describe it, 2 the name means several instances, 3 its host cannot be reached, 4 no such instance.
 */
@Command(name = "show", description = "Show the facts of one instance (environment variables by name only).")
final class ShowCommand implements Callable<Integer> {
    @ParentCommand
    InstanceCtl root;

    @Spec
    CommandSpec spec;

    @Mixin
    OneInstance.Options which;

    @Option(names = "--json", description = "Print the facts as one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        try (CliSession session = root.open()) {
            OneInstance.Found found = which.resolve(session);
            Instance instance = found.instance();
            Connection host = found.connection();
            InstanceFacts facts = found.await("show", session.facts().read(instance.key()));
            print(instance, host, facts);
            return ExitCode.OK;
        }
    }

    private void print(Instance instance, Connection host, InstanceFacts facts) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(ConsoleJson.write(FactsJson.of(instance, host, facts)));
        } else {
            out.println(instance.name() + " on " + host.name() + " (" + instance.id() + ")");
            for (InstanceFacts.Section section : facts.sections()) {
                out.println();
                out.println(section.title());
                int width = section.facts().stream().mapToInt(f -> f.label().length()).max().orElse(0);
                section.facts().forEach(f -> out.println(("  " + String.format("%-" + width + "s", f.label()) + "  "
                        + f.value()).stripTrailing()));
            }
            if (!facts.environmentNames().isEmpty()) {
                out.println();
                out.println("Environment (names only; values are not shown)");
                facts.environmentNames().forEach(n -> out.println("  " + n));
            }
        }
        out.flush();
    }

    /** {@code show --json}: the instance, its connection, the sections as the pane shows them, variable names only. */
    record FactsJson(String id, String name, String connection, String kind, String status, Instant observedAt,
                     List<InstanceFacts.Section> sections, List<String> environmentNames) {
        static FactsJson of(Instance instance, Connection host, InstanceFacts facts) {
            return new FactsJson(instance.id(), instance.name(), host.name(), instance.kind().key(),
                    instance.status().name(), facts.observedAt(), facts.sections(), facts.environmentNames());
        }
    }
}
