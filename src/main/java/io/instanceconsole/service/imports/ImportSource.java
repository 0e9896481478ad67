package io.instanceconsole.service.imports;

import io.instanceconsole.domain.BackendKind;

import java.util.List;

/** A place where the user already keeps connections. Implementations read only; they never write. */
public interface ImportSource {
    /** The key of this source on the command line ({@code --from}). */
    String key();

    /** What was read, for people: {@code Docker contexts in /home/me/.docker}. */
    String describe();

    /** Everything found, including what cannot be used (with its problem). Never throws for bad input. */
    List<Found> find();

    /**
     * One connection as a source found it, before it is checked against the console's rules and connections.
     *
     * @param problem one line naming the file and what is wrong, or null when nothing is
     * @param note    something the user should know about an importable one, or null
     */
    record Found(String name, BackendKind kind, String uri, String tlsDir, String origin, String problem, String note) {
        static Found bad(String name, BackendKind kind, String origin, String problem) {
            return new Found(name, kind, "", "", origin, problem, null);
        }
    }
}
