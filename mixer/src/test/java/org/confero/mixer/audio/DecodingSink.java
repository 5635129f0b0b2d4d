package org.confero.mixer.audio;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.confero.mixer.codec.AudioCodec;
import org.confero.mixer.codec.AudioDecoder;
import org.confero.mixer.codec.CodecFactory;

/** A participant's ear: decodes what the mixer sends it and keeps the PCM and the payloads. */
final class DecodingSink implements EncodedAudioSink, AutoCloseable {
    private final AudioDecoder decoder;
    private final short[] pcm;
    private final List<byte[]> payloads = new ArrayList<>();
    private int samples;
    private int lastTimestampIncrement;

    DecodingSink(AudioCodec codec, int maxFrames) {
        decoder = CodecFactory.decoder(codec);
        pcm = new short[maxFrames * AudioCodec.MIX_FRAME_SAMPLES];
    }

    @Override
    public void deliver(byte[] payload, int offset, int length, int timestampIncrement) {
        payloads.add(Arrays.copyOfRange(payload, offset, offset + length));
        lastTimestampIncrement = timestampIncrement;
        int got = decoder.decode(payload, offset, length, pcm, samples);
        if (got > 0) {
            samples += got;
        }
    }

    /** The decoded audio of the last {@code frames} frames. */
    short[] lastFrames(int frames) {
        int length = frames * AudioCodec.MIX_FRAME_SAMPLES;
        return Arrays.copyOfRange(pcm, samples - length, samples);
    }

    /** How many whole frames have been decoded so far. */
    int framesDecoded() {
        return samples / AudioCodec.MIX_FRAME_SAMPLES;
    }

    /** The decoded audio of frame {@code n} (0 is the first frame decoded). */
    short[] frame(int n) {
        int from = n * AudioCodec.MIX_FRAME_SAMPLES;
        return Arrays.copyOfRange(pcm, from, from + AudioCodec.MIX_FRAME_SAMPLES);
    }

    List<byte[]> payloads() {
        return payloads;
    }

    long payloadsRejected() {
        return decoder.payloadsRejected();
    }

    int lastTimestampIncrement() {
        return lastTimestampIncrement;
    }

    @Override
    public void close() {
        decoder.close();
    }
}
