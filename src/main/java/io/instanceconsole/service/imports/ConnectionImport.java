package io.instanceconsole.service.imports;

import io.instanceconsole.backend.docker.DockerEndpoint;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.ConnectionPolicy;
import io.instanceconsole.domain.InstanceConsoleException;
import io.instanceconsole.service.ConnectionManager;
import io.instanceconsole.service.ConnectionSettings;
import io.instanceconsole.service.imports.ImportCandidate.Verdict;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Import of the connections the user already has elsewhere: Docker contexts and virt-manager's saved URIs. {@link
 * #scan} lists every one found, each checked with the console's own rules for a new connection and against the
 * connections already present (same kind and URI: already present, not imported again); {@link #apply} adds the
 * chosen importable ones, each whole or not at all. Thread-safe (stateless apart from its sources).
 *
 * <p>Names: a candidate keeps its name (the context's name, the URI's host) unless a connection or an earlier
 * candidate has it; then it gets the first free suffix {@code -2}, {@code -3}, ... and its detail says so.
 */
public final class ConnectionImport {
    public static final String DOCKER_CONTEXTS = "docker-contexts";
    public static final String VIRT_MANAGER = "virt-manager";
    /** The {@code --from} values, in the order sources are read. */
    public static final List<String> SOURCES = List.of(DOCKER_CONTEXTS, VIRT_MANAGER);

    private final List<ImportSource> sources;

    public ConnectionImport(List<ImportSource> sources) {
        this.sources = List.copyOf(sources);
    }

    /** Docker contexts and virt-manager, located through the given environment (normally {@code System.getenv()}). */
    public static ConnectionImport forEnvironment(Map<String, String> env) {
        return new ConnectionImport(List.of(DockerContextsSource.forEnvironment(env), new VirtManagerSource(env)));
    }

    /** What a scan found, and where it looked (one line per source read). */
    public record Scan(List<ImportCandidate> candidates, List<String> looked) {
        public List<ImportCandidate> importable() {
            return candidates.stream().filter(ImportCandidate::importable).toList();
        }
    }

    /** One candidate after {@link #apply}; {@code connection} is the one added, for {@link Result#IMPORTED} only. */
    public record Outcome(ImportCandidate candidate, Result result, String detail, Connection connection) {
        Outcome(ImportCandidate candidate, Result result, String detail) {
            this(candidate, result, detail, null);
        }
    }

    public enum Result {
        IMPORTED, ALREADY_PRESENT, NOT_IMPORTABLE, FAILED
    }

    /**
     * Reads the sources (all of them when {@code from} is empty) and checks each find.
     *
     * @param existing the connections the console has now
     * @throws IllegalArgumentException for a {@code from} that names no source
     */
    public Scan scan(Collection<Connection> existing, Set<String> from) {
        for (String key : from) {
            if (sources.stream().noneMatch(s -> s.key().equals(key))) {
                throw new IllegalArgumentException("no import source '" + key + "' (one of: "
                        + String.join(", ", sources.stream().map(ImportSource::key).toList()) + ")");
            }
        }
        Set<String> taken = new HashSet<>();
        existing.forEach(c -> taken.add(c.name()));
        List<ImportCandidate> candidates = new ArrayList<>();
        List<String> looked = new ArrayList<>();
        List<Connection> present = new ArrayList<>(existing);
        for (ImportSource source : sources) {
            if (!from.isEmpty() && !from.contains(source.key())) {
                continue;
            }
            List<ImportSource.Found> found = source.find();
            looked.add(source.describe() + ": " + found.size() + " found");
            for (ImportSource.Found f : found) {
                ImportCandidate candidate = check(source.key(), f, present, taken);
                candidates.add(candidate);
                if (candidate.importable()) {
                    taken.add(candidate.name());
                    // a second find of the same endpoint (two contexts, one engine) is already present by then
                    present.add(new Connection("candidate", candidate.name(), candidate.kind(), candidate.uri(),
                            candidate.tlsDir(), false, true));
                }
            }
        }
        return new Scan(List.copyOf(candidates), List.copyOf(looked));
    }

    /**
     * Adds the chosen candidates that are importable, checked again against the connections present now (another
     * console may have added one meanwhile). Each is added whole or not at all; one that fails does not stop the others.
     */
    public List<Outcome> apply(ConnectionManager manager, List<ImportCandidate> chosen) {
        List<Outcome> outcomes = new ArrayList<>();
        for (ImportCandidate candidate : chosen) {
            if (candidate.verdict() != Verdict.IMPORTABLE) {
                outcomes.add(new Outcome(candidate, candidate.verdict() == Verdict.ALREADY_PRESENT ? Result.ALREADY_PRESENT
                        : Result.NOT_IMPORTABLE, candidate.detail()));
                continue;
            }
            List<Connection> now = manager.all();
            Optional<Connection> same = now.stream().filter(c -> sameEndpoint(c, candidate.kind(), candidate.uri())).findFirst();
            if (same.isPresent()) {
                outcomes.add(new Outcome(candidate, Result.ALREADY_PRESENT, "already present as '" + same.get().name() + "'"));
                continue;
            }
            Set<String> names = new HashSet<>();
            now.forEach(c -> names.add(c.name()));
            String name = free(candidate.name(), names);
            try {
                Connection added = manager.add(name, candidate.kind(), candidate.uri(),
                        candidate.tlsDir().isEmpty() ? null : candidate.tlsDir(), false, ConnectionPolicy.defaultsFor(candidate.kind()));
                outcomes.add(new Outcome(name.equals(candidate.name()) ? candidate : renamed(candidate, name),
                        Result.IMPORTED, candidate.detail(), added));
            } catch (IllegalArgumentException | InstanceConsoleException e) {
                outcomes.add(new Outcome(candidate, Result.FAILED, "'" + candidate.name() + "' (" + candidate.uri()
                        + ") was not imported: " + e.getMessage()));
            }
        }
        return outcomes;
    }

    private static ImportCandidate renamed(ImportCandidate c, String name) {
        return new ImportCandidate(c.source(), name, c.kind(), c.uri(), c.tlsDir(), c.verdict(), c.detail(), c.origin());
    }

    private static ImportCandidate check(String source, ImportSource.Found f, List<Connection> present, Set<String> taken) {
        if (f.problem() != null) {
            return new ImportCandidate(source, f.name(), f.kind(), f.uri(), f.tlsDir(), Verdict.NOT_IMPORTABLE,
                    oneLine(f.problem()), f.origin());
        }
        Optional<Connection> same = present.stream().filter(c -> sameEndpoint(c, f.kind(), f.uri())).findFirst();
        if (same.isPresent()) {
            return new ImportCandidate(source, f.name(), f.kind(), f.uri(), f.tlsDir(), Verdict.ALREADY_PRESENT,
                    "already present as '" + same.get().name() + "'", f.origin());
        }
        String name = free(f.name(), taken);
        try {
            ConnectionSettings.create(name, f.kind(), f.uri(), f.tlsDir().isEmpty() ? null : f.tlsDir(), false);
            if (f.kind() == BackendKind.DOCKER) {
                DockerEndpoint.parse(f.uri(), f.tlsDir());
            }
        } catch (IllegalArgumentException | InstanceConsoleException e) {
            return new ImportCandidate(source, f.name(), f.kind(), f.uri(), f.tlsDir(), Verdict.NOT_IMPORTABLE,
                    oneLine(f.origin() + ": " + e.getMessage()), f.origin());
        }
        List<String> notes = new ArrayList<>();
        if (!name.equals(f.name())) {
            notes.add("named '" + name + "': a connection named '" + f.name() + "' exists");
        }
        if (f.note() != null) {
            notes.add(f.note());
        }
        return new ImportCandidate(source, name, f.kind(), f.uri(), f.tlsDir(), Verdict.IMPORTABLE,
                oneLine(String.join("; ", notes)), f.origin());
    }

    /** Same kind and the same endpoint: URIs compared as the backend would use them where it can tell. */
    static boolean sameEndpoint(Connection c, BackendKind kind, String uri) {
        if (c.kind() != kind) {
            return false;
        }
        if (c.uri().strip().equals(uri.strip())) {
            return true;
        }
        if (kind == BackendKind.DOCKER) {
            try {
                return DockerEndpoint.parse(c.uri(), null).uri().equals(DockerEndpoint.parse(uri, null).uri());
            } catch (RuntimeException e) {
                return false;
            }
        }
        return strip(c.uri()).equals(strip(uri));
    }

    private static String strip(String uri) {
        String u = uri.strip();
        return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }

    private static String free(String name, Set<String> taken) {
        if (!taken.contains(name)) {
            return name;
        }
        for (int i = 2; ; i++) {
            String candidate = name + "-" + i;
            if (!taken.contains(candidate)) {
                return candidate;
            }
        }
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }
}
