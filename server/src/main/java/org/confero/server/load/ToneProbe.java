package org.confero.server.load;

import org.confero.mixer.codec.AudioCodec;
import org.confero.mixer.codec.AudioDecoder;
import org.confero.mixer.codec.CodecFactory;

/**
 * Listens to one participant's incoming audio: decodes each packet to 48 kHz and measures, with the Goertzel
 * algorithm, the share of the frame's energy at each talker's frequency in the room.
 *
 * <p>Added latency: when a talker's tone appears in this stream after at least {@link #QUIET_FRAMES} frames
 * without it, the arrival time of that packet minus the send time of the talker's first tone packet of the
 * spurt (both {@link System#nanoTime()} in this process) is one sample. It covers everything between the two
 * sockets: the server's receive, jitter buffer, wait for the mix tick, mix, encode and send; resolution is one
 * 20 ms packet: the onset counts once the tone fills 5 % of a packet when it sounds alone, about a third beside two
 * other talkers at the same level.
 *
 * <p>Hearing: each onset matched counts as heard. A participant hears itself when its own frequency carries
 * that share of energy in any frame (a talker's own voice must never come back to it).
 */
final class ToneProbe implements AutoCloseable {
    static final double PRESENT_SHARE = 0.05;
    /** Quieter frames (RMS) carry no tone, whatever their spectrum: codec noise in near-silence. */
    private static final double MIN_RMS = 300;
    private static final int QUIET_FRAMES = 5;
    private static final long MAX_MATCH_NANOS = 500_000_000L;

    private final AudioDecoder decoder;
    private final short[] pcm = new short[AudioDecoder.MAX_SAMPLES_PER_PACKET];
    private final OnsetLog[] talkers;
    private final double[] coefficients;
    private final int ownSlot;
    private final MeasureWindow window;
    private final int[] quietRun;
    private final int[] lastMatched;
    private final long[] heardOnsets;
    private final LatencyStats latency = new LatencyStats();
    private final LatencyStats[] latencyBySlot;
    private long selfFrames;
    private long decodeErrors;

    /**
     * @param talkers onset logs of the room's talker slots (index = slot)
     * @param ownSlot this participant's talker slot, or -1 for a listener
     */
    ToneProbe(AudioCodec codec, OnsetLog[] talkers, int ownSlot, MeasureWindow window) {
        this.decoder = CodecFactory.decoder(codec);
        this.talkers = talkers;
        this.ownSlot = ownSlot;
        this.window = window;
        this.coefficients = new double[talkers.length];
        for (int s = 0; s < talkers.length; s++) {
            coefficients[s] = 2 * Math.cos(2 * Math.PI * TalkPattern.frequency(s) / AudioCodec.MIX_RATE);
        }
        this.quietRun = new int[talkers.length];
        this.lastMatched = new int[talkers.length];
        java.util.Arrays.fill(lastMatched, -1);
        this.heardOnsets = new long[talkers.length];
        this.latencyBySlot = new LatencyStats[talkers.length];
        for (int s = 0; s < talkers.length; s++) {
            latencyBySlot[s] = new LatencyStats();
        }
    }

    void onPayload(byte[] buf, int off, int len, long arrivalNanos) {
        int n = decoder.decode(buf, off, len, pcm, 0);
        if (n <= 0) {
            decodeErrors++;
            return;
        }
        double energy = 0;
        for (int i = 0; i < n; i++) {
            energy += (double) pcm[i] * pcm[i];
        }
        boolean loud = energy / n >= MIN_RMS * MIN_RMS;
        for (int s = 0; s < talkers.length; s++) {
            boolean present = loud && share(s, n, energy) >= PRESENT_SHARE;
            if (s == ownSlot) {
                if (present) {
                    selfFrames++;
                }
                continue;
            }
            if (!present) {
                quietRun[s]++;
                continue;
            }
            if (quietRun[s] >= QUIET_FRAMES) {
                onOnset(s, arrivalNanos);
            }
            quietRun[s] = 0;
        }
    }

    private void onOnset(int slot, long arrivalNanos) {
        OnsetLog log = talkers[slot];
        int i = log.latestAtOrBefore(arrivalNanos);
        if (i < 0 || i == lastMatched[slot]) {
            return;
        }
        long sent = log.at(i);
        if (arrivalNanos - sent > MAX_MATCH_NANOS) {
            return;
        }
        lastMatched[slot] = i;
        if (countable(sent)) {
            heardOnsets[slot]++;
            latency.record(arrivalNanos - sent);
            latencyBySlot[slot].record(arrivalNanos - sent);
        }
    }

    /** An onset counts when it was sent in the window early enough to be heard before the window closed. */
    boolean countable(long sentNanos) {
        return window.contains(sentNanos) && window.contains(sentNanos + MAX_MATCH_NANOS);
    }

    /** Onsets this probe could have heard from the talker in {@code slot}. */
    int onsetsSent(int slot) {
        long s = window.startNanos();
        long e = window.endNanos();
        return e == Long.MAX_VALUE ? 0 : talkers[slot].countBetween(s, e - MAX_MATCH_NANOS);
    }

    /** Goertzel: |X(f)|² relative to what a pure tone of the frame's energy would give (1 = only that tone). */
    private double share(int slot, int n, double energy) {
        double c = coefficients[slot];
        double s1 = 0;
        double s2 = 0;
        for (int i = 0; i < n; i++) {
            double s0 = pcm[i] + c * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        double power = s1 * s1 + s2 * s2 - c * s1 * s2;
        return energy == 0 ? 0 : 2 * power / (n * energy);
    }

    int ownSlot() {
        return ownSlot;
    }

    int slots() {
        return talkers.length;
    }

    long heardOnsets(int slot) {
        return heardOnsets[slot];
    }

    LatencyStats latency() {
        return latency;
    }

    /** Latency of the onsets heard from one talker slot. */
    LatencyStats latency(int slot) {
        return latencyBySlot[slot];
    }

    long selfFrames() {
        return selfFrames;
    }

    long decodeErrors() {
        return decodeErrors;
    }

    @Override
    public void close() {
        decoder.close();
    }
}
