package io.instanceconsole.service;

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
 * Read side of the audit trail for the Activity view and {@code instancectl history}: the newest events, events
 * appended since (by this or any other console process on the store), and export to CSV or JSON. Thread-safe; calls block, so run them off the
 * FX thread.
 */
public final class AuditTrail {
    /**
     * The CSV writer, made at the first export: Jackson's CSV mapper took ~40 ms to build, which every instancectl
     * call paid when it was made with this class (docs/decisions/0018-instancectl-per-call-cost.md).
     */
    private static final class Csv {
        static final CsvMapper MAPPER = (CsvMapper) new CsvMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

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

    /** Events at or after {@code since}, oldest first. */
    public List<AuditEvent> since(Instant since, int limit) {
        return journal.auditSince(since, limit);
    }

    /**
     * Writes the events as CSV (with a header) or JSON, chosen by the file's extension, one {@link AuditRecord}
     * each; replaced atomically.
     */
    public void export(List<AuditEvent> events, Path file) {
        List<AuditRecord> rows = events.stream().map(AuditRecord::of).toList();
        Path temp = null;
        try {
            Path parent = file.toAbsolutePath().getParent();
            temp = Files.createTempFile(parent, ".export", ".tmp");
            if (file.getFileName().toString().toLowerCase().endsWith(".json")) {
                ConsoleJson.write(temp.toFile(), rows);
            } else {
                CsvSchema schema = Csv.MAPPER.schemaFor(AuditRecord.class).withHeader().withColumnReordering(false);
                Csv.MAPPER.writer(schema).writeValue(temp.toFile(), rows);
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
