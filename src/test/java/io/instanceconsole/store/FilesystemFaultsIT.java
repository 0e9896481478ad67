package io.instanceconsole.store;

import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A data directory on a read-only file system, and a full disk, on real (tmpfs) file systems this test mounts. Needs
 * root, as CI has; elsewhere it is skipped, saying why.
 */
class FilesystemFaultsIT {
    @TempDir
    Path dir;

    private Path mountPoint;

    @BeforeEach
    void needsRoot() {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting a test file system needs root");
        mountPoint = dir.resolve("mnt");
    }

    @AfterEach
    void unmount() throws Exception {
        if (mountPoint != null && Files.exists(mountPoint)) {
            new ProcessBuilder("umount", mountPoint.toString()).start().waitFor();
        }
    }

    private void mount(String options) throws Exception {
        Files.createDirectories(mountPoint);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", options, "tmpfs", mountPoint.toString())
                .redirectErrorStream(true).start();
        assertThat(mount.waitFor()).as(new String(mount.getInputStream().readAllBytes())).isZero();
    }

    @Test
    void dataDirectoryOnAReadOnlyFileSystemIsRefusedByNameBeforeAnythingStarts() throws Exception {
        mount("ro,size=1m");

        assertThatThrownBy(() -> new DataDirectory(mountPoint.resolve("console")).prepare())
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(mountPoint.resolve("console").toString());
        assertThatThrownBy(() -> new DataDirectory(mountPoint).prepare())
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(mountPoint.toString()).hasMessageContaining("not writable");
    }

    @Test
    void fullDiskIsAClearErrorNamingTheFileAndWhatWasCommittedStays() throws Exception {
        mount("size=4m");
        DataDirectory dataDir = new DataDirectory(mountPoint).prepare();
        try (Database database = Database.open(dataDir)) {
            ConnectionRepository connections = new ConnectionRepository(database);
            connections.add(new Connection("keep", "kept", BackendKind.SIMULATOR, "sim://kept", "", false, true));
            // Fill the disk with something else, then ask the store for more room than is left.
            Process fill = new ProcessBuilder("dd", "if=/dev/zero", "of=" + mountPoint.resolve("filler"), "bs=64k")
                    .redirectErrorStream(true).start();
            fill.waitFor();
            StoreException error = null;
            for (int i = 0; i < 2_000 && error == null; i++) {
                try {
                    connections.add(new Connection(UUID.randomUUID().toString(), "c" + i + "x".repeat(150),
                            BackendKind.SIMULATOR, "sim://" + "y".repeat(1_500), "", false, true));
                } catch (StoreException e) {
                    error = e;
                }
            }
            assertThat(error).as("the store reported the full disk").isNotNull();
            assertThat(error.getMessage()).contains(database.file().toString());
        } catch (StoreException closing) {
            // closing a store on a full disk may fail too; it must say which file
            assertThat(closing.getMessage()).contains(mountPoint.toString());
        }
        Files.deleteIfExists(mountPoint.resolve("filler"));
        try (Database reopened = Database.open(dataDir)) {
            assertThat(new ConnectionRepository(reopened).findByName("kept")).isPresent();
        }
    }
}
