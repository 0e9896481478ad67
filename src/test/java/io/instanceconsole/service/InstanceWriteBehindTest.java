package io.instanceconsole.service;

import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.InstanceStatus;
import io.instanceconsole.store.ConnectionRepository;
import io.instanceconsole.store.DataDirectory;
import io.instanceconsole.store.Database;
import io.instanceconsole.store.InstanceRepository;
import io.instanceconsole.testing.ManualTimer;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;

class InstanceWriteBehindTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @TempDir
    Path dir;
    private Database database;
    private InstanceRepository instances;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @BeforeEach
    void open() {
        database = Database.open(new DataDirectory(dir).prepare());
        new ConnectionRepository(database).add(new Connection("c1", "lab", BackendKind.SIMULATOR, "sim://lab", "", false, true));
        instances = new InstanceRepository(database);
    }

    @AfterEach
    void close() {
        timer.shutdownNow();
        database.close();
    }

    @Test
    void theLatestStatePerInstanceReachesTheStoreShortlyAfter() {
        CountDownLatch timerHeld = new CountDownLatch(1);
        timer.execute(() -> awaitQuietly(timerHeld)); // the flush cannot run before the assertion below
        InstanceWriteBehind writes = new InstanceWriteBehind(instances, timer);
        Instance web = instance("web", InstanceStatus.RUNNING);
        Instance db = instance("db", InstanceStatus.RUNNING);
        instances.upsert(db);

        writes.upsert(web);
        writes.upsert(web.withStatus(InstanceStatus.PAUSED, "user", NOW));
        writes.delete(db.key());
        assertThat(instances.find(web.key())).as("not written at once").isEmpty();

        timerHeld.countDown();
        ServiceFixture.await(Duration.ofSeconds(5), "the queued states in the store",
                () -> instances.find(web.key()).isPresent());
        assertThat(instances.find(web.key())).get().extracting(Instance::status).isEqualTo(InstanceStatus.PAUSED);
        assertThat(instances.find(db.key())).isEmpty();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void closingWritesWhatIsQueued() {
        timer.shutdownNow(); // nothing scheduled will run: only close() can write
        InstanceWriteBehind writes = new InstanceWriteBehind(instances, timer);
        Instance web = instance("web", InstanceStatus.STOPPED);

        writes.upsert(web);
        writes.close();

        assertThat(instances.find(web.key())).contains(web);
    }

    /** A state written is written once: a later flush does not write it again over what the store got since. */
    @Test
    void aFlushWritesEachQueuedStateOnceAndOneWriteIsScheduledAtATime() {
        ManualTimer manual = new ManualTimer();
        InstanceWriteBehind writes = new InstanceWriteBehind(instances, manual);
        Instance web = instance("web", InstanceStatus.RUNNING);
        Instance db = instance("db", InstanceStatus.RUNNING);

        writes.upsert(web.withStatus(InstanceStatus.PAUSED, "user", NOW));
        writes.upsert(db);
        assertThat(manual.oneShotDelays()).containsExactly(InstanceWriteBehind.DELAY.toMillis());
        manual.scheduled().getFirst().fire();
        assertThat(instances.find(web.key())).get().extracting(Instance::status).isEqualTo(InstanceStatus.PAUSED);

        instances.upsert(web.withStatus(InstanceStatus.STOPPED, "exited", NOW)); // a listing, written directly
        writes.upsert(db.withStatus(InstanceStatus.PAUSED, "user", NOW));
        assertThat(manual.oneShotDelays()).as("a new write once the last one ran").hasSize(1);
        manual.scheduled().getFirst().fire();

        assertThat(instances.find(web.key())).get().extracting(Instance::status).isEqualTo(InstanceStatus.STOPPED);
        assertThat(instances.find(db.key())).get().extracting(Instance::status).isEqualTo(InstanceStatus.PAUSED);
    }

    private static Instance instance(String id, InstanceStatus status) {
        return new Instance(new InstanceKey("c1", id), id, BackendKind.SIMULATOR, "img", status, "", NOW, NOW);
    }
}
