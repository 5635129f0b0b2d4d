package org.confero.server.config;

/**
 * Recording of meetings: off unless {@code recording.enabled}; files older than {@code recording.retention-days}
 * are deleted.
 */
public record RecordingConfig(boolean enabled, int retentionDays) {
    public static final RecordingConfig DEFAULTS = new RecordingConfig(false, 30);

    public RecordingConfig {
        if (retentionDays < 1 || retentionDays > 3650) {
            throw new IllegalArgumentException("recording.retention-days must be 1-3650");
        }
    }
}
