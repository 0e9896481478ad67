package io.instanceconsole.testing;

import io.instanceconsole.domain.Operation;
import io.instanceconsole.domain.OperationState;
import io.instanceconsole.store.Journal;
import io.instanceconsole.store.StoreException;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A disk under the real journal that fills up when a test says so: what it refuses fails to commit with
 * {@link #MESSAGE}, as H2 says it on a full disk; everything else is recorded. It refuses outcomes of given states,
 * the next successful outcome only, or journal entries, until {@link #takesWritesAgain()}. Use it as the fixture's
 * journal wrapper: {@code new ServiceFixture(dir, disk::under)}. Thread-safe.
 */
public final class FullDisk {
    public static final String MESSAGE = "database test.mv.db: disk full (injected)";

    private volatile Set<OperationState> refusedOutcomes = Set.of();
    private final AtomicBoolean nextSuccessRefused = new AtomicBoolean();
    private volatile boolean entriesRefused;

    /** The real journal, over this disk. */
    public Journal under(Journal real) {
        return new DelegatingJournal(real) {
            @Override
            public void recordPending(Operation operation) {
                if (entriesRefused) {
                    throw new StoreException(MESSAGE);
                }
                super.recordPending(operation);
            }

            @Override
            public boolean recordOutcome(Outcome outcome) {
                OperationState state = outcome.operation().state();
                if (refusedOutcomes.contains(state)
                        || (state == OperationState.SUCCEEDED && nextSuccessRefused.getAndSet(false))) {
                    throw new StoreException(MESSAGE);
                }
                return super.recordOutcome(outcome);
            }
        };
    }

    /** From now on, outcomes of these states are not recorded (the rest are). */
    public void refuseOutcomes(OperationState first, OperationState... more) {
        refusedOutcomes = Set.copyOf(EnumSet.of(first, more));
    }

    /** Every outcome, whatever its state, is not recorded. */
    public void refuseEveryOutcome() {
        refusedOutcomes = Set.copyOf(EnumSet.allOf(OperationState.class));
    }

    /** The next successful outcome is not recorded; the disk takes the writes after it. */
    public void refuseNextSuccess() {
        nextSuccessRefused.set(true);
    }

    /** Journal entries (an action's record before it is sent) are not written. */
    public void refuseEntries() {
        entriesRefused = true;
    }

    /** Room again: everything is recorded, and a refusal of the next success not yet used is forgotten. */
    public void takesWritesAgain() {
        refusedOutcomes = Set.of();
        nextSuccessRefused.set(false);
        entriesRefused = false;
    }
}
