package io.instanceconsole.cli;

/** Opens a {@link CliSession} on a data directory option (null: the default). Implemented by the composition root. */
@FunctionalInterface
public interface CliSessions {
    CliSession open(String dataDirOption);
}
