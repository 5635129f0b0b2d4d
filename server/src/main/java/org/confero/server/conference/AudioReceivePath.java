package org.confero.server.conference;

import org.confero.mixer.audio.AudioInput;
import org.confero.mixer.codec.AudioCodec;
import org.confero.mixer.codec.AudioDecoder;
import org.confero.mixer.rtp.JitterBuffer;
import org.confero.mixer.rtp.PacketBuffer;

/**
 * The mixer-thread half of a leg's receive route: jitter buffer → decoder (or concealment) → 20 ms frames at
 * 48 kHz. Packets of any duration are decoded into a small PCM queue from which the mixer takes one frame per
 * tick, so 10, 30 or 60 ms packets mix as well as 20 ms ones.
 */
final class AudioReceivePath implements AudioInput {
    private static final int FRAME = AudioCodec.MIX_FRAME_SAMPLES;
    /** Bounded per tick: 10 ms packets need two polls; more means the buffer is catching up. */
    private static final int MAX_POLLS_PER_TICK = 6;

    private final JitterBuffer jitterBuffer;
    private final PacketBuffer packet;
    private final AudioDecoder decoder;
    private final int clockRate;
    private final short[] pcm = new short[FRAME + AudioDecoder.MAX_SAMPLES_PER_PACKET * 2];
    private int pcmCount;
    private volatile boolean receiving = true;
    private long concealedFrames;
    private long decodeErrors;

    AudioReceivePath(JitterBuffer jitterBuffer, AudioDecoder decoder, int clockRate) {
        this.jitterBuffer = jitterBuffer;
        this.packet = jitterBuffer.newOutputBuffer();
        this.decoder = decoder;
        this.clockRate = clockRate;
    }

    void setReceiving(boolean receiving) {
        this.receiving = receiving;
    }

    @Override
    public boolean read(short[] frame) {
        if (!receiving) {
            pcmCount = 0;
            drain();
            return false;
        }
        long now = System.nanoTime();
        for (int polls = 0; pcmCount < FRAME && polls < MAX_POLLS_PER_TICK; polls++) {
            JitterBuffer.Poll result = jitterBuffer.poll(now, packet);
            if (result == JitterBuffer.Poll.NOTHING) {
                break;
            }
            int room = pcm.length - pcmCount;
            int produced;
            if (result == JitterBuffer.Poll.PACKET) {
                produced = decoder.decode(packet.data(), packet.payloadOffset(), packet.payloadLength(), pcm, pcmCount);
                if (produced < 0) {
                    decodeErrors++;
                    produced = 0;
                }
            } else {
                long units = Math.max(1, jitterBuffer.frameTimestampUnits());
                int samples = (int) Math.min(room, Math.min(AudioDecoder.MAX_SAMPLES_PER_PACKET,
                        units * AudioCodec.MIX_RATE / clockRate));
                produced = decoder.conceal(pcm, pcmCount, samples);
                concealedFrames++;
            }
            pcmCount += Math.max(0, Math.min(produced, room));
        }
        if (pcmCount == 0) {
            return false;
        }
        int take = Math.min(FRAME, pcmCount);
        System.arraycopy(pcm, 0, frame, 0, take);
        if (take < FRAME) {
            java.util.Arrays.fill(frame, take, FRAME, (short) 0);
        }
        pcmCount -= take;
        if (pcmCount > 0) {
            System.arraycopy(pcm, take, pcm, 0, pcmCount);
        }
        return true;
    }

    /** Keeps the jitter buffer from filling while the peer is on hold but still sending. */
    private void drain() {
        long now = System.nanoTime();
        for (int i = 0; i < MAX_POLLS_PER_TICK && jitterBuffer.poll(now, packet) != JitterBuffer.Poll.NOTHING; i++) {
            // discard
        }
    }

    long concealedFrames() {
        return concealedFrames;
    }

    long decodeErrors() {
        return decodeErrors;
    }
}
