package org.confero.server.conference;

import org.confero.mixer.video.Tier;

import java.util.function.Consumer;
import org.confero.mixer.video.EncodedFrame;
import org.confero.mixer.video.VideoCodec;

/**
 * A room's video as the legs see it: participants' pictures in, the composed picture out, encoded once per
 * (codec, tier) that has a receiver. Implemented over the mixer's compositor.
 */
interface RoomComposite extends AutoCloseable {
    /** Adds a participant's tile (initials until its video decodes). */
    Source addSource(String participantId, String displayName);

    /** Adds a shared screen's tile: its last picture stays up however long the screen does not change. */
    Source addScreen(String sourceId, String displayName);

    /**
     * Delivers the composite encoded as {@code codec} in {@code tier} to {@code listener}, on the compositor's
     * thread, until the returned handle is closed; the encoder exists while it has a listener.
     */
    Subscription subscribe(VideoCodec codec, Tier tier, Consumer<EncodedFrame> listener);

    /** A receiver of that encoder lost a picture: a keyframe soon, coalesced with other receivers' requests. */
    void requestKeyframe(VideoCodec codec, Tier tier);

    void setActiveSpeaker(String participantId);

    /** The tile shown large in the presenter layout (a shared screen), or null for none. */
    void setPresenter(String sourceId);

    /** The compositor's counters: frames composed, overruns, encoders per tier, keyframes, decode errors. */
    org.confero.mixer.video.VideoRoomStats stats();

    /** Participants' pictures' added latency: arrival → the first composite containing them sent. */
    org.confero.mixer.video.LatencyHistogram.Snapshot addedLatency();

    /** {@code grid}, {@code speaker} or {@code presenter}. */
    void setLayout(String layout);

    @Override
    void close();

    /** One participant's tile. */
    interface Source {
        /**
         * Decodes one complete frame of the participant's video (on the stream's worker).
         *
         * @return true when the decoder cannot go on without a keyframe
         */
        boolean decode(EncodedFrame frame);

        /** False shows the initials tile (no video negotiated, camera off, on hold). */
        void setHasVideo(boolean hasVideo);

        void setName(String displayName);

        long framesDecoded();

        long decodeErrors();

        /** Removes the tile and frees the decoder; no {@link #decode} may be in progress or follow. */
        void remove();
    }

    /** Ends a subscription. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
