package org.confero.mixer.video;

import java.util.concurrent.CopyOnWriteArrayList;

import org.confero.mixer.codec.CodecFactory;
import org.confero.mixer.codec.VideoEncoder;
import org.confero.mixer.codec.VideoEncoderSettings;
import org.confero.mixer.codec.YuvImage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One (codec, tier) output of a room: its subscribers and the one encoder they share. The encoder is opened at
 * the first tick with a subscriber and closed at the first tick without one, always on the compositor's thread,
 * so an encode never races a close. Subscribing and unsubscribing are lock-free list updates from any thread.
 */
final class TierOutput {
    private static final Logger LOG = LoggerFactory.getLogger(TierOutput.class);

    final VideoCodec codec;
    final Tier tier;
    private final CompositorConfig config;
    private final KeyframeGate gate;
    private final CopyOnWriteArrayList<EncodedFrameListener> listeners = new CopyOnWriteArrayList<>();
    private VideoEncoder encoder;
    private volatile boolean encoderOpen;
    private volatile long framesEncoded;
    private volatile long keyframes;
    private volatile long listenerFailures;
    private volatile long encoderFailures;

    TierOutput(VideoCodec codec, Tier tier, CompositorConfig config) {
        this.codec = codec;
        this.tier = tier;
        this.config = config;
        this.gate = new KeyframeGate(config.keyframeMinIntervalMillis() * 1_000_000L);
    }

    Subscription subscribe(EncodedFrameListener listener) {
        listeners.add(listener);
        // A new receiver can decode nothing before a keyframe; the gate delivers one within its interval.
        gate.request();
        return new Subscription() {
            @Override
            public VideoCodec codec() {
                return codec;
            }

            @Override
            public Tier tier() {
                return tier;
            }

            @Override
            public void close() {
                listeners.remove(listener);
            }
        };
    }

    void requestKeyframe() {
        gate.request();
    }

    boolean wanted() {
        return !listeners.isEmpty();
    }

    /** Encodes {@code picture} (the tier's size) once and hands the frame to every subscriber. Tick thread only. */
    void encodeAndDeliver(YuvImage picture, long rtpTimestamp, long now) {
        if (encoder == null && !open()) {
            return;
        }
        if (gate.shouldForce(now)) {
            encoder.forceKeyframe();
        }
        EncodedFrame frame = encoder.encode(picture.frame(), rtpTimestamp);
        if (frame == null) {
            return;
        }
        framesEncoded++;
        if (frame.keyframe()) {
            keyframes++;
            gate.produced(now);
        }
        for (EncodedFrameListener listener : listeners) {
            try {
                listener.onFrame(tier, frame);
            } catch (RuntimeException e) {
                if (listenerFailures++ % 1000 == 0) { // sampled: a broken listener must not flood the log
                    LOG.warn("{} {} listener failed ({} times)", codec, tier, listenerFailures, e);
                }
            }
        }
    }

    private boolean open() {
        try {
            encoder = CodecFactory.videoEncoder(codec, new VideoEncoderSettings(tier.width(), tier.height(),
                    tier.bitrate(), config.fps(), config.keyframeIntervalSeconds(), config.vp8CpuUsed()));
            gate.reset();
            encoderOpen = true;
            return true;
        } catch (RuntimeException e) {
            if (encoderFailures++ % 100 == 0) {
                LOG.error("cannot open the {} {} encoder ({} times)", codec, tier, encoderFailures, e);
            }
            return false;
        }
    }

    /** Frees the encoder (no subscriber left, or the room closing). Tick thread, or after the last tick. */
    void closeEncoder() {
        if (encoder != null) {
            encoder.close();
            encoder = null;
            encoderOpen = false;
        }
    }

    boolean encoderOpen() {
        return encoderOpen;
    }

    long framesEncoded() {
        return framesEncoded;
    }

    long keyframes() {
        return keyframes;
    }

    long listenerFailures() {
        return listenerFailures;
    }
}
