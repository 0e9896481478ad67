package io.instanceconsole.backend.libvirt;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Checks libvirt URIs and makes remote ones non-interactive. Stateless and thread-safe. */
public final class LibvirtUris {
    /** Transports that run an ssh client, which would otherwise ask for a password or host key on a terminal. */
    private static final Pattern SSH_TRANSPORT = Pattern.compile("^[a-z0-9]+\\+(ssh|libssh|libssh2):", Pattern.CASE_INSENSITIVE);

    /**
     * The drivers a libvirt client knows (the scheme before any {@code +transport}). An unknown scheme is not refused
     * by libvirt itself: it is forwarded to the local daemon, and the user then reads about a missing socket instead
     * of a typo. Checking here gives the clear message.
     */
    private static final Set<String> DRIVERS = Set.of("qemu", "test", "lxc", "xen", "libxl", "vbox", "vmwareplayer",
            "vmwarews", "vmwarefusion", "esx", "gsx", "vpx", "hyperv", "openvz", "bhyve", "ch", "vz", "parallels",
            "remote", "uml", "phyp", "xenapi");

    private LibvirtUris() {
    }

    /**
     * The URI as libvirt should see it: ssh transports get {@code no_tty=1} (libvirt then runs
     * {@code ssh -T -o BatchMode=yes}), so that an ssh needing a password fails with an error instead of waiting for a
     * terminal the console does not have.
     *
     * @throws InvalidConnectionException naming the URI when it is not a URI at all or has no driver scheme
     */
    public static String forLibvirt(String uri) {
        String trimmed = uri.strip();
        URI parsed;
        try {
            parsed = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new InvalidConnectionException("cannot connect to libvirt at '" + uri + "': the URI is malformed ("
                    + e.getMessage() + "); expected e.g. qemu:///system, qemu+ssh://user@host/system or test:///default", e);
        }
        if (parsed.getScheme() == null) {
            throw new InvalidConnectionException("cannot connect to libvirt at '" + uri + "': the URI names no driver; "
                    + "expected e.g. qemu:///system, qemu+ssh://user@host/system or test:///default");
        }
        String driver = parsed.getScheme().toLowerCase(Locale.ROOT).split("\\+", 2)[0];
        if (!DRIVERS.contains(driver)) {
            throw new InvalidConnectionException("cannot connect to libvirt at '" + uri + "': there is no libvirt driver '"
                    + driver + "' (expected one of " + String.join(", ", new TreeSet<>(DRIVERS)) + ")");
        }
        if (SSH_TRANSPORT.matcher(trimmed).find() && !hasParameter(parsed, "no_tty")) {
            return trimmed + (parsed.getRawQuery() == null ? "?" : "&") + "no_tty=1";
        }
        return trimmed;
    }

    /** Whether libvirt reaches the host of this URI by running an ssh client. */
    public static boolean usesSsh(String uri) {
        return uri != null && uri.strip().toLowerCase(Locale.ROOT).matches("^[a-z0-9]+\\+ssh:.*");
    }

    /**
     * The URI with libvirt's {@code command} parameter naming the ssh client to run; a URI that names one already
     * keeps it (the user chose it).
     */
    public static String withSshCommand(String uri, String command) {
        String trimmed = uri.strip();
        URI parsed;
        try {
            parsed = new URI(trimmed);
        } catch (URISyntaxException e) {
            return trimmed;
        }
        if (hasParameter(parsed, "command")) {
            return trimmed;
        }
        String encoded = URLEncoder.encode(command, StandardCharsets.UTF_8);
        int fragment = trimmed.indexOf('#');
        String head = fragment < 0 ? trimmed : trimmed.substring(0, fragment);
        String tail = fragment < 0 ? "" : trimmed.substring(fragment);
        return head + (parsed.getRawQuery() == null ? "?" : "&") + "command=" + encoded + tail;
    }

    private static boolean hasParameter(URI uri, String name) {
        String query = uri.getRawQuery();
        if (query == null) {
            return false;
        }
        for (String pair : query.split("&")) {
            if (pair.toLowerCase(Locale.ROOT).startsWith(name + "=")) {
                return true;
            }
        }
        return false;
    }
}
