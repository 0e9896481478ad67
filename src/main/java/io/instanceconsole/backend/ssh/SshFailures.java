package io.instanceconsole.backend.ssh;

import io.instanceconsole.domain.InstanceConsoleException;
import io.instanceconsole.domain.UnavailableException;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what OpenSSH's client printed when it failed into one sentence that names the host and says what to do.
 * Host-key failures are recognised here but answered by {@link HostKeyProbe}, which finds the presented key.
 * Stateless and thread-safe.
 */
final class SshFailures {
    /** What kind of failure ssh reported. */
    enum Kind { HOST_KEY_UNKNOWN, HOST_KEY_CHANGED, OTHER }

    private static final Pattern PERMISSION_DENIED = Pattern.compile("Permission denied \\(([^)]*)\\)");
    private static final Pattern OFFENDING = Pattern.compile("Offending \\S+ key in (\\S+):(\\d+)");
    private static final Pattern LOAD_KEY = Pattern.compile("Load key \"([^\"]+)\": (.+)");

    private SshFailures() {
    }

    static Kind kind(String stderr) {
        if (stderr.contains("REMOTE HOST IDENTIFICATION HAS CHANGED") || stderr.contains("Host key for ")
                && stderr.contains("has changed")) {
            return Kind.HOST_KEY_CHANGED;
        }
        if (stderr.contains("host key is known for") || stderr.contains("Host key verification failed")) {
            return Kind.HOST_KEY_UNKNOWN;
        }
        return Kind.OTHER;
    }

    /** Where the key trusted before is written ({@code file:line}) when ssh says the host's key changed. */
    static Optional<String[]> offendingKey(String stderr) {
        Matcher m = OFFENDING.matcher(stderr);
        return m.find() ? Optional.of(new String[]{m.group(1), m.group(2)}) : Optional.empty();
    }

    /**
     * The failure as the user should read it.
     *
     * @param where  the host as people write it ({@code lab1:2222})
     * @param stderr what ssh printed
     */
    static InstanceConsoleException explain(String where, String stderr) {
        List<String> lines = meaningfulLines(stderr);
        String text = String.join("\n", lines);
        Matcher denied = PERMISSION_DENIED.matcher(text);
        if (denied.find()) {
            List<String> methods = Arrays.stream(denied.group(1).split(",")).map(String::strip).toList();
            if (!methods.contains("publickey")) {
                return new SshException("ssh host " + where + " only takes " + String.join(" or ", methods)
                        + " logins; the console never uses passwords: authorise a key on it (ssh-copy-id) and use"
                        + " that key or an ssh agent");
            }
            return new SshException("ssh host " + where + " accepted none of the keys offered: load the right key"
                    + " into the ssh agent (ssh-add), or name it with IdentityFile in ~/.ssh/config, and check the"
                    + " user name");
        }
        Matcher loadKey = LOAD_KEY.matcher(text);
        if (loadKey.find()) {
            return new SshException("cannot use the key file " + loadKey.group(1) + " for " + where + ": "
                    + loadKey.group(2) + " (it must be readable by you and by no one else)");
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.contains("could not resolve hostname")) {
            return new UnavailableException("ssh host name of " + where + " does not resolve (" + lastOf(lines)
                    + "); check the name or its Host entry in ~/.ssh/config");
        }
        if (lower.contains("connection refused")) {
            return new UnavailableException("nothing accepts ssh connections at " + where
                    + " (connection refused): is sshd running, and is the port right?");
        }
        if (lower.contains("timed out") || lower.contains("no route to host") || lower.contains("network is unreachable")) {
            return new UnavailableException("ssh host " + where + " did not answer in time (" + lastOf(lines) + ")");
        }
        if (lower.contains("connection closed") || lower.contains("connection reset")) {
            return new UnavailableException("ssh host " + where + " closed the connection (" + lastOf(lines) + ")");
        }
        if (lines.isEmpty()) {
            return new UnavailableException("ssh to " + where + " ended without saying why");
        }
        return new UnavailableException("ssh to " + where + " failed: " + lastOf(lines));
    }

    /** The lines of ssh's output that say something: no banners, no blank lines, no warning boxes. */
    static List<String> meaningfulLines(String stderr) {
        return stderr.lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("@") && !l.startsWith("debug"))
                .toList();
    }

    private static String lastOf(List<String> lines) {
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
}
