package io.instanceconsole.cli;

import io.instanceconsole.domain.Connection;
import io.instanceconsole.service.ConsoleJson;
import io.instanceconsole.service.imports.ConnectionImport;
import io.instanceconsole.service.imports.ImportCandidate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code instancectl connections import [--from docker-contexts|virt-manager] [--dry-run] [--json]}: adds the Docker
 * contexts and virt-manager connections the user already has. Prints each one found as imported, already present
 * (same kind and URI) or not importable (with why, naming the file); exit 0 when nothing was not importable, 1
 * otherwise, 2 for a usage error. A new data directory is created only when something is imported.
 */
@Command(name = "import", description = "Import Docker contexts and virt-manager connections.")
final class ImportConnections implements Callable<Integer> {
    @ParentCommand
    ConnectionsCommand parent;
    @Spec
    CommandSpec spec;
    @Option(names = "--from", paramLabel = "SOURCE", description = "Only this source: docker-contexts or virt-manager.")
    String from;
    @Option(names = "--dry-run", description = "Show what would be imported; change nothing.")
    boolean dryRun;
    @Option(names = "--json", description = "Print a JSON object.")
    boolean json;

    /** One candidate in {@code --json}: {@code result} is imported, would-import, already-present, not-importable or failed. */
    record CandidateJson(String source, String name, String kind, String uri, String tlsDir, String result,
                         String detail, String origin) {
    }

    /** The whole {@code --json} answer. */
    record ReportJson(boolean dryRun, List<String> looked, List<CandidateJson> candidates, int imported,
                      int alreadyPresent, int notImportable) {
    }

    @Override
    public Integer call() {
        if (from != null && !ConnectionImport.SOURCES.contains(from)) {
            throw new CliException(ExitCode.USAGE, "--from must be one of " + String.join(", ", ConnectionImport.SOURCES)
                    + ", not '" + from + "'");
        }
        Set<String> only = from == null ? Set.of() : Set.of(from);
        ConnectionImport importer = ConnectionImport.forEnvironment(parent.root.sessions.environment());
        boolean exists = Files.exists(parent.root.sessions.dataDirectory(parent.root.dataDir));
        List<Row> rows = new ArrayList<>();
        List<String> looked;
        if (!exists) {
            // nothing to compare with; the directory is made only when something is imported
            ConnectionImport.Scan scan = importer.scan(List.of(), only);
            looked = scan.looked();
            if (dryRun || scan.importable().isEmpty()) {
                scan.candidates().forEach(c -> rows.add(Row.planned(c, dryRun)));
                return print(rows, looked);
            }
        }
        try (CliSession session = exists && dryRun ? parent.root.open() : parent.root.openCreating()) {
            List<Connection> existing = session.connectionManager().all();
            ConnectionImport.Scan scan = importer.scan(existing, only);
            looked = scan.looked();
            if (dryRun) {
                scan.candidates().forEach(c -> rows.add(Row.planned(c, true)));
            } else {
                importer.apply(session.connectionManager(), scan.candidates())
                        .forEach(o -> rows.add(new Row(o.candidate(), switch (o.result()) {
                            case IMPORTED -> "imported";
                            case ALREADY_PRESENT -> "already present";
                            case NOT_IMPORTABLE -> "not importable";
                            case FAILED -> "failed";
                        }, o.detail())));
            }
        }
        return print(rows, looked);
    }

    private record Row(ImportCandidate candidate, String result, String detail) {
        static Row planned(ImportCandidate c, boolean dryRun) {
            String result = switch (c.verdict()) {
                case IMPORTABLE -> dryRun ? "would import" : "imported";
                case ALREADY_PRESENT -> "already present";
                case NOT_IMPORTABLE -> "not importable";
            };
            return new Row(c, result, c.detail());
        }

        boolean bad() {
            return result.equals("not importable") || result.equals("failed");
        }
    }

    private int print(List<Row> rows, List<String> looked) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int imported = (int) rows.stream().filter(r -> r.result().equals("imported") || r.result().equals("would import")).count();
        int present = (int) rows.stream().filter(r -> r.result().equals("already present")).count();
        int bad = (int) rows.stream().filter(Row::bad).count();
        if (json) {
            out.println(ConsoleJson.write(new ReportJson(dryRun, looked, rows.stream().map(r -> new CandidateJson(
                    r.candidate().source(), r.candidate().name(), r.candidate().kind().key(), r.candidate().uri(),
                    r.candidate().tlsDir(), r.result().replace(' ', '-'), r.detail(), r.candidate().origin())).toList(),
                    imported, present, bad)));
        } else {
            looked.forEach(out::println);
            if (!rows.isEmpty()) {
                TextTable table = new TextTable("RESULT", "NAME", "KIND", "URI", "DETAIL");
                rows.forEach(r -> table.row(r.result(), r.candidate().name(), r.candidate().kind().key(),
                        r.candidate().uri(), detail(r)));
                table.print(out);
            }
            out.println((dryRun ? "would import " : "imported ") + imported + ", already present " + present
                    + ", not importable " + bad + (dryRun ? "; nothing was changed (--dry-run)" : ""));
        }
        out.flush();
        rows.stream().filter(Row::bad).forEach(r -> err.println("instancectl: " + r.result() + ": "
                + (r.detail().isEmpty() ? r.candidate().origin() : r.detail())));
        err.flush();
        return bad == 0 ? ExitCode.OK : ExitCode.FAILED;
    }

    private static String detail(Row r) {
        String tls = r.candidate().tlsDir().isEmpty() || r.bad() ? "" : "TLS " + r.candidate().tlsDir();
        if (tls.isEmpty()) {
            return r.detail();
        }
        return r.detail().isEmpty() ? tls : tls + "; " + r.detail();
    }

}
