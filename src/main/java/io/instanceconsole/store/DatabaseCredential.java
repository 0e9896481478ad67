package io.instanceconsole.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The database password, kept in an owner-only file in the data directory. The store is served to the other
 * console processes on a loopback port; the password keeps other local users out of it.
 */
final class DatabaseCredential {
    static final String FILE_NAME = "db.credential";

    private DatabaseCredential() {
    }

    static String load(DataDirectory dataDirectory) {
        Path file = dataDirectory.resolveFile(FILE_NAME);
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            String secret = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (secret.isEmpty()) {
                throw new StoreException("credential file " + file + " is empty; restore it from a backup, or move the "
                        + "data directory aside to start afresh");
            }
            return secret;
        } catch (IOException e) {
            throw new StoreException("cannot read or create credential file " + file + ": " + e.getMessage(), e);
        }
    }

    private static void create(Path file) throws IOException {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        Path temp = Files.createTempFile(file.getParent(), FILE_NAME, ".tmp");
        DataDirectory.restrictToOwner(temp);
        Files.writeString(temp, HexFormat.of().formatHex(random), StandardCharsets.UTF_8);
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException raced) {
            Files.deleteIfExists(temp); // another process created it first; use theirs
        }
    }
}
