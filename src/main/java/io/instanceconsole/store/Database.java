package io.instanceconsole.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.h2.api.ErrorCode;
import org.h2.jdbcx.JdbcDataSource;

import java.sql.ResultSet;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The embedded H2 file database in the data directory, migrated with Flyway on open. Thread-safe: every unit of
 * work borrows a pooled connection.
 *
 * <p>See docs/decisions/0001-h2-state-store.md for the file and durability settings.
 */
public final class Database implements AutoCloseable {
    /** File name stem; H2 adds {@code .mv.db}. */
    public static final String FILE_STEM = "instance-console";

    static {
        // AUTO_SERVER lets the GUI and the CLI share the file: the first process serves it to the others over TCP.
        // H2 binds that server to every interface unless told otherwise; ours listens on loopback only.
        System.setProperty("h2.bindAddress", "127.0.0.1");
    }

    /**
     * The versions of the migrations in {@code resources/db/migration}, in order. A store whose Flyway history holds
     * exactly these, all successful, is opened without starting Flyway (a test keeps this list and the files in step).
     */
    static final List<String> MIGRATIONS = List.of("1", "2", "3", "4");

    private static final String USER = "console";
    /** The longest the last close of the store spends giving back the space of superseded chunks (the GUI's). */
    static final Duration COMPACT_ON_CLOSE = Duration.ofSeconds(3);

    private final HikariDataSource pool;
    private final Path file;
    private final HandoverLock handover;

    private Database(HikariDataSource pool, Path file, HandoverLock handover) {
        this.pool = pool;
        this.file = file;
        this.handover = handover;
    }

    /** A unit of work inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Opens (creating if needed) and migrates the database of a prepared data directory. Fails with one
     * {@link StoreException} that names the file and the problem: locked by another process, corrupt, from a newer
     * version, or not writable.
     */
    public static Database open(DataDirectory dataDirectory) {
        return open(dataDirectory, COMPACT_ON_CLOSE);
    }

    /**
     * As {@link #open(DataDirectory)}, spending at most {@code compactOnClose} giving space back when this process
     * is the last to close the file (H2's {@code MAX_COMPACT_TIME}). A short-lived process (instancectl) passes a
     * short time: H2 spent the whole 3 s on about one close in six in a loop of pauses, and free space in the file is
     * reused anyway; the GUI gives it back while it runs and when it closes.
     */
    public static Database open(DataDirectory dataDirectory, Duration compactOnClose) {
        Path stem = dataDirectory.resolveFile(FILE_STEM);
        Path file = dataDirectory.resolveFile(FILE_STEM + ".mv.db");
        // WRITE_DELAY=0: every commit reaches the file (the OS) before it returns, so a killed process loses no
        // journal entry it reported; see docs/decisions/0001-h2-state-store.md and 0007-gui-and-cli-share-the-store.md.
        // retry: (H2's FilePathRetryOnInterrupt) reopens the file when NIO closed it because the writing thread was
        // interrupted, as shutting an executor down does; without it one interrupted write closes the store for all.
        // MAX_COMPACT_TIME: every commit appends a new chunk of the pages it changed, and H2 keeps the old ones for 45 s
        // (RETENTION_TIME, its power-failure safety), so a bulk action grows the file by ~15 KB per commit; H2's
        // default 200 ms of compaction on close left a 166 MB file as it was, 3 s brings it to 0.5 MB (ADR 1 addendum).
        String url = "jdbc:h2:file:retry:" + stem + ";WRITE_DELAY=0;AUTO_SERVER=TRUE;MAX_COMPACT_TIME="
                + compactOnClose.toMillis();
        JdbcDataSource direct = new JdbcDataSource();
        direct.setURL(url);
        direct.setUser(USER);
        direct.setPassword(DatabaseCredential.load(dataDirectory));
        // Checked and migrated over plain connections, whose failures are H2's own (explain() reads their codes);
        // the probe stays open until the pool has its first connection, so the file is opened once.
        HandoverLock handover = new HandoverLock(dataDirectory.resolveFile(FILE_STEM + ".handover.lock"));
        HandoverLock.Step<Database> open = () -> handover.during(() -> {
            try (Connection probe = direct.getConnection()) {
                probe.isValid(1);
                if (!isCurrent(probe)) {
                    migrate(direct, file);
                }
                dataDirectory.restrictContents();
                return new Database(pool(direct), file, handover);
            }
        });
        try {
            return patiently(open, open);
        } catch (SQLException e) {
            throw new StoreException(explain(file, e), e);
        } catch (FlywayException e) {
            throw new StoreException("database " + file + " cannot be migrated and was left unchanged: "
                    + firstLine(e.getMessage()), e);
        } catch (RuntimeException poolFailure) {
            if (poolFailure instanceof StoreException) {
                throw poolFailure;
            }
            throw new StoreException("database " + file + " cannot be opened: " + firstLine(poolFailure.getMessage()),
                    poolFailure);
        }
    }

