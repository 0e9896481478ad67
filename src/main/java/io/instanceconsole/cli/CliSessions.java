package io.instanceconsole.cli;

import java.nio.file.Path;
import java.util.Map;

/** Opens a {@link CliSession} on a data directory option (null: the default). Implemented by the composition root. */
public interface CliSessions {
    /** Opens the store, offering the first-start connections (local engines, else the simulator) when it has none. */
    CliSession open(String dataDirOption);

    /** Opens (or creates) the store without offering any connection: the caller is about to add one. */
    CliSession openBare(String dataDirOption);

    /** The data directory the option names (null: the default), without opening or creating anything. */
    Path dataDirectory(String dataDirOption);

    /** The environment the user's own tools see (for {@code connections import}: DOCKER_CONFIG, HOME, XDG_*...). */
    default Map<String, String> environment() {
        return System.getenv();
    }
}
