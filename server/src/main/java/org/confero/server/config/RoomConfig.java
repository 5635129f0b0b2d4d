package org.confero.server.config;

import java.util.Optional;

/**
 * A room defined in the configuration file ({@code room.<id>.name}, {@code .pin}, {@code .max-participants},
 * {@code .require-encryption}).
 */
public record RoomConfig(String id, String displayName, Optional<String> pin, int maxParticipants,
        boolean requireEncryption) {
    public RoomConfig(String id, String displayName, Optional<String> pin, int maxParticipants) {
        this(id, displayName, pin, maxParticipants, false);
    }
}
