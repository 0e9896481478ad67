package io.instanceconsole.service;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console session that journals operations (one per {@link LifecycleService}), written with each operation. The
 * GUI and instancectl share one store, so a console settling the journal must tell an operation another console is
 * still working on from one a console left behind when it stopped or crashed: settled as "not done" while still under
 * way, a CLI's stop was recorded FAILED although it succeeded a moment later. Thread-safe.
 *
 * <p>Owners are local processes: the store is served to other processes on loopback only (ADR 7).
 */
final class OperationOwner implements AutoCloseable {
    /** Sessions of this process that are open, with the operations each is working on. */
    private static final Map<String, Set<String>> OPEN_HERE = new ConcurrentHashMap<>();
    private static final ProcessHandle SELF = ProcessHandle.current();

    private final String id;
    private final Set<String> working = ConcurrentHashMap.newKeySet();

    private OperationOwner(String id) {
        this.id = id;
    }

    /** A new session of this process: "pid:start-millis:random" (the start time tells a reused pid apart). */
    static OperationOwner open() {
        OperationOwner owner = new OperationOwner(SELF.pid() + ":" + startMillis(SELF).orElse(0L) + ":" + UUID.randomUUID());
        OPEN_HERE.put(owner.id, owner.working);
        return owner;
    }

    String id() {
        return id;
    }

    /** Before the operation is journaled: from then until {@link #finished}, nobody else settles it. */
    void started(String operationId) {
        working.add(operationId);
    }

    /** After the operation's outcome was recorded, or could not be: from then on, a settler may settle it. */
    void finished(String operationId) {
        working.remove(operationId);
    }

    @Override
    public void close() {
        OPEN_HERE.remove(id);
    }

    /**
     * Whether the owner may still be working on the operation. In this process: when its session is open and has not
     * finished it. In another: while that process runs (same pid, same start time), as far as this process can tell.
     * An operation without a readable owner was journaled before owners were recorded, by a console long gone.
     */
    static boolean mayBeWorkingOn(String ownerId, String operationId) {
        Optional<long[]> owner = parse(ownerId);
        if (owner.isEmpty()) {
            return false;
        }
        long pid = owner.get()[0];
        long start = owner.get()[1];
        if (pid == SELF.pid()) {
            Set<String> open = OPEN_HERE.get(ownerId);
            return open != null && open.contains(operationId);
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                // a process whose start this user cannot read counts as the owner: the age rule settles it later
                .map(process -> startMillis(process).map(s -> s == start).orElse(true))
                .orElse(false);
    }

    /** Whether the owner is another process (its operations may be in flight where this one cannot see). */
    static boolean isAnotherProcess(String ownerId) {
        return parse(ownerId).map(owner -> owner[0] != SELF.pid()).orElse(false);
    }

    private static Optional<long[]> parse(String ownerId) {
        String[] parts = ownerId == null ? new String[0] : ownerId.split(":", 3);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])});
        } catch (NumberFormatException notAnOwner) {
            return Optional.empty();
        }
    }

    private static Optional<Long> startMillis(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli);
    }
}
