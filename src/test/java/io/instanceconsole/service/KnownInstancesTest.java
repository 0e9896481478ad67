package io.instanceconsole.service;

import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.InstanceStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The in-memory mirror a resync diffs against: a listing is applied to every instance that did not change after it
 * was asked for, and only to those (a listing taken before a pause must not undo it; a change whose event was lost
 * must still be repaired).
 */
class KnownInstancesTest {
    private static final Instant SEEN = Instant.parse("2026-01-01T10:00:00Z");

    private final KnownInstances known = new KnownInstances();

    private static Instance instance(String connection, String id, InstanceStatus status) {
        return new Instance(new InstanceKey(connection, id), id, BackendKind.SIMULATOR, "", status, "", null, SEEN);
    }

    private static InstanceChanges upsert(Instance... instances) {
        return new InstanceChanges(List.of(instances), List.of());
    }

    @Test
    void aListingRepairsInstancesThatDidNotChangeSinceItWasAskedFor() {
        Instance web = instance("lab", "web", InstanceStatus.RUNNING);
        known.put(web);
        long mark = known.mark();

        InstanceChanges applied = known.applyListing(upsert(web.withStatus(InstanceStatus.PAUSED, "", SEEN)), mark);

        assertThat(applied.upserted()).extracting(Instance::status).containsExactly(InstanceStatus.PAUSED);
        assertThat(known.find(web.key())).map(Instance::status).contains(InstanceStatus.PAUSED);
    }

    @Test
    void aListingLeavesAloneWhatChangedAfterItWasAskedFor() {
        Instance web = instance("lab", "web", InstanceStatus.RUNNING);
        Instance db = instance("lab", "db", InstanceStatus.RUNNING);
        known.put(web);
        known.put(db);
        long mark = known.mark();
        known.put(web.withStatus(InstanceStatus.PAUSED, "user", SEEN)); // a pause's result, after the listing was asked for

        InstanceChanges applied = known.applyListing(upsert(web, db.withStatus(InstanceStatus.STOPPED, "", SEEN)), mark);

        assertThat(applied.upserted()).extracting(Instance::id).containsExactly("db");
        assertThat(known.find(web.key())).map(Instance::status).contains(InstanceStatus.PAUSED);
        assertThat(known.find(db.key())).map(Instance::status).contains(InstanceStatus.STOPPED);
        assertThat(known.changedSince(web.key(), mark)).isTrue();
        assertThat(known.changedSince(db.key(), mark)).as("changed by the listing itself").isTrue();
        assertThat(known.changedSince(db.key(), known.mark())).isFalse();
    }

    @Test
    void eachChangeMovesTheMarkOnSoALaterListingAppliesAgain() {
        Instance web = instance("lab", "web", InstanceStatus.RUNNING);
        long before = known.mark();
        known.put(web);
        long afterPut = known.mark();
        known.remove(web.key());
        long afterRemove = known.mark();

        assertThat(afterPut).isGreaterThan(before);
        assertThat(afterRemove).isGreaterThan(afterPut);
        assertThat(known.changedSince(web.key(), afterPut)).isTrue();
        assertThat(known.changedSince(web.key(), afterRemove)).isFalse();

        InstanceChanges applied = known.applyListing(upsert(web), afterRemove);
        assertThat(applied.upserted()).containsExactly(web);
        assertThat(known.find(web.key())).contains(web);
        assertThat(known.mark()).isGreaterThan(afterRemove);
    }

    @Test
    void anInstanceNeverChangedHereIsNotNewerThanAnyListing() {
        Instance loaded = instance("lab", "web", InstanceStatus.RUNNING);
        known.load(List.of(loaded));

        assertThat(known.changedSince(loaded.key(), 0)).isFalse();
        assertThat(known.find(loaded.key())).contains(loaded);
    }

    @Test
    void aListingRemovesWhatWentAwayUnlessItChangedSince() {
        Instance gone = instance("lab", "gone", InstanceStatus.STOPPED);
        Instance recreated = instance("lab", "recreated", InstanceStatus.STOPPED);
        known.put(gone);
        long mark = known.mark();
        known.put(recreated); // created after the listing was asked for: the listing could not know it

        InstanceChanges applied = known.applyListing(
                new InstanceChanges(List.of(), List.of(gone.key(), recreated.key())), mark);

        assertThat(applied.removed()).containsExactly(gone.key());
        assertThat(known.find(gone.key())).isEmpty();
        assertThat(known.find(recreated.key())).isPresent();
    }

    @Test
    void instancesAreListedPerConnection() {
        Instance web = instance("lab", "web", InstanceStatus.RUNNING);
        Instance db = instance("prod", "db", InstanceStatus.RUNNING);
        known.put(web);
        known.put(db);

        assertThat(known.ofConnection("lab")).containsExactly(web);
        assertThat(known.ofConnection("prod")).containsExactly(db);
        assertThat(known.all()).containsExactlyInAnyOrder(web, db);
    }
}
