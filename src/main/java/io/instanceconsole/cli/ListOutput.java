package io.instanceconsole.cli;

import io.instanceconsole.service.ConsoleJson;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.function.Function;

/**
 * The {@code --json} option of the commands that list things, and the printing it chooses: a JSON array of one object
 * an item, or an aligned text table of one row an item, on standard output. A picocli mixin.
 */
final class ListOutput {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--json", description = "Print a JSON array.")
    boolean json;

    /**
     * @param asJson the object that stands for an item in the JSON array
     * @param table  the table with its header, to which each item adds the row {@code asRow} makes of it
     */
    <T> void print(List<T> items, Function<T, ?> asJson, TextTable table, Function<T, Object[]> asRow) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(ConsoleJson.write(items.stream().map(asJson).toList()));
        } else {
            items.forEach(item -> table.row(asRow.apply(item)));
            table.print(out);
        }
        out.flush();
    }
}
