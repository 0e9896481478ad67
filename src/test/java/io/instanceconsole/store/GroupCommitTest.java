package io.instanceconsole.store;

import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupCommitTest {
    private JdbcConnectionPool pool;
    private GroupCommit group;
    private ExecutorService threads;

    @BeforeEach
    void open() throws SQLException {
        pool = JdbcConnectionPool.create("jdbc:h2:mem:group-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "");
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE item(id INT PRIMARY KEY, name VARCHAR(20) NOT NULL)");
        }
        group = new GroupCommit(() -> {
            try {
                return pool.getConnection();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        threads = Executors.newFixedThreadPool(8);
    }

    @AfterEach
    void close() {
        threads.shutdownNow();
        pool.dispose();
    }

    private static Database.Work<Integer> insert(int id, String name) {
        return c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO item(id, name) VALUES (?, ?)")) {
                s.setInt(1, id);
                s.setString(2, name);
                return s.executeUpdate();
            }
        };
    }

    private List<Integer> stored() throws SQLException {
        List<Integer> ids = new ArrayList<>();
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT id FROM item ORDER BY id")) {
            while (r.next()) {
                ids.add(r.getInt(1));
            }
        }
        return ids;
    }

    private CompletableFuture<Integer> submit(Database.Work<Integer> work) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return group.run(work);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }, threads);
    }

    /** Holds the first caller inside its work until the others are queued behind it; then they share one commit. */
    private CountDownLatch blockFirstThenQueue(int followers, List<CompletableFuture<Integer>> all,
                                               java.util.function.IntFunction<Database.Work<Integer>> workOf) throws Exception {
        CountDownLatch leading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        all.add(submit(c -> {
            leading.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return insert(0, "first").run(c);
        }));
        assertThat(leading.await(10, TimeUnit.SECONDS)).as("first caller leads").isTrue();
        for (int i = 1; i <= followers; i++) {
            all.add(submit(workOf.apply(i)));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (group.queued() < followers && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(group.queued()).as("callers queued behind the first").isEqualTo(followers);
        return release;
    }

    @Test
    void callersArrivingDuringACommitShareTheNextOne() throws Exception {
        List<CompletableFuture<Integer>> all = new ArrayList<>();
        CountDownLatch release = blockFirstThenQueue(6, all, i -> insert(i, "item-" + i));

        release.countDown();
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

        assertThat(all).allSatisfy(f -> assertThat(f.join()).isEqualTo(1));
        assertThat(stored()).containsExactly(0, 1, 2, 3, 4, 5, 6);
        assertThat(group.commits()).as("the first alone, then the six together").isEqualTo(2);
    }

    @Test
    void aFailingWorkFailsAloneAndTheOthersAreCommitted() throws Exception {
        List<CompletableFuture<Integer>> all = new ArrayList<>();
        // item 3 collides with the first caller's primary key
        CountDownLatch release = blockFirstThenQueue(5, all, i -> insert(i == 3 ? 0 : i, "item-" + i));

        release.countDown();
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).handle((v, e) -> null).get(10, TimeUnit.SECONDS);

        assertThat(all.get(3)).isCompletedExceptionally();
        assertThatThrownBy(all.get(3)::join).hasRootCauseInstanceOf(SQLException.class);
        assertThat(stored()).containsExactly(0, 1, 2, 4, 5);
        assertThat(List.of(all.get(1), all.get(2), all.get(4), all.get(5))).allSatisfy(f -> assertThat(f.join()).isEqualTo(1));
    }

    @Test
    void aWorkThatWritesAgainFromInsideDoesNotWaitForItself() throws Exception {
        Integer written = submit(c -> insert(1, "outer").run(c) + group.run(insert(2, "inner"))).get(10, TimeUnit.SECONDS);

        assertThat(written).isEqualTo(2);
        assertThat(stored()).containsExactly(1, 2);
    }

    @Test
    void manyConcurrentCallersAllGetTheirOwnCommittedWrite() throws Exception {
        List<CompletableFuture<Integer>> all = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            all.add(submit(insert(i, "n" + i)));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        assertThat(stored()).hasSize(400);
        assertThat(group.commits()).isBetween(1L, 400L);
        assertThat(group.queued()).isZero();
    }
}
