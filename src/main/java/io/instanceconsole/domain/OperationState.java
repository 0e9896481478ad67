package io.instanceconsole.domain;

/** Journal state of one operation (see "One action, end to end" in ARCHITECTURE.md). */
public enum OperationState {
    /** Durably recorded before the backend is called; outcome not yet known. */
    PENDING,
    SUCCEEDED,
    /** Not attempted because the instance did not qualify (already in the wanted state, or not allowed). */
    SKIPPED,
    /** The backend refused it (wrong state, not found, unsupported, read-only). Not a host failure. */
    REJECTED,
    /** The host failed (I/O error, breaker open, bulkhead full); the action did not happen. */
    FAILED,
    /** Timed out or the connection was lost: the reconciler settles what really happened. */
    UNKNOWN,
    /** The backend did it but recording failed, so it was undone. */
    COMPENSATED,
    /**
     * Not done by this console: seen on the host (a change made elsewhere, an outage, a recovery). Audit events only,
     * never an operation's state.
     */
    OBSERVED,
    /**
     * A person changed the console's own configuration (a connection added, edited, removed, enabled or disabled, a
     * host key trusted), here or with instancectl. Audit events only, never an operation's state.
     */
    CONFIGURED;

    public boolean isSettled() {
        return this != PENDING && this != UNKNOWN;
    }

    /** Whether an audit event with this outcome settles an operation of the journal (one per operation). */
    public boolean settlesAnOperation() {
        return this != OBSERVED && this != CONFIGURED;
    }
}
