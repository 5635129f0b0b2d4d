package org.confero.mixer.audio;

import org.confero.mixer.codec.AudioCodec;
import org.confero.mixer.codec.AudioEncoder;

/**
 * One participant's mixing state. Written only by the mixer's tick thread, except {@code muted}, the
 * {@code removed} flag and the delivery counters (by its fan-out lane); counters are volatile so other threads
 * read them coherently.
 */
final class Participant {
    /** Smoothing of the power used for talker selection: ~60 ms time constant at 20 ms ticks. */
    private static final double FAST_SMOOTHING = 0.3;
    /** Smoothing for the active speaker: ~1 s time constant. */
    private static final double SLOW_SMOOTHING = 0.02;

    final String id;
    final AudioCodec codec;
    final AudioInput input;
    final EncodedAudioSink sink;
    final AudioEncoder encoder;
    /** The fan-out lane that sends this participant's frames, always the same one (in-order, one thread). */
    final int lane;
    final short[] frame = new short[AudioCodec.MIX_FRAME_SAMPLES];
    final short[] mixMinusSelf = new short[AudioCodec.MIX_FRAME_SAMPLES];
    final byte[] payload = new byte[AudioEncoder.MAX_PAYLOAD];

    volatile boolean muted;
    volatile boolean removed;

    /** True when {@link #frame} holds this tick's audio. */
    boolean hasFrame;
    boolean talker;
    boolean wasTalker;
    long lastOwnEncodeTick = Long.MIN_VALUE;
    /** Far enough in the past that subtracting it from a tick number cannot overflow. */
    long lastTalkerTick = Long.MIN_VALUE / 2;
    private double fastPower;
    private double slowPower;
    volatile double level = AudioLevels.SILENCE_DBOV;
    volatile double slowLevel = AudioLevels.SILENCE_DBOV;

    volatile long framesRead;
    volatile long silentTicks;
    volatile long talkerTicks;
    volatile long ownEncodes;
    volatile long framesDelivered;
    long inputFailures;
    long sinkFailures; // written by this participant's fan-out lane only

    Participant(String id, AudioCodec codec, AudioInput input, EncodedAudioSink sink, AudioEncoder encoder,
            int lane) {
        this.id = id;
        this.lane = lane;
        this.codec = codec;
        this.input = input;
        this.sink = sink;
        this.encoder = encoder;
    }

    /** Folds this tick's frame power (0 when silent) into both smoothed levels. */
    void updateLevel(double power) {
        fastPower += FAST_SMOOTHING * (power - fastPower);
        slowPower += SLOW_SMOOTHING * (power - slowPower);
        level = AudioLevels.dbov(fastPower);
        slowLevel = AudioLevels.dbov(slowPower);
    }

    ParticipantStats stats() {
        return new ParticipantStats(framesRead, silentTicks, talkerTicks, ownEncodes, framesDelivered, level);
    }
}
