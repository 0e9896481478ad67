package io.instanceconsole.service.imports;

import io.instanceconsole.domain.BackendKind;

import static java.util.Objects.requireNonNull;

/**
 * One connection found where the user already keeps them (a Docker context, a virt-manager URI), as the import
 * offers it. Immutable.
 *
 * @param source  where it was found: {@link ConnectionImport#DOCKER_CONTEXTS} or {@link ConnectionImport#VIRT_MANAGER}
 * @param name    the name it would get (the context's name, the URI's host; with a suffix when that name is taken)
 * @param kind    Docker or libvirt
 * @param uri     the endpoint, or empty when none could be read
 * @param tlsDir  Docker TLS directory, or empty
 * @param verdict whether it can be imported
 * @param detail  for {@link Verdict#NOT_IMPORTABLE}: one line naming the file and what is wrong; for
 *                {@link Verdict#ALREADY_PRESENT}: which connection has it; otherwise a note, or empty
 * @param origin  the file or setting it was read from
 */
public record ImportCandidate(String source, String name, BackendKind kind, String uri, String tlsDir, Verdict verdict,
                              String detail, String origin) {
    public enum Verdict {
        /** Can be imported as it is. */
        IMPORTABLE,
        /** A connection of the same kind and URI exists already: importing it would show every instance twice. */
        ALREADY_PRESENT,
        /** Something about it is wrong; {@link #detail} says what. */
        NOT_IMPORTABLE
    }

    public ImportCandidate {
        requireNonNull(source, "source was not specified");
        requireNonNull(name, "name was not specified");
        requireNonNull(kind, "kind was not specified");
        requireNonNull(verdict, "verdict was not specified");
        uri = uri == null ? "" : uri;
        tlsDir = tlsDir == null ? "" : tlsDir;
        detail = detail == null ? "" : detail;
        origin = origin == null ? "" : origin;
    }

    public boolean importable() {
        return verdict == Verdict.IMPORTABLE;
    }
}
