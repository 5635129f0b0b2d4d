package org.confero.mixer.video;

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
    // Copy-on-write by hand: the tick iterates a plain array (no iterator object per frame).
    private final Object listenersLock = new Object();
    private volatile EncodedFrameListener[] listeners = new EncodedFrameListener[0];
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
        synchronized (listenersLock) {
            EncodedFrameListener[] grown = java.util.Arrays.copyOf(listeners, listeners.length + 1);
            grown[grown.length - 1] = listener;
            listeners = grown;
        }
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

            private boolean closed;

            @Override
            public void close() {
                synchronized (listenersLock) {
                    if (closed) {
                        return;
                    }
                    closed = true;
                    EncodedFrameListener[] current = listeners;
                    for (int i = 0; i < current.length; i++) {
                        if (current[i] == listener) {
                            EncodedFrameListener[] shrunk = new EncodedFrameListener[current.length - 1];
                            System.arraycopy(current, 0, shrunk, 0, i);
                            System.arraycopy(current, i + 1, shrunk, i, current.length - i - 1);
                            listeners = shrunk;
                            return;
                        }
                    }
                }
            }
        };
    }

    void requestKeyframe() {
        gate.request();
    }

    boolean wanted() {
        return listeners.length > 0;
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
