package org.confero.server.config;

import java.util.Optional;

/** A room defined in the configuration file ({@code room.<id>.name}, {@code .pin}, {@code .max-participants}). */
public record RoomConfig(String id, String displayName, Optional<String> pin, int maxParticipants) {}
