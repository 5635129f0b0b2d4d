package org.confero.server.conference;

import org.confero.mixer.video.Tier;

import java.util.Locale;
import java.util.function.Consumer;
import org.confero.mixer.codec.VideoDecoder;
import org.confero.mixer.video.EncodedFrame;
import org.confero.mixer.video.Layout;
import org.confero.mixer.video.RoomCompositor;
import org.confero.mixer.video.VideoCodec;
import org.confero.mixer.video.VideoSource;

/** {@link RoomComposite} over the mixer's {@link RoomCompositor}. */
final class CompositorRoomComposite implements RoomComposite {
    private final RoomCompositor compositor;

    CompositorRoomComposite(RoomCompositor compositor) {
        this.compositor = compositor;
    }

    @Override
    public Source addScreen(String sourceId, String displayName) {
        Source s = addSource(sourceId, displayName);
        compositor.source(sourceId).setStill(true);
        return s;
    }

    @Override
    public Source addSource(String participantId, String displayName) {
        VideoSource source = compositor.addSource(participantId, displayName);
        source.setHasVideo(false); // initials until the participant's video arrives
        return new Source() {
            @Override
            public boolean decode(EncodedFrame frame) {
                VideoDecoder.Result r = source.onFrame(frame);
                return r == VideoDecoder.Result.ERROR || r == VideoDecoder.Result.NEEDS_KEYFRAME;
            }

            @Override
            public void setHasVideo(boolean hasVideo) {
                source.setHasVideo(hasVideo);
            }

            @Override
            public void setName(String displayName) {
                source.setDisplayName(displayName);
            }

            @Override
            public long framesDecoded() {
                return source.framesDecoded();
            }

            @Override
            public long decodeErrors() {
                return source.decodeErrors();
            }

            @Override
            public void remove() {
                compositor.removeSource(participantId);
            }
        };
    }

    @Override
    public Subscription subscribe(VideoCodec codec, Tier tier, Consumer<EncodedFrame> listener) {
        org.confero.mixer.video.Subscription s = compositor.subscribe(codec, tier,
                (t, frame) -> listener.accept(frame));
        return s::close;
    }

    @Override
    public void requestKeyframe(VideoCodec codec, Tier tier) {
        compositor.requestKeyframe(codec, tier);
    }

    @Override
    public void setActiveSpeaker(String participantId) {
        compositor.setActiveSpeaker(participantId);
    }

    @Override
    public void setPresenter(String sourceId) {
        compositor.setPresenter(sourceId);
    }

    @Override
    public void setLayout(String layout) {
        compositor.setLayout(Layout.valueOf(layout.toUpperCase(Locale.ROOT)));
    }

    @Override
    public org.confero.mixer.video.LatencyHistogram.Snapshot addedLatency() {
        return compositor.addedLatency();
    }

    @Override
    public org.confero.mixer.video.VideoRoomStats stats() {
        return compositor.stats();
    }

    @Override
    public void close() {
        compositor.close();
    }
}
