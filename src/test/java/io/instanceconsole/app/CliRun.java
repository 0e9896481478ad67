package io.instanceconsole.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.instanceconsole.cli.InstanceCtl;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One {@code instancectl} run in this process, as a shell would see it: the exit code, standard output and standard
 * error. The one way the tests run the CLI in-process.
 */
record CliRun(int code, String out, String err) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Runs {@code instancectl ARGS…} with the given environment (what the user's own tools would see). */
    static CliRun of(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = InstanceCtl.run(args, new CliServicesFactory(env), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs {@code instancectl --data-dir DIR ARGS…}. */
    static CliRun in(String dataDir, Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of("--data-dir", dataDir));
        all.addAll(List.of(args));
        return of(env, all.toArray(String[]::new));
    }

    /** Standard output as JSON; fails the test, quoting it, when it is not. */
    JsonNode json() {
        try {
            return JSON.readTree(out);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + out, e);
        }
    }
}
