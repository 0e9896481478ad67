package io.instanceconsole.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Commits small write transactions of concurrent callers together: each caller still gets its own outcome, and
 * returns only once its work is committed, but a burst of N callers costs one commit instead of N. With
 * {@code WRITE_DELAY=0} every H2 commit re-serialises the changed pages to the file, which made commits most of the
 * console's CPU in a bulk action (two per action: the journal entry, then the outcome). See
 * docs/decisions/0009-group-commit.md.
 *
 * <p>Leader and followers: the first caller to find nobody committing becomes the leader, takes every queued work,
 * runs them in one transaction and commits; callers that arrived meanwhile wait, and the first of them leads the
 * next batch. A work that fails rolls the batch back, and the batch is then run again one transaction per work, so
 * one failure never takes the others' writes with it. Works must therefore only touch the connection (they may run
 * twice). Thread-safe.
 */
final class GroupCommit {
    /** A batch larger than this waits for the next commit: bounds how long the first caller of a batch waits. */
    private static final int MAX_BATCH = 64;
    /** Set while this thread runs a batch: a work that writes again from inside must not wait for itself. */
    private static final ThreadLocal<Boolean> LEADING = ThreadLocal.withInitial(() -> false);

    private final Supplier<Connection> connections;
    private final Object lock = new Object();
    private final ArrayDeque<Entry<?>> queue = new ArrayDeque<>();
    private boolean leaderActive;
    private final java.util.concurrent.atomic.AtomicLong commits = new java.util.concurrent.atomic.AtomicLong();

    /** @param connections borrows a pooled connection (closed by this class when the batch is done) */
    GroupCommit(Supplier<Connection> connections) {
        this.connections = connections;
    }

    /** Runs the work in a transaction shared with concurrent callers; returns once it is committed. */
    <T> T run(Database.Work<T> work) throws SQLException {
        if (LEADING.get()) {
            return runAlone(work);
        }
        Entry<T> mine = new Entry<>(work);
        boolean lead;
        synchronized (lock) {
            queue.add(mine);
            lead = !leaderActive;
            leaderActive = true;
        }
        if (!lead) {
            lead = mine.awaitTurn();
        }
        if (lead) {
            leadOneBatch();
        }
        return mine.outcome();
    }

    private void leadOneBatch() {
        List<Entry<?>> batch = new ArrayList<>();
        synchronized (lock) {
            while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
                batch.add(queue.poll());
            }
        }
        LEADING.set(true);
        try {
            if (!commitTogether(batch)) {
                batch.forEach(this::commitAlone);
            }
        } finally {
            LEADING.set(false);
            // never leave a caller waiting, whatever happened above
            batch.forEach(e -> e.failIfOpen(new StoreException("the write was not run: its batch ended unexpectedly")));
            synchronized (lock) {
                Entry<?> next = queue.peek();
                if (next == null) {
                    leaderActive = false;
                } else {
                    next.lead();
                }
            }
        }
    }

    /** One transaction for the whole batch; false (and nothing written) when any work or the commit failed. */
    private boolean commitTogether(List<Entry<?>> batch) {
        if (batch.size() == 1) {
            return false;
        }
        List<Object> results = new ArrayList<>(batch.size());
        try (Connection c = connections.get()) {
            c.setAutoCommit(false);
            try {
                for (Entry<?> entry : batch) {
                    results.add(entry.work.run(c));
                }
                c.commit();
                commits.incrementAndGet();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                return false;
            }
        } catch (SQLException | RuntimeException e) {
            return false;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).succeed(results.get(i));
        }
        return true;
    }

    private void commitAlone(Entry<?> entry) {
        try {
            entry.succeed(runAlone(entry.work));
        } catch (SQLException | RuntimeException e) {
            entry.fail(e);
        }
    }

    private <T> T runAlone(Database.Work<T> work) throws SQLException {
        try (Connection c = connections.get()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                commits.incrementAndGet();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Commits made so far (a batch counts once): for tests and diagnostics. */
    long commits() {
        return commits.get();
    }

    /** Works waiting for a leader: for tests. */
    int queued() {
        synchronized (lock) {
            return queue.size();
        }
    }

    /** One caller's work, its outcome, and the signal that it leads the next batch. */
    private static final class Entry<T> {
        private static final Object LEAD = new Object();
        final Database.Work<T> work;
        private final CompletableFuture<Object> turn = new CompletableFuture<>();
        private final CompletableFuture<T> result = new CompletableFuture<>();

        Entry(Database.Work<T> work) {
            this.work = work;
        }

        /** Waits until the work is done (false) or this caller must lead the next batch (true). */
        boolean awaitTurn() {
            CompletableFuture.anyOf(turn, result).join();
            return !result.isDone();
        }

        void lead() {
            turn.complete(LEAD);
        }

        @SuppressWarnings("unchecked")
        void succeed(Object value) {
            result.complete((T) value);
        }

        void fail(Exception e) {
            result.completeExceptionally(e);
        }

        void failIfOpen(RuntimeException e) {
            result.completeExceptionally(e);
        }

        /** Not interruptible: once queued, the work may be committed at any moment, and the caller must know. */
        T outcome() throws SQLException {
            try {
                return result.join();
            } catch (CompletionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof SQLException sql) {
                    throw sql;
                }
                if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new StoreException("write failed: " + cause, cause);
            }
        }
    }
}
