package org.confero.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The secret that authorises operations requests ({@code confero drain}): made fresh at every start and written
 * to {@code <data-dir>/admin-token}, readable only by the server's user, so only that user (and root) can drain.
 */
final class AdminToken {
    static final String FILE = "admin-token";

    private final String value;

    private AdminToken(String value) {
        this.value = value;
    }

    static AdminToken createIn(Path dataDir) {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path file = dataDir.resolve(FILE);
        try {
            Files.deleteIfExists(file);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
            Files.writeString(file, value + "\n", StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return new AdminToken(value);
    }

    static String readFrom(Path dataDir) throws IOException {
        return Files.readString(dataDir.resolve(FILE), StandardCharsets.US_ASCII).strip();
    }

    boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(value.getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII));
    }

}
