package org.confero.server.signalling;

import java.util.function.Consumer;

/** What the signalling needs of recording: ask to start or stop, and hear when a room's recording state changes. */
public interface RecordingControl {
    enum Result { STARTED, STOPPED, UNCHANGED, NOT_ALLOWED, FAILED }

    /** Ends a {@link #watch}. */
    interface Watch extends AutoCloseable {
        @Override
        void close();
    }

    /** A participant asks to start ({@code true}) or stop the room's recording. */
    Result request(String roomId, String participantId, boolean start);

    /** Whether {@code participantId} may start and stop the room's recording (the call page shows the button). */
    default boolean mayControl(String roomId, String participantId) {
        return false;
    }

    /** Tells {@code watcher} the room's recording state now if it is recording, then on every change. */
    Watch watch(String roomId, Consumer<Boolean> watcher);

    RecordingControl NONE = new RecordingControl() {
        @Override
        public Result request(String roomId, String participantId, boolean start) {
            return Result.NOT_ALLOWED;
        }

        @Override
        public Watch watch(String roomId, Consumer<Boolean> watcher) {
            return () -> { };
        }
    };
}
