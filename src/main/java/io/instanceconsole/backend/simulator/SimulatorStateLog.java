package io.instanceconsole.backend.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The simulated host's disk, shared by every console process on the data directory (the GUI and {@code instancectl}
 * see one simulated host, as they would a real one): an append-only JSON-lines log of instance records.
 *
 * @implNote Each change is one line appended under an exclusive file lock, after reading what other processes
 * appended; so concurrent processes never act on stale state, and a killed process (SIGKILL) loses no change that
 * returned to its caller, because the OS keeps what was written. A torn last line is ignored. The log is never
 * rewritten in place, since another process may be appending to it; at ~150 bytes a change it stays small for a
 * simulator. Not thread-safe; {@link SimulatorBackend} serialises access within a process.
 */
final class SimulatorStateLog implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** One line: an instance's new record, or its removal. */
    record Entry(String op, SimulatedInstance instance, String id) {
    }

    private final Path file;
    private final FileChannel channel;
    private long offset;

    private SimulatorStateLog(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Opens the log, creating it with a fresh fleet when it does not exist yet, and replays it. */
    static SimulatorStateLog open(Path file, Map<String, SimulatedInstance> into, Supplier<List<SimulatedInstance>> seed) {
        try {
            if (!Files.exists(file)) {
                create(file, seed.get());
            }
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            SimulatorStateLog log = new SimulatorStateLog(file, channel);
            log.refresh(into);
            return log;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open simulator state file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs a change with the log locked against other processes: first applies what they appended, then lets the
     * change append its own lines.
     */
    <T> T locked(Map<String, SimulatedInstance> state, Function<Set<String>, T> change) {
        try (FileLock ignored = channel.lock()) {
            Set<String> changedElsewhere = refresh(state);
            return change.apply(changedElsewhere);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock simulator state file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Applies lines appended since the last read (by any process); returns the ids they changed. */
    Set<String> refresh(Map<String, SimulatedInstance> state) {
        try {
            long size = channel.size();
            Set<String> changed = new LinkedHashSet<>();
            if (size <= offset) {
                return changed;
            }
            ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(size - offset));
            channel.read(buffer, offset);
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
            int lastNewline = text.lastIndexOf('\n');
            if (lastNewline < 0) {
                return changed; // a line still being written, or torn by a crash: read it when it is whole
            }
            for (String line : text.substring(0, lastNewline).split("\n")) {
                apply(line, state, changed);
            }
            offset += text.substring(0, lastNewline + 1).getBytes(StandardCharsets.UTF_8).length;
            return changed;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read simulator state file " + file + ": " + e.getMessage(), e);
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
            byte[] line = (JSON.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
            long end = channel.size();
            channel.write(ByteBuffer.wrap(line), end);
            if (offset == end) {
                offset = end + line.length; // our own line: already applied in memory
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write simulator state file " + file + ": " + e.getMessage(), e);
        }
    }

    private static void apply(String line, Map<String, SimulatedInstance> state, Set<String> changed) {
        if (line.isBlank()) {
            return;
        }
        Entry entry;
        try {
            entry = JSON.readValue(line, Entry.class);
        } catch (IOException tornLine) {
            return; // only the last line of a killed process can be incomplete; every other line is whole
        }
        if ("remove".equals(entry.op())) {
            if (state.remove(entry.id()) != null) {
                changed.add(entry.id());
            }
        } else if (entry.instance() != null) {
            SimulatedInstance previous = state.put(entry.instance().id(), entry.instance());
            if (!entry.instance().equals(previous)) {
                changed.add(entry.instance().id());
            }
        }
    }

    private static void create(Path file, List<SimulatedInstance> fleet) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
        StringBuilder text = new StringBuilder();
        for (SimulatedInstance instance : fleet) {
            text.append(JSON.writeValueAsString(new Entry("put", instance, instance.id()))).append('\n');
        }
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        try {
            Files.createLink(file, temp); // fails if it exists, where a rename would silently replace it
        } catch (FileAlreadyExistsException raced) {
            // another process created it first: its fleet is the host's
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
