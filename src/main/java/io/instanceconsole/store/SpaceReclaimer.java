package io.instanceconsole.store;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Keeps the store file from growing for as long as the console runs. Every commit appends the pages it changed, and
 * a chunk whose pages were mostly superseded keeps its few live ones, so its space is never reused; H2's background
 * writer rewrites such chunks, but with {@code WRITE_DELAY=0} there is none (ADR 1, "giving the space back").
 * {@link #reclaim} does what that writer would: it rewrites the live pages of chunks below the fill rate, so the old
 * chunks die and their space is reused once the retention time has passed. Closing the store shrinks the file.
 * Thread-safe.
 */
public final class SpaceReclaimer {
    private static final Logger LOG = LoggerFactory.getLogger(SpaceReclaimer.class);
    /** Chunks less full than this are rewritten: H2's own default for its background writer. */
    static final int TARGET_FILL_PERCENT = 90;
    /** The most one pass rewrites; a pass holds H2's store lock, so writers wait for it (~10 ms measured). */
    static final int MAX_REWRITE_BYTES = 16 << 20;

    private final Database database;
    private FileTime passedAt;

    public SpaceReclaimer(Database database) {
        this.database = database;
    }

    /**
     * One pass; nothing when the file was not written since the last pass (an idle console costs one file stat), or
     * when this process serves the file to no one and uses another's (a CLI beside the GUI). Never throws: the space
     * is reclaimed on the next pass or on close.
     */
    public synchronized void reclaim() {
        try {
            FileTime modified = Files.getLastModifiedTime(database.file());
            if (modified.equals(passedAt)) {
                return;
            }
            boolean rewrote = database.inTransaction(connection -> {
                MVStore store = localStore(connection);
                return store != null && store.compact(TARGET_FILL_PERCENT, MAX_REWRITE_BYTES);
            });
            passedAt = Files.getLastModifiedTime(database.file());
            LOG.debug("space reclaimer: {}", rewrote ? "rewrote sparse chunks" : "nothing to rewrite");
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not reclaim space in {}: {}", database.file(), e.getMessage());
        }
    }

    /** The MVStore behind a connection of this process, or null when the file is another process's (a TCP session). */
    private static MVStore localStore(Connection connection) throws SQLException {
        if (!connection.isWrapperFor(JdbcConnection.class)) {
            return null;
        }
        return connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal local
                ? local.getDatabase().getStore().getMvStore() : null;
    }
}
