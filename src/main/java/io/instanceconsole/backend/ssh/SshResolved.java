package io.instanceconsole.backend.ssh;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How ssh would reach a destination after applying the user's configuration ({@code ssh -G}): the real host name,
 * port and user, and the known_hosts files it checks. Immutable.
 */
record SshResolved(String hostName, int port, String user, List<String> knownHostsFiles) {

    SshResolved {
        knownHostsFiles = List.copyOf(knownHostsFiles);
    }

    /** Parses the output of {@code ssh -G}: one {@code keyword value…} a line. */
    static SshResolved parse(String output, SshTarget target) {
        String hostName = target.host();
        int port = target.port() > 0 ? target.port() : 22;
        String user = target.user();
        List<String> files = new ArrayList<>();
        for (String line : output.split("\n")) {
            String[] parts = line.strip().split("\\s+", 2);
            if (parts.length < 2) {
                continue;
            }
            switch (parts[0].toLowerCase(Locale.ROOT)) {
                case "hostname" -> hostName = parts[1];
                case "port" -> port = parsePort(parts[1], port);
                case "user" -> user = parts[1];
                case "userknownhostsfile" -> files.addAll(List.of(parts[1].split("\\s+")));
                default -> { }
            }
        }
        return new SshResolved(hostName, port, user, files);
    }

    /** {@code host:port} as people write it, for messages. */
    String where() {
        return port == 22 ? hostName : hostName + ":" + port;
    }

    private static int parsePort(String text, int otherwise) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
