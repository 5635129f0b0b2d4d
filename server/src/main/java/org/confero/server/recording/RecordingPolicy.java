package org.confero.server.recording;

/**
 * Who may start and stop a room's recording. Today: any participant of a room whose configuration allows
 * recording, when recording is enabled on the server. Once hosts exist, the host check goes here (only a host of
 * the room may control it).
 */
@FunctionalInterface
public interface RecordingPolicy {
    boolean mayControl(String roomId, String participantId);
}
