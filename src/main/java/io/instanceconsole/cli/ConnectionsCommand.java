package io.instanceconsole.cli;

import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.ConnectionPolicy;
import io.instanceconsole.domain.InstanceConsoleException;
import io.instanceconsole.domain.PresentedHostKey;
import io.instanceconsole.domain.UnavailableException;
import io.instanceconsole.domain.UnsupportedException;
import io.instanceconsole.service.ConnectionSettings;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code instancectl connections list|add|remove|test|trust|import}. */
@Command(name = "connections", description = "Manage the hosts the console connects to.",
        subcommands = {ConnectionsCommand.ListConnections.class, ConnectionsCommand.Add.class,
                ConnectionsCommand.Remove.class, ConnectionsCommand.Test.class, ConnectionsCommand.Trust.class,
                ImportConnections.class})
final class ConnectionsCommand {
    @ParentCommand
    InstanceCtl root;

    @Command(name = "list", description = "List connections.")
    static final class ListConnections implements Callable<Integer> {
        @ParentCommand
        ConnectionsCommand parent;
        @Mixin
        ListOutput output;

        @Override
        public Integer call() {
            try (CliSession session = parent.root.open()) {
                output.print(session.connectionManager().all(), ConnectionJson::of,
                        new TextTable("NAME", "KIND", "URI", "READ-ONLY", "ENABLED"),
                        c -> new Object[] {c.name(), c.kind().key(), c.uri(), c.readOnly() ? "yes" : "no",
                                c.enabled() ? "yes" : "no"});
                return ExitCode.OK;
            }
        }
    }

