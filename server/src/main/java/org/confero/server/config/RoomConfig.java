package org.confero.server.config;

import java.util.Optional;

/**
 * A room defined in the configuration file ({@code room.<id>.name}, {@code .pin}, {@code .max-participants},
 * {@code .require-encryption}, {@code .recording}).
 *
 * @param requireEncryption calls must bring encrypted media (SDES-SRTP over SIP TLS; browsers always do)
 * @param recordingAllowed the room's meetings may be recorded (also needs {@code recording.enabled})
 */
public record RoomConfig(String id, String displayName, Optional<String> pin, int maxParticipants,
        boolean requireEncryption, boolean recordingAllowed) {
    public RoomConfig(String id, String displayName, Optional<String> pin, int maxParticipants) {
        this(id, displayName, pin, maxParticipants, false, false);
    }
}
