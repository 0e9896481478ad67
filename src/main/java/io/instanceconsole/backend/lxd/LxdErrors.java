package io.instanceconsole.backend.lxd;

import io.instanceconsole.domain.ConflictException;
import io.instanceconsole.domain.InstanceConsoleException;
import io.instanceconsole.domain.NotFoundException;
import io.instanceconsole.domain.UnavailableException;

import java.util.regex.Pattern;

/**
 * LXD's errors as the console's: 404 is {@code NotFoundException}, 403 an untrusted client, a refusal because of the
 * instance's state ("The container is already frozen", "… isn't running", "… is busy running …") a
 * {@code ConflictException}, a member of the cluster that does not answer a failure of that instance only (the other
 * members' instances still work, so it never counts against the connection), other 5xx the host failing; any other
 * refusal is LXD's own sentence.
 */
final class LxdErrors {
    /**
     * LXD's words when the member that runs an instance does not answer the member the console talks to: while it is
     * known to be offline, at once when the forwarded request finds nothing listening ("Unable to connect to"), or
     * when the member dies while it holds a forwarded request ({@code Get "https://127.0.2.3:8443/1.0/operations/…": EOF}).
     */
    private static final Pattern MEMBER_DOWN = Pattern.compile(
            "(?i)target cluster member|cluster member .*(offline|unreachable|not available)|failed to connect to cluster member"
                    + "|unable to connect to"
                    + "|^(get|put|post|delete|patch) \"https://[^\"]+\": (eof|.*connection reset|.*connection refused|.*broken pipe)");
    private static final Pattern STATE = Pattern.compile(
            "(?i)already (frozen|running|stopped)|isn't running|is not running|not frozen|is busy running|is frozen");

    private LxdErrors() {
    }

    /** An error answer to a request, or a failed operation ({@code code} 400 for both). */
    static InstanceConsoleException of(int code, String error, String what, String server) {
        String reason = error == null || error.isBlank() ? "HTTP " + code : error;
        if (code == 404) {
            return new NotFoundException(what + ": LXD at " + server + " says: " + reason);
        }
        if (code == 403) {
            return new UnavailableException(what + ": LXD at " + server + " does not trust this console's certificate"
                    + " (" + reason + "); add the connection again with --token from `lxc config trust add`");
        }
        if (MEMBER_DOWN.matcher(reason).find()) {
            // the cluster answered: one member is down, which says nothing about the others (not a host failure)
            return new LxdOperationException(what + ": the cluster member that runs it does not answer (" + reason + ")");
        }
        if (STATE.matcher(reason).find()) {
            return new ConflictException(what + ": " + reason);
        }
        if (code >= 500) {
            return new UnavailableException(what + ": LXD at " + server + " failed: " + reason);
        }
        return new LxdOperationException(what + ": LXD at " + server + " refused: " + reason);
    }
}
