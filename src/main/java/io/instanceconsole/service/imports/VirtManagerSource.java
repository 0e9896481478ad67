package io.instanceconsole.service.imports;

import io.instanceconsole.domain.BackendKind;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * virt-manager's saved connections: the {@code uris} key of the gsettings schema
 * {@code org.virt-manager.virt-manager.connections}. Read with {@code gsettings get} (whatever backend the user's
 * session has: dconf, or the keyfile backend with {@code GSETTINGS_BACKEND=keyfile}); when gsettings does not know the
 * schema (virt-manager is not installed here, only its settings are), the same key is read from the keyfile backend's
 * file ({@code $XDG_CONFIG_HOME/glib-2.0/settings/keyfile}, group {@code [org/virt-manager/virt-manager/connections]})
 * or with {@code dconf read}. Reads only; never writes.
 */
public final class VirtManagerSource implements ImportSource {
    public static final String SCHEMA = "org.virt-manager.virt-manager.connections";
    public static final String KEY = "uris";
    private static final String PATH = "/org/virt-manager/virt-manager/connections/";
    private static final long TIMEOUT_SECONDS = 5;

    private final Map<String, String> env;
    private String describedAs = "virt-manager's saved URIs (gsettings " + SCHEMA + " " + KEY + ")";

    /** @param env the environment the user's tools see (HOME, XDG_CONFIG_HOME, GSETTINGS_BACKEND, PATH...) */
    public VirtManagerSource(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public String key() {
        return ConnectionImport.VIRT_MANAGER;
    }

    @Override
    public synchronized String describe() {
        return describedAs;
    }

    @Override
    public List<Found> find() {
        String origin = "gsettings " + SCHEMA + " " + KEY;
        Optional<String> value;
        Optional<Run> gsettings = run("gsettings", "get", SCHEMA, KEY);
        if (gsettings.isPresent() && gsettings.get().exit() == 0) {
            value = Optional.of(gsettings.get().out());
        } else {
            Path keyfile = keyfile();
            if ("keyfile".equals(env.get("GSETTINGS_BACKEND")) || Files.isRegularFile(keyfile)) {
                origin = keyfile + " [" + PATH.substring(1, PATH.length() - 1) + "] " + KEY;
                value = fromKeyfile(keyfile);
            } else {
                Optional<Run> dconf = run("dconf", "read", PATH + KEY);
                origin = "dconf " + PATH + KEY;
                value = dconf.filter(r -> r.exit() == 0).map(Run::out);
            }
        }
        synchronized (this) {
            describedAs = "virt-manager's saved URIs (" + origin + ")";
        }
        if (value.isEmpty() || value.get().isBlank()) {
            return List.of();
        }
        List<String> uris;
        try {
            uris = GVariantStrings.parse(value.get().strip());
        } catch (IllegalArgumentException e) {
            return List.of(Found.bad("virt-manager", BackendKind.LIBVIRT, origin, origin + " is not a list of strings ("
                    + e.getMessage() + "): " + value.get().strip()));
        }
        List<Found> found = new ArrayList<>();
        for (String uri : uris) {
            found.add(new Found(nameOf(uri), BackendKind.LIBVIRT, uri, "", origin, null, null));
        }
        return found;
    }

    /** The host part of the URI; for a local URI, its driver and path: {@code qemu-system}, {@code test-default}. */
    static String nameOf(String uri) {
        try {
            URI parsed = new URI(uri);
            if (parsed.getHost() != null && !parsed.getHost().isBlank()) {
                return parsed.getHost();
            }
            String scheme = parsed.getScheme() == null ? "libvirt" : parsed.getScheme().replaceFirst("\\+.*$", "");
            String path = parsed.getPath() == null ? "" : parsed.getPath().replaceAll("^/+|/+$", "").replace('/', '-');
            return path.isEmpty() ? scheme : scheme + "-" + path;
        } catch (URISyntaxException e) {
            return uri.length() > 40 ? uri.substring(0, 40) : uri;
        }
    }

    private Path keyfile() {
        String config = env.get("XDG_CONFIG_HOME");
        Path base = config != null && !config.isBlank() ? Path.of(config)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".config");
        return base.resolve("glib-2.0").resolve("settings").resolve("keyfile");
    }

    /** The key's value in GLib's keyfile backend: {@code [org/virt-manager/virt-manager/connections]} then {@code uris=...}. */
    private static Optional<String> fromKeyfile(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Optional.empty();
        }
        String group = "[" + PATH.substring(1, PATH.length() - 1) + "]";
        boolean in = false;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.startsWith("[")) {
                in = line.equals(group);
            } else if (in && line.startsWith(KEY) && line.substring(KEY.length()).stripLeading().startsWith("=")) {
                return Optional.of(line.substring(line.indexOf('=') + 1).strip());
            }
        }
        return Optional.empty();
    }

    private record Run(int exit, String out) {
    }

    /** Runs a tool found on the environment's PATH with exactly that environment; empty when it is not there or hangs. */
    private Optional<Run> run(String tool, String... args) {
        Optional<Path> binary = onPath(tool);
        if (binary.isEmpty()) {
            return Optional.empty();
        }
        List<String> command = new ArrayList<>();
        command.add(binary.get().toString());
        command.addAll(List.of(args));
        Path out = null;
        try {
            out = Files.createTempFile("ic-import", ".out");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Map<String, String> processEnv = builder.environment();
            processEnv.clear();
            processEnv.putAll(new HashMap<>(env));
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            return Optional.of(new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a temporary file left behind
                }
            }
        }
    }

    private Optional<Path> onPath(String tool) {
        String path = env.getOrDefault("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return Optional.of(Path.of(dir, tool));
            }
        }
        return Optional.empty();
    }

    /** GVariant's text form of an array of strings, as gsettings and dconf print it: {@code ['a', "b'c"]}, {@code @as []}. */
    static final class GVariantStrings {
        private GVariantStrings() {
        }

        static List<String> parse(String text) {
            String t = text.startsWith("@as") ? text.substring(3).strip() : text;
            if (!t.startsWith("[") || !t.endsWith("]")) {
                throw new IllegalArgumentException("not an array");
            }
            List<String> values = new ArrayList<>();
            int i = 1;
            int end = t.length() - 1;
            while (true) {
                while (i < end && (Character.isWhitespace(t.charAt(i)))) i++;
                if (i >= end) break;
                char quote = t.charAt(i);
                if (quote != '\'' && quote != '"') {
                    throw new IllegalArgumentException("expected a quoted string at " + i);
                }
                StringBuilder value = new StringBuilder();
                i++;
                while (i < end && t.charAt(i) != quote) {
                    char c = t.charAt(i);
                    if (c == '\\' && i + 1 < end) {
                        i++;
                        c = t.charAt(i);
                    }
                    value.append(c);
                    i++;
                }
                if (i >= end) {
                    throw new IllegalArgumentException("unterminated string");
                }
                values.add(value.toString());
                i++;
                while (i < end && Character.isWhitespace(t.charAt(i))) i++;
                if (i < end) {
                    if (t.charAt(i) != ',') {
                        throw new IllegalArgumentException("expected ',' at " + i);
                    }
                    i++;
                }
            }
            return values;
        }
    }
}
