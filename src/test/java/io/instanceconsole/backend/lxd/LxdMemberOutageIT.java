package io.instanceconsole.backend.lxd;

import io.instanceconsole.concurrent.ConsoleThreads;
import io.instanceconsole.domain.Action;
import io.instanceconsole.domain.AuditEvent;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.Instance;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.OperationState;
import io.instanceconsole.domain.ResilienceSettings;
import io.instanceconsole.service.ActionResult;
import io.instanceconsole.service.BulkOperation;
import io.instanceconsole.service.BulkPlan;
import io.instanceconsole.service.ManagedConnection;
import io.instanceconsole.testing.ProjectScripts;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * One member of the tests' LXD cluster crashes (its daemon killed, its containers left running) in the middle of a
 * bulk pause of instances on every member through member 1: the other members' pauses complete; the silent member's
 * end as done or unknown (to be settled from the host), never as failures and never counting against the connection;
 * its rows keep their last known state, with the member's health from {@code /1.0/cluster/members} once LXD calls it
 * offline; and when the member is back, the store is the cluster and the trail has one event per change that happened.
 */
class LxdMemberOutageIT extends LxdClusterTest {
    @AfterEach
    void bringTheMemberBack() {
        memberThreeBack();
    }

    private static void memberThreeBack() {
        ProjectScripts.startLxdMember(3);
        ServiceFixture.await(Duration.ofSeconds(60), "member 3 answers member 1 again",
                () -> !lxc.lxc("list", "-c", "s", "--format", "csv").contains("ERROR"));
    }

    @Test
    void aMemberThatDiesMidBulkFailsNothingAndTheStoreIsTheClusterOnceItIsBack() throws Exception {
        List<String> names = lxc.launchAcross("outage", 12, MEMBERS);
        Connection connection = new Connection(UUID.randomUUID().toString(), "cluster", BackendKind.LXD,
                "lxd+unix://" + lxc.cluster().socket(), "", false, true);
        LxdBackend backend = LxdBackend.open(connection, dataDir.resolve("data"), new ConsoleThreads(),
                LxdSettings.defaults(), Clock.systemUTC());
        ManagedConnection managed = console.connect(connection, backend,
                ResilienceSettings.defaultsFor(BackendKind.LXD).withBreaker(2, Duration.ofSeconds(60)));
        List<Instance> rows = names.stream()
                .map(n -> console.stored(new InstanceKey(managed.id(), n)).orElseThrow()).toList();

        // member 3 dies as soon as the first pause is done, while the others are in flight
        AtomicBoolean killed = new AtomicBoolean();
        BulkPlan plan = BulkPlan.of(Action.PAUSE, rows, console.lifecycle);
        List<ActionResult> results = BulkOperation.start(plan, console.lifecycle, update -> {
            if (update.state() == BulkOperation.ItemState.SUCCEEDED && killed.compareAndSet(false, true)) {
                ProjectScripts.killLxdMember(3);
            }
        }).completion().get(120, TimeUnit.SECONDS);
        assertThat(killed).as("member 3 was killed during the run").isTrue();

        Map<String, ActionResult> byName = results.stream()
                .collect(Collectors.toMap(r -> r.key().instanceId(), Function.identity()));
        List<String> onThree = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            ActionResult result = byName.get(name);
            if (MEMBERS[i % 3].equals("m3")) {
                onThree.add(name);
                // done before the crash, or unknown: the service cannot know whether a silent host acted
                assertThat(result.outcome()).as(result.message()).isIn(OperationState.SUCCEEDED, OperationState.UNKNOWN);
                if (result.outcome() == OperationState.UNKNOWN) {
                    assertThat(result.message()).contains(name).contains("cluster member that runs it does not answer");
                }
            } else {
                assertThat(result.outcome()).as(result.message()).isEqualTo(OperationState.SUCCEEDED);
                assertThat(lxc.status(name)).isEqualTo("FROZEN");
            }
        }
        assertThat(managed.isBreakerOpen()).as("a silent member is not a failing cluster").isFalse();

        ServiceFixture.await(Duration.ofSeconds(60), "LXD calls member 3 offline",
                () -> lxc.lxc("cluster", "list", "--format", "csv").lines().anyMatch(l -> l.startsWith("m3,") && l.toUpperCase(Locale.ROOT).contains("OFFLINE")));
        // LXD takes ~10 s to fail a request forwarded to an offline member: a listing never asks it
        Map<String, Instance> listed = assertTimeoutPreemptively(Duration.ofSeconds(8), backend::list).stream()
                .collect(Collectors.toMap(Instance::name, Function.identity()));
        assertThat(listed).containsKeys(names.toArray(String[]::new));
        for (String name : onThree) {
            assertThat(listed.get(name).isLastKnown()).as(name + " is shown as last known").isTrue();
            assertThat(listed.get(name).statusReason()).startsWith("last known: member m3 is offline: no heartbeat since ");
        }

        memberThreeBack();
        console.reconciler.resync(managed).get(60, TimeUnit.SECONDS);
        console.reconciler.settleUnsettled().get(60, TimeUnit.SECONDS);

        Map<String, String> cluster = lxc.lxc("list", "-c", "ns", "--format", "csv").lines().map(l -> l.split(","))
                .collect(Collectors.toMap(p -> p[0], p -> p[1]));
        for (String name : names) {
            Instance stored = console.stored(new InstanceKey(managed.id(), name)).orElseThrow();
            // a freeze the crash cut short can leave LXD saying FREEZING: unknown to the console, with that word
            String word = cluster.get(name).charAt(0) + cluster.get(name).substring(1).toLowerCase(Locale.ROOT);
            assertThat(stored.status()).as(name + ": the store says what lxc list says (" + word + ")")
                    .isEqualTo(LxdStates.of(word));
            assertThat(stored.isLastKnown()).as(name + " is observed again").isFalse();
        }
        List<String> frozen = names.stream().filter(n -> cluster.get(n).equals("FROZEN")).toList();
        List<AuditEvent> trail = console.services.auditTrail().newest(100).stream()
                .filter(e -> e.connectionId().equals(managed.id()) && e.action().equals(Action.PAUSE.key()))
                .filter(e -> e.outcome() == OperationState.SUCCEEDED)
                .toList();
        assertThat(trail).extracting(AuditEvent::instanceName).as("one event per pause that happened")
                .containsExactlyInAnyOrderElementsOf(frozen);
    }
}
