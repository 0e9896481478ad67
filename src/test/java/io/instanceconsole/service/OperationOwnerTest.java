package io.instanceconsole.service;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may still be working on a journaled operation, so that a settler leaves it alone: a session of this process
 * while it is open and has not finished it; another process while that very process runs (same pid and start time,
 * so a reused pid does not count); nobody for an owner that cannot be read. The other process here is a real child
 * process.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the other process is a POSIX sleep")
class OperationOwnerTest {
    private Process child;

    @AfterEach
    void stopChild() throws InterruptedException {
        if (child != null) {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static long startOf(ProcessHandle process) {
        return process.info().startInstant().orElseThrow(() -> new AssertionError("no start time for " + process.pid()))
                .toEpochMilli();
    }

    @Test
    void aSessionOfThisProcessWorksOnWhatItStartedUntilItFinishesItOrCloses() {
        OperationOwner owner = OperationOwner.open();
        owner.started("op-1");
        owner.started("op-2");

        assertThat(OperationOwner.mayBeWorkingOn(owner.id(), "op-1")).isTrue();
        assertThat(OperationOwner.mayBeWorkingOn(owner.id(), "op-3")).isFalse();
        assertThat(OperationOwner.isAnotherProcess(owner.id())).isFalse();

        owner.finished("op-1");
        assertThat(OperationOwner.mayBeWorkingOn(owner.id(), "op-1")).isFalse();
        assertThat(OperationOwner.mayBeWorkingOn(owner.id(), "op-2")).isTrue();

        owner.close();
        assertThat(OperationOwner.mayBeWorkingOn(owner.id(), "op-2")).isFalse();
    }

    @Test
    void anOwnerIdNamesThisProcessByPidAndStartTime() {
        ProcessHandle self = ProcessHandle.current();
        OperationOwner owner = OperationOwner.open();
        try {
            String[] parts = owner.id().split(":");
            assertThat(parts).hasSize(3);
            assertThat(Long.parseLong(parts[0])).isEqualTo(self.pid());
            assertThat(Long.parseLong(parts[1])).isEqualTo(startOf(self));
            assertThat(OperationOwner.open().id()).isNotEqualTo(owner.id());
        } finally {
            owner.close();
        }
    }

    @Test
    void anotherProcessMayBeWorkingWhileItRunsButNotAProcessThatReusedItsPid() throws Exception {
        child = new ProcessBuilder("sleep", "60").start();
        long pid = child.pid();
        long start = startOf(child.toHandle());
        String owner = pid + ":" + start + ":session";

        assertThat(OperationOwner.isAnotherProcess(owner)).isTrue();
        assertThat(OperationOwner.mayBeWorkingOn(owner, "op-1")).isTrue();
        assertThat(OperationOwner.mayBeWorkingOn(pid + ":" + (start - 10_000) + ":session", "op-1")).isFalse();

        child.destroyForcibly();
        child.waitFor(10, TimeUnit.SECONDS);
        assertThat(OperationOwner.mayBeWorkingOn(owner, "op-1")).isFalse();
    }

    @Test
    void anOwnerThatCannotBeReadIsNobody() {
        for (String unreadable : new String[] {null, "", "console", "12:34", "x:34:abc", "12:y:abc"}) {
            assertThat(OperationOwner.mayBeWorkingOn(unreadable, "op-1")).as(unreadable).isFalse();
            assertThat(OperationOwner.isAnotherProcess(unreadable)).as(unreadable).isFalse();
        }
    }
}
