package io.instanceconsole.cli;

import io.instanceconsole.domain.AuditEvent;
import io.instanceconsole.service.AuditRecord;
import io.instanceconsole.service.ConsoleJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** {@code instancectl history}: the audit trail, oldest first. */
@Command(name = "history", description = "Show the audit trail of what was done.")
final class HistoryCommand implements Callable<Integer> {
    @ParentCommand
    InstanceCtl root;

    @Spec
    CommandSpec spec;

    @Option(names = "--since", paramLabel = "ISO_TIME", description = "Only events at or after this time (2026-11-28T14:00:00Z, or a date).")
    String since;

    @Option(names = "--json", description = "Print a JSON array.")
    boolean json;

    @Override
    public Integer call() {
        Instant from = since == null ? Instant.EPOCH : parseTime(since);
        try (CliSession session = root.open()) {
            List<AuditEvent> events = session.auditTrail().since(from, 1_000_000);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(ConsoleJson.write(events.stream().map(AuditRecord::of).toList()));
            } else {
                TextTable table = new TextTable("TIME", "CONNECTION", "INSTANCE", "ACTION", "OUTCOME", "USER", "MESSAGE");
                events.forEach(e -> table.row(e.time(), e.connectionName(), e.instanceName(), e.action(), e.outcome().name(),
                        e.user(), e.message()));
                table.print(out);
            }
            out.flush();
            return ExitCode.OK;
        }
    }

    /** An ISO time with an offset or Z, one without (local time, as a date is), or a date (its start, local time). */
    static Instant parseTime(String text) {
        List<Function<String, Instant>> forms = List.of(
                t -> OffsetDateTime.parse(t).toInstant(),
                Instant::parse,
                t -> LocalDateTime.parse(t).atZone(ZoneId.systemDefault()).toInstant(),
                t -> LocalDate.parse(t).atStartOfDay(ZoneId.systemDefault()).toInstant());
        for (Function<String, Instant> form : forms) {
            try {
                return form.apply(text);
            } catch (DateTimeParseException notThisForm) {
                // the next form
            }
        }
        throw new CliException(ExitCode.USAGE, "invalid --since '" + text + "': expected an ISO time like "
                + "2026-11-28T14:00:00Z, 2026-11-28T15:00 (local time) or a date like 2026-11-28");
    }
}
