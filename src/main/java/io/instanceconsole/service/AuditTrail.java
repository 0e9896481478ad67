package io.instanceconsole.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.instanceconsole.domain.AuditEvent;
import io.instanceconsole.store.StoreJournal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;

/**
 * Read side of the audit trail for the Activity view: the newest events, events appended since (by this or any
 * other console process on the store), and export to CSV or JSON. Thread-safe; calls block, so run them off the
 * FX thread.
 */
public final class AuditTrail {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);
    private static final CsvMapper CSV = (CsvMapper) new CsvMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final StoreJournal journal;

    public AuditTrail(StoreJournal journal) {
        this.journal = journal;
    }

    /** The newest {@code limit} events, newest first. */
    public List<AuditEvent> newest(int limit) {
        return journal.recentAudit(limit);
    }

    /** Events appended after {@code seq}, oldest first. */
    public List<AuditEvent> after(long seq, int limit) {
        return journal.auditAfter(seq, limit);
    }

    /** One exported row: what a person or a spreadsheet wants, in a stable column order. */
    @com.fasterxml.jackson.annotation.JsonPropertyOrder({"time", "connection", "instance", "instanceId", "action", "outcome", "message", "user", "operationId"})
    public record Row(Instant time, String connection, String instance, String instanceId, String action,
                      String outcome, String message, String user, String operationId) {
        static Row of(AuditEvent e) {
            return new Row(e.time(), e.connectionName(), e.instanceName(), e.instanceId(), e.action(),
                    e.outcome().name(), e.message(), e.user(), e.operationId());
        }
    }

    /** Writes the events as CSV (with a header) or JSON, chosen by the file's extension; replaced atomically. */
    public void export(List<AuditEvent> events, Path file) {
        List<Row> rows = events.stream().map(Row::of).toList();
        Path temp = null;
        try {
            Path parent = file.toAbsolutePath().getParent();
            temp = Files.createTempFile(parent, ".export", ".tmp");
            if (file.getFileName().toString().toLowerCase().endsWith(".json")) {
                JSON.writeValue(temp.toFile(), rows);
            } else {
                CsvSchema schema = CSV.schemaFor(Row.class).withHeader().withColumnReordering(false);
                CSV.writer(schema).writeValue(temp.toFile(), rows);
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the move consumed it, or there is nothing more to do about it
                }
            }
        }
    }
}
