package io.instanceconsole.service;

import io.instanceconsole.domain.AuditEvent;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.ConnectionPolicy;
import io.instanceconsole.domain.OperationState;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The audit events that record a person's changes to the connections (outcome {@link OperationState#CONFIGURED}):
 * what changed, by whom and when, with no instance. A password in a URI's user part never reaches the message.
 * Immutable and thread-safe.
 */
public final class ConnectionChanges {
    public static final String ADDED = "connection added";
    public static final String EDITED = "connection edited";
    public static final String REMOVED = "connection removed";
    public static final String ENABLED = "connection enabled";
    public static final String DISABLED = "connection disabled";
    public static final String KEY_TRUSTED = "host key trusted";

    /** The actions above, in the order the Activity filter lists them. */
    public static final List<String> ACTIONS = List.of(ADDED, EDITED, REMOVED, ENABLED, DISABLED, KEY_TRUSTED);

    private final Clock clock;
    private final String user;

    public ConnectionChanges(Clock clock, String user) {
        this.clock = requireNonNull(clock, "clock was not specified");
        this.user = user == null ? "" : user;
    }

    public AuditEvent added(Connection c) {
        return event(c, ADDED, c.kind().key() + " " + redact(c.uri()) + (c.readOnly() ? ", read-only" : "")
                + (c.tlsDir().isEmpty() ? "" : ", TLS from " + c.tlsDir()));
    }

    /** An edit, naming each setting that changed with its old and new value. */
    public AuditEvent edited(Connection before, ConnectionPolicy policyBefore, Connection after,
                             ConnectionPolicy policyAfter) {
        List<String> changes = new ArrayList<>();
        compare(changes, "name", before.name(), after.name());
        compare(changes, "kind", before.kind().key(), after.kind().key());
        compare(changes, "URI", redact(before.uri()), redact(after.uri()));
        compare(changes, "TLS directory", before.tlsDir(), after.tlsDir());
        compare(changes, "read-only", yesNo(before.readOnly()), yesNo(after.readOnly()));
        compare(changes, "colour", policyBefore.colour(), policyAfter.colour());
        if (!policyBefore.resilience().equals(policyAfter.resilience())) {
            changes.add("timeouts and retries changed");
        }
        return event(after, EDITED, changes.isEmpty() ? "saved unchanged" : String.join("; ", changes));
    }

    public AuditEvent removed(Connection c) {
        return event(c, REMOVED, c.kind().key() + " " + redact(c.uri()) + "; its rows left the table, its trail stays");
    }

    public AuditEvent enabledOrDisabled(Connection changed) {
        return event(changed, changed.enabled() ? ENABLED : DISABLED, changed.enabled()
                ? "the console connects to it again" : "closed; its rows stay as last known");
    }

    public AuditEvent keyTrusted(Connection c, String fingerprint) {
        return event(c, KEY_TRUSTED, "trusted " + fingerprint + " for " + redact(c.uri()));
    }

    private AuditEvent event(Connection c, String action, String message) {
        return new AuditEvent(0, clock.instant(), c.id(), c.name(), "", "", action, OperationState.CONFIGURED, message,
                user, "");
    }

    private static void compare(List<String> changes, String what, String before, String after) {
        if (!before.equals(after)) {
            changes.add(what + ": " + (before.isEmpty() ? "(none)" : before) + " → " + (after.isEmpty() ? "(none)" : after));
        }
    }

    private static String yesNo(boolean value) {
        return value ? "yes" : "no";
    }

    /** The URI with the password of its user part, if any, replaced by "***". */
    static String redact(String uri) {
        try {
            URI parsed = new URI(uri);
            String userInfo = parsed.getRawUserInfo();
            if (userInfo == null || !userInfo.contains(":")) {
                return uri;
            }
            String hidden = userInfo.substring(0, userInfo.indexOf(':')) + ":***";
            return uri.replace(userInfo + "@", hidden + "@");
        } catch (URISyntaxException e) {
            return uri.contains("@") ? "(a URI that cannot be read back)" : uri;
        }
    }
}
