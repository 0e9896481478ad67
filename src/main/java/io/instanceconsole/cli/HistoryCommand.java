package io.instanceconsole.cli;

import io.instanceconsole.domain.AuditEvent;
import io.instanceconsole.service.AuditRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

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

    @Option(names = "--since", paramLabel = "ISO_TIME", description = "Only events at or after this time (2026-11-28T14:00:00Z, or a date).")
    String since;

    @Mixin
    ListOutput output;

    @Override
    public Integer call() {
        Instant from = since == null ? Instant.EPOCH : parseTime(since);
        try (CliSession session = root.open()) {
            List<AuditEvent> events = session.auditTrail().since(from, 1_000_000);
            output.print(events, AuditRecord::of,
                    new TextTable("TIME", "CONNECTION", "INSTANCE", "ACTION", "OUTCOME", "USER", "MESSAGE"),
                    e -> new Object[] {e.time(), e.connectionName(), e.instanceName(), e.action(),
                            e.outcome().name(), e.user(), e.message()});
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
