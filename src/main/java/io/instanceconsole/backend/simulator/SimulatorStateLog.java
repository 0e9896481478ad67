package io.instanceconsole.backend.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The simulated host's disk: an append-only JSON-lines log of instance records, compacted on open.
 *
 * @implNote Each change is one appended and flushed line, so a killed console (SIGKILL) loses no simulated host
 * change that returned to the caller: the OS keeps what was written. A torn last line is ignored on open.
 * Not thread-safe; {@link SimulatorBackend} serialises access.
 */
final class SimulatorStateLog implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** One line: an instance's new record, or its removal. */
    record Entry(String op, SimulatedInstance instance, String id) {
    }

    private final Path file;
    private BufferedWriter writer;

    private SimulatorStateLog(Path file) {
        this.file = file;
    }

    /** Opens the log, replaying it, or seeding it with a fresh fleet when it does not exist yet. */
    static SimulatorStateLog open(Path file, Map<String, SimulatedInstance> into, Supplier<List<SimulatedInstance>> seed) {
        SimulatorStateLog log = new SimulatorStateLog(file);
        try {
            if (Files.exists(file)) {
                log.replay(into);
            } else {
                seed.get().forEach(i -> into.put(i.id(), i));
            }
            log.compact(into);
            log.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            return log;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open simulator state file " + file + ": " + e.getMessage(), e);
        }
    }

    void put(SimulatedInstance instance) {
        append(new Entry("put", instance, instance.id()));
    }

    void remove(String id) {
        append(new Entry("remove", null, id));
    }

    private void append(Entry entry) {
        try {
            writer.write(JSON.writeValueAsString(entry));
            writer.newLine();
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write simulator state file " + file + ": " + e.getMessage(), e);
        }
    }

    private void replay(Map<String, SimulatedInstance> into) throws IOException {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            Entry entry;
            try {
                entry = JSON.readValue(line, Entry.class);
            } catch (IOException tornLine) {
                continue; // the last line of a killed process may be incomplete; every earlier line is whole
            }
            if ("remove".equals(entry.op())) {
                into.remove(entry.id());
            } else if (entry.instance() != null) {
                into.put(entry.instance().id(), entry.instance());
            }
        }
    }

    private void compact(Map<String, SimulatedInstance> state) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
        try (BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            for (SimulatedInstance instance : new LinkedHashMap<>(state).values()) {
                out.write(JSON.writeValueAsString(new Entry("put", instance, instance.id())));
                out.newLine();
            }
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void close() {
        try {
            if (writer != null) {
                writer.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
