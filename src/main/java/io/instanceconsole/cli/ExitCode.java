package io.instanceconsole.cli;

/** The exit codes of {@code instancectl}: a contract scripts rely on. */
public final class ExitCode {
    /** Everything asked for succeeded, or was skipped as already done. */
    public static final int OK = 0;
    /** At least one item failed or was rejected. */
    public static final int FAILED = 1;
    /** Usage error (picocli's own), or a confirmation that was needed and not given. */
    public static final int USAGE = 2;
    /** A connection could not be reached. */
    public static final int UNREACHABLE = 3;
    /** Nothing matched. */
    public static final int NOTHING_MATCHED = 4;

    private ExitCode() {
    }
}