    private static void migrate(DataSource direct, Path file) {
        Flyway flyway = Flyway.configure().dataSource(direct).locations("classpath:db/migration")
                .ignoreMigrationPatterns("").load();
        // A newer console may have changed the tables: refuse its file rather than guess, and touch nothing.
        Optional<String> future = Arrays.stream(flyway.info().all())
                .filter(m -> m.getState().isApplied() && !m.getState().isResolved())
                .map(m -> m.getVersion().getVersion()).findFirst();
        if (future.isPresent()) {
            throw new StoreException("database " + file + " was written by a newer version of Instance Console "
                    + "(schema version " + future.get() + "); this version cannot use it and left it unchanged");
        }
        flyway.migrate();
    }

    /**
     * HikariCP rather than H2's JdbcConnectionPool: H2's pool rolls back every connection it takes back, and a
     * rollback empties the H2 session's statement cache, so each transaction parsed all its SQL again (a sixth of
     * the service threads' CPU time in the lifecycle benchmark). Hikari rolls back only a connection returned with
     * uncommitted work, and {@link #inTransaction} always commits or rolls back first.
     */
    private static HikariDataSource pool(DataSource direct) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("ic-store");
        config.setDataSource(direct);
        config.setMaximumPoolSize(8);
        config.setMinimumIdle(1);
        // every unit of work is a transaction of inTransaction, so connections never need switching back and forth
        config.setAutoCommit(false);
        // a new connection fails at once while another process hands the file over: inTransaction waits for that
        config.setConnectionTimeout(5_000);
        return new HikariDataSource(config);
    }

    /**
     * How long a unit of work waits for the store while another process hands it over. Several processes share the
     * file (H2's AUTO_SERVER: the first serves it to the others; when it closes, another takes over): meanwhile
     * connections break, the lock file is being rewritten, the file is briefly held by the closing process.
     * Four instancectl at once lost 9 of 12 actions to that before.
     */
    static final Duration HANDOVER_PATIENCE = Duration.ofSeconds(60);

    /** Errors that a handover of the shared file explains, and that pass by themselves. */
    static boolean isHandover(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof SQLTransientConnectionException) {
                return true; // the pool could not make a connection in time: the file was being handed over
            }
            if (e instanceof SQLException sql) {
                int code = sql.getErrorCode();
                String message = String.valueOf(sql.getMessage());
                if (code == ErrorCode.CONNECTION_BROKEN_1 || code == ErrorCode.DATABASE_IS_CLOSED
                        || code == ErrorCode.DATABASE_CALLED_AT_SHUTDOWN
                        || code == ErrorCode.DATABASE_ALREADY_OPEN_1
                        || message.contains("Lock file recently modified") || message.contains("already closed")
                        || message.contains("Error opening database: \"Concurrent update\"")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Runs {@code first}, then {@code again} after a short wait for as long as the error (or its cause: Flyway and
     * the pool wrap H2's) is a handover's, for up to {@link #HANDOVER_PATIENCE}.
     */
    private static <T> T patiently(HandoverLock.Step<T> first, HandoverLock.Step<T> again) throws SQLException {
        long deadline = System.nanoTime() + HANDOVER_PATIENCE.toNanos();
        long waitMs = 25;
        HandoverLock.Step<T> step = first;
        while (true) {
            try {
                return step.run();
            } catch (SQLException | RuntimeException e) {
                if (!isHandover(e) || System.nanoTime() + waitMs * 1_000_000 > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(waitMs);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while another process handed the store over", interrupted);
            }
            waitMs = Math.min(waitMs * 2, 500);
            step = again;
        }
    }

    /**
     * Whether the schema history says every migration of this version, and nothing else, was applied. Flyway's
     * start (classpath scan, plugin registry, validation) was a large part of opening the store at every start-up;
     * anything else (a fresh file, a pending or failed migration, a newer console's schema) goes through Flyway.
     */
    private static boolean isCurrent(Connection connection) throws SQLException {
        List<String> applied = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT \"version\", \"success\" FROM \"flyway_schema_history\" "
                     + "WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\"")) {
            while (rows.next()) {
                if (!rows.getBoolean(2)) {
                    return false;
                }
                applied.add(rows.getString(1));
            }
        } catch (SQLException e) {
            if (isHandover(e)) {
                throw e; // not an answer about the schema: open again once the other process is done
            }
            return false; // no history yet (a new file), or not ours: Flyway decides and explains
        }
        return applied.equals(MIGRATIONS);
    }

    public Path file() {
        return file;
    }

    /**
     * Runs the work in one transaction: committed when it returns, rolled back when it throws. Run again, on a new
     * connection, when another process was handing the shared file over (see {@link #HANDOVER_PATIENCE}).
     */
    public <T> T inTransaction(Work<T> work) {
        try {
            // the usual case without the lock; once a handover showed, reconnecting waits for the process doing it
            return patiently(() -> once(work), () -> handover.during(() -> once(work)));
        } catch (SQLException e) {
            throw new StoreException("database " + file + ": " + firstLine(e.getMessage()), e);
        }
    }

    private <T> T once(Work<T> work) throws SQLException {
        Connection connection = pool.getConnection();
        boolean broken = false;
        try {
            T result = work.run(connection);
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            broken = isHandover(e);
            try {
                connection.rollback();
            } catch (SQLException rollbackFailed) {
                broken = true;
            }
            throw e;
        } finally {
            if (broken) {
                pool.evictConnection(connection); // the pool would hand the dead connection out again
            } else {
                connection.close();
            }
        }
    }

    /** Closes this process's connections; when it served the file to others, one of them takes over. */
    @Override
    public void close() {
        try {
            handover.during(() -> {
                pool.close();
                return null;
            });
        } catch (SQLException cannotHappen) {
            throw new StoreException("database " + file + ": " + firstLine(cannotHappen.getMessage()), cannotHappen);
        }
    }

    private static boolean isNonEmptyFile(Path file) {
        try {
            return Files.isRegularFile(file) && Files.size(file) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Keeps a copy of a damaged file before anyone tries to repair it; the audit trail cannot be rebuilt. */
    private static String backup(Path file) {
        try {
            Path copy = file.resolveSibling(file.getFileName() + ".corrupt-" + System.currentTimeMillis());
            Files.copy(file, copy);
            DataDirectory.restrictToOwner(copy);
            return "; a copy was kept as " + copy;
        } catch (IOException e) {
            return "; no copy could be made (" + e.getMessage() + ")";
        }
    }

    private static String explain(Path file, SQLException e) {
        int code = e.getErrorCode();
        String message = firstLine(e.getMessage());
        if (code == ErrorCode.DATABASE_ALREADY_OPEN_1 || message.contains("already in use")) {
            return "database " + file + " is locked: another Instance Console process has it open";
        }
        boolean unreadable = code == ErrorCode.IO_EXCEPTION_1 || code == ErrorCode.IO_EXCEPTION_2;
        if (code == ErrorCode.FILE_CORRUPTED_1 || message.toLowerCase().contains("corrupt")
                || (unreadable && isNonEmptyFile(file))) {
            return "database " + file + " is damaged or not an Instance Console database and was not changed"
                    + backup(file) + ": " + message;
        }
        if (code == ErrorCode.FILE_VERSION_ERROR_1) {
            return "database " + file + " was written by an incompatible version of the storage engine: " + message;
        }
        return "database " + file + " cannot be opened: " + message;
    }

    static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        int sqlTail = line.indexOf(" [");
        return sqlTail > 0 ? line.substring(0, sqlTail) : line;
    }
}
