package org.confero.mixer.video.rtp;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.confero.mixer.rtp.RtpPacket;
import org.confero.mixer.video.EncodedFrame;
import org.confero.mixer.video.VideoCodec;

/** Synthetic frames, packetization into RTP packets, and a listener that records what an assembler does. */
final class VideoRtpTestSupport {
    static final long MS = 1_000_000L;
    static final int PT = 96;
    static final long SSRC = 0x1234_5678L;

    private VideoRtpTestSupport() {}

    /** A VP8-looking frame: bit 0 of the first octet is the inverse keyframe flag (RFC 6386 §9.1). */
    static byte[] vp8Frame(Random random, int size, boolean keyframe) {
        byte[] f = new byte[size];
        random.nextBytes(f);
        f[0] = (byte) ((f[0] & 0xfe) | (keyframe ? 0 : 1));
        return f;
    }

    /** A later slice of a picture (first_mb_in_slice != 0), otherwise like {@link #nal}. */
    static byte[] laterSlice(Random random, int header, int size) {
        byte[] n = nal(random, header, size);
        n[1] = (byte) (n[1] & 0x7f | 0x01);
        return n;
    }

    /** A NAL unit of the given header with non-zero random bytes (so no start code can appear inside). */
    static byte[] nal(Random random, int header, int size) {
        byte[] n = new byte[size];
        for (int i = 0; i < size; i++) {
            n[i] = (byte) (1 + random.nextInt(255));
        }
        n[0] = (byte) header;
        if (size > 1) {
            n[1] = (byte) (n[1] | 0x80); // slice header: first_mb_in_slice = 0
        }
        return n;
    }

    /** An Annex B access unit with 4-byte start codes. */
    static byte[] annexB(byte[]... nals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] n : nals) {
            out.write(0);
            out.write(0);
            out.write(0);
            out.write(1);
            out.writeBytes(n);
        }
        return out.toByteArray();
    }

    static EncodedFrame frameOf(VideoCodec codec, byte[] bytes, long ts, boolean keyframe) {
        EncodedFrame f = new EncodedFrame(codec, bytes.length);
        f.reset(ts, keyframe);
        f.append(bytes, 0, bytes.length);
        return f;
    }

    /** Packetizes one frame into whole RTP packets; sequence numbers continue from {@code seq[0]}. */
    static List<byte[]> packetize(VideoPacketizer packetizer, EncodedFrame frame, int[] seq) {
        List<byte[]> packets = new ArrayList<>();
        byte[] buf = new byte[RtpPacket.FIXED_HEADER_LENGTH + packetizer.maxPayloadSize()];
        packetizer.begin(frame);
        while (packetizer.hasNext()) {
            int n = packetizer.next(buf, RtpPacket.FIXED_HEADER_LENGTH);
            RtpPacket.writeHeader(buf, 0, PT, !packetizer.hasNext(), seq[0], frame.rtpTimestamp(), SSRC);
            seq[0] = (seq[0] + 1) & 0xffff;
            packets.add(Arrays.copyOf(buf, RtpPacket.FIXED_HEADER_LENGTH + n));
        }
        return packets;
    }

    static byte[] rtp(int seq, long ts, boolean marker, byte... payload) {
        byte[] p = new byte[RtpPacket.FIXED_HEADER_LENGTH + payload.length];
        RtpPacket.writeHeader(p, 0, PT, marker, seq & 0xffff, ts, SSRC);
        System.arraycopy(payload, 0, p, RtpPacket.FIXED_HEADER_LENGTH, payload.length);
        return p;
    }

    static int seqOf(byte[] packet) {
        return ((packet[2] & 0xff) << 8) | (packet[3] & 0xff);
    }

    /** One frame as the listener saw it. */
    record Frame(long ts, boolean keyframe, byte[] bytes) {}

    /** Records frames (copied), NACKed sequence numbers and keyframe requests. */
    static final class Recorder implements FrameAssemblerListener {
        final List<Frame> frames = new ArrayList<>();
        final List<List<Integer>> nacks = new ArrayList<>();
        int keyframeRequests;

        @Override
        public void onFrame(EncodedFrame frame) {
            frames.add(new Frame(frame.rtpTimestamp(), frame.keyframe(),
                    Arrays.copyOf(frame.data(), frame.length())));
        }

        @Override
        public void sendNack(int[] seqs, int count) {
            List<Integer> l = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                l.add(seqs[i]);
            }
            nacks.add(l);
        }

        @Override
        public void requestKeyframe() {
            keyframeRequests++;
        }

        List<Integer> allNacked() {
            return nacks.stream().flatMap(List::stream).toList();
        }
    }
}