    @Command(name = "add", description = "Add a connection.")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        ConnectionsCommand parent;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "NAME", description = "Unique display name.")
        String name;
        @ArgGroup(exclusive = true, multiplicity = "1")
        Kind kind;
        @Option(names = "--tls-dir", paramLabel = "DIR", description = "Docker TLS certificates (ca.pem, cert.pem, key.pem).")
        String tlsDir;
        @Option(names = "--read-only", description = "Refuse every action on this connection.")
        boolean readOnly;
        @Option(names = "--token", paramLabel = "TOKEN", description = "LXD over HTTPS: a trust token from `lxc config trust add` on the server, to enrol this console's certificate (used once, never stored).")
        String token;
        @Option(names = "--project", paramLabel = "NAME", description = "LXD: the project to work in (default: the default project).")
        String project;

        static final class Kind {
            @Option(names = "--docker", paramLabel = "URI", required = true, description = "Docker endpoint: unix:///var/run/docker.sock, tcp://host:2376; Podman: unix:///run/podman/podman.sock.")
            String docker;
            @Option(names = "--libvirt", paramLabel = "URI", required = true, description = "libvirt URI: qemu:///system, qemu+ssh://user@host/system, test:///default.")
            String libvirt;
            @Option(names = "--simulator", required = true, description = "An embedded simulated host.")
            boolean simulator;
            @Option(names = "--lxd", paramLabel = "URI", required = true, description = "LXD or Incus: lxd+unix:///var/lib/lxd/unix.socket, lxd+https://host:8443 (with --token the first time).")
            String lxd;
        }

        @Override
        public Integer call() {
            BackendKind backendKind = kind.docker != null ? BackendKind.DOCKER : kind.libvirt != null ? BackendKind.LIBVIRT
                    : kind.lxd != null ? BackendKind.LXD : BackendKind.SIMULATOR;
            String uri = switch (backendKind) {
                case DOCKER -> kind.docker;
                case LIBVIRT -> kind.libvirt;
                case LXD -> lxdUri();
                case SIMULATOR -> "sim://" + URLEncoder.encode(name, StandardCharsets.UTF_8)
                        + "?count=40&latencyMs=50";
                case PODMAN -> throw new IllegalStateException("no option makes a Podman connection"); // use --docker
            };
            if (tlsDir != null && backendKind != BackendKind.DOCKER) {
                throw new CliException(ExitCode.USAGE, "--tls-dir is only for --docker connections");
            }
            if ((token != null || project != null) && backendKind != BackendKind.LXD) {
                throw new CliException(ExitCode.USAGE, (token != null ? "--token" : "--project") + " is only for --lxd connections");
            }
            try {
                ConnectionSettings.create(name, backendKind, uri, tlsDir, readOnly);
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCode.USAGE, e.getMessage());
            }
            try (CliSession session = parent.root.openCreating()) {
                if (session.connectionManager().all().stream().anyMatch(c -> c.name().equals(name))) {
                    throw new CliException(ExitCode.USAGE, "a connection named '" + name + "' already exists");
                }
                if (token != null) {
                    enrol(session, uri);
                }
                // Saved now; opened by whichever console uses it next (this command does not wait for the host).
                session.connectionManager().add(name, backendKind, uri, tlsDir, readOnly,
                        ConnectionPolicy.defaultsFor(backendKind));
                spec.commandLine().getOut().println("added connection '" + name + "' (" + backendKind.key() + ", " + uri
                        + (readOnly ? ", read-only" : "") + ")");
                return ExitCode.OK;
            }
        }

        private String lxdUri() {
            try {
                String uri = ConnectionSettings.lxdUri(kind.lxd, project);
                if (token != null && !ConnectionSettings.isLxdOverHttps(uri)) {
                    throw new CliException(ExitCode.USAGE, "--token is only for lxd+https:// connections ('" + kind.lxd
                            + "' is a unix socket, trusted by its file permissions)");
                }
                return uri;
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCode.USAGE, e.getMessage());
            }
        }

        /** Enrols the console with the token before anything is saved: a refused token leaves no connection behind. */
        private void enrol(CliSession session, String uri) {
            try {
                PresentedHostKey pinned = session.hostKeys().enrol(uri, token);
                spec.commandLine().getOut().println("enrolled with LXD at " + pinned.host() + "; trusted its "
                        + pinned.type() + " " + pinned.fingerprint() + " (named by the token)");
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCode.USAGE, e.getMessage());
            } catch (InstanceConsoleException e) {
                throw refused(name, e);
            }
        }
    }

    /** A host that refused to be trusted or enrolled: exit 3 when it could not be reached or is not trusted, else 1. */
    static CliException refused(String connection, InstanceConsoleException e) {
        return new CliException(e instanceof UnavailableException ? ExitCode.UNREACHABLE : ExitCode.FAILED,
                "connection '" + connection + "': " + e.getMessage());
    }

    /** A subcommand about one named connection: opens the session and finds it (exit 4 when there is none). */
    abstract static class OneConnection implements Callable<Integer> {
        @ParentCommand
        ConnectionsCommand parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            checkArguments();
            try (CliSession session = parent.root.open()) {
                return run(session, Reachability.select(session, name).get(0));
            }
        }

        /** Refuses bad arguments before the data directory is opened. */
        void checkArguments() {
        }

        abstract int run(CliSession session, Connection connection);

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        PrintWriter err() {
            return spec.commandLine().getErr();
        }
    }

    @Command(name = "remove", description = "Remove a connection and its cached instances (its audit history stays).")
    static final class Remove extends OneConnection {
        @Override
        int run(CliSession session, Connection connection) {
            session.connectionManager().remove(connection.id());
            out().println("removed connection '" + name + "'; its audit history is kept");
            return ExitCode.OK;
        }
    }

    @Command(name = "test", description = "Connect to a host and list it, to check the settings.")
    static final class Test extends OneConnection {
        @Override
        int run(CliSession session, Connection connection) {
            Collection<String> problems = Reachability.connect(session, name, List.of(connection)).values();
            if (!problems.isEmpty()) {
                problems.forEach(p -> err().println("instancectl: " + p));
                return ExitCode.UNREACHABLE;
            }
            Reachability.duplicateWarnings(session, List.of(connection)).forEach(w -> err().println("instancectl: " + w));
            long count = session.known().ofConnection(connection.id()).size();
            out().println("connection '" + name + "' (" + connection.uri() + "): reachable, " + count + " instance"
                    + (count == 1 ? "" : "s"));
            return ExitCode.OK;
        }
    }

    @Command(name = "trust", description = "Trust the ssh host key (or LXD server certificate) a connection's host presents, given its fingerprint"
            + " (as a failed connection printed it, after checking it with the host's administrator).")
    static final class Trust extends OneConnection {
        @Parameters(index = "1", paramLabel = "FINGERPRINT", description = "SHA256:… as ssh-keygen -l shows it.")
        String fingerprint;

        @Override
        void checkArguments() {
            if (!fingerprint.strip().matches("(?i)(SHA256:)?[A-Za-z0-9+/]{43}=?")) {
                throw new CliException(ExitCode.USAGE, "'" + fingerprint + "' is not an SHA256 fingerprint"
                        + " (expected SHA256: and 43 base64 characters, as ssh-keygen -l prints it)");
            }
        }

        @Override
        int run(CliSession session, Connection connection) {
            try {
                PresentedHostKey trusted = session.hostKeys().trust(connection, fingerprint);
                out().println("trusted the " + trusted.type() + " host key " + trusted.fingerprint() + " of "
                        + trusted.host() + " for connection '" + name + "'");
                return ExitCode.OK;
            } catch (UnsupportedException e) {
                throw new CliException(ExitCode.USAGE, e.getMessage());
            } catch (InstanceConsoleException e) {
                throw refused(name, e);
            }
        }
    }

    /** One connection in {@code connections list --json}. */
    record ConnectionJson(String id, String name, String kind, String uri, String tlsDir, boolean readOnly, boolean enabled) {
        static ConnectionJson of(Connection c) {
            return new ConnectionJson(c.id(), c.name(), c.kind().key(), c.uri(), c.tlsDir(), c.readOnly(), c.enabled());
        }
    }
}
