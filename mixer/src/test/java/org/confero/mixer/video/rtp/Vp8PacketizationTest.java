package org.confero.mixer.video.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.confero.mixer.video.rtp.VideoRtpTestSupport.MS;
import static org.confero.mixer.video.rtp.VideoRtpTestSupport.frameOf;
import static org.confero.mixer.video.rtp.VideoRtpTestSupport.packetize;
import static org.confero.mixer.video.rtp.VideoRtpTestSupport.vp8Frame;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.confero.mixer.rtp.RtpPacket;
import org.confero.mixer.video.EncodedFrame;
import org.confero.mixer.video.VideoCodec;
import org.confero.mixer.video.rtp.VideoRtpTestSupport.Recorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Vp8PacketizationTest {
    private final Vp8Depacketizer parser = new Vp8Depacketizer();

    @Test
    void descriptorWithEveryExtensionAnd15BitPictureIdIsParsed() {
        // X=1 N=1 S=1 PID=0 | I L T K | M=1 picture id 0x1234 | TL0PICIDX | TID/Y/KEYIDX | VP8 keyframe byte
        byte[] p = {(byte) 0xB0, (byte) 0xF0, (byte) 0x92, 0x34, 0x07, 0x40, 0x10};
        assertThat(parser.parseDescriptor(p, 0, p.length)).isEqualTo(6);
        assertThat(parser.pictureId()).isEqualTo(0x1234);
        assertThat(parser.tl0PicIdx()).isEqualTo(7);
        assertThat(parser.nonReference()).isTrue();
        assertThat(parser.startOfPartition()).isTrue();
        assertThat(parser.keyframe()).isTrue();
    }

    @Test
    void sevenBitPictureIdAndMinimalDescriptor() {
        byte[] p = {(byte) 0x90, (byte) 0x80, 0x55, 0x01};
        assertThat(parser.parseDescriptor(p, 0, p.length)).isEqualTo(3);
        assertThat(parser.pictureId()).isEqualTo(0x55);
        assertThat(parser.keyframe()).isFalse(); // P bit is 1: a delta frame

        byte[] minimal = {0x10, 0x00};
        assertThat(parser.parseDescriptor(minimal, 0, minimal.length)).isEqualTo(1);
        assertThat(parser.pictureId()).isEqualTo(-1);
        assertThat(parser.keyframe()).isTrue();
    }

    @Test
    void keyframeOnlyOnTheStartOfPartitionZero() {
        byte[] continuation = {(byte) 0x00, 0x00}; // S=0
        byte[] otherPartition = {(byte) 0x11, 0x00}; // S=1 PID=1
        assertThat(parser.parseDescriptor(continuation, 0, 2)).isEqualTo(1);
        assertThat(parser.keyframe()).isFalse();
        assertThat(parser.isFrameStart(otherPartition, 0, 2)).isFalse();
    }

    @Test
    void truncatedDescriptorsAreRefused() {
        byte[][] truncated = {{}, {(byte) 0x80}, {(byte) 0x80, (byte) 0x80}, {(byte) 0x80, (byte) 0x80, (byte) 0x81},
                {(byte) 0x80, 0x40}, {(byte) 0x80, 0x20}, {(byte) 0x80, (byte) 0xF0, 0x01, 0x02}};
        for (byte[] p : truncated) {
            assertThat(parser.parseDescriptor(p, 0, p.length)).as("%d bytes", p.length).isEqualTo(-1);
        }
    }

    @Test
    void packetizerWrites15BitPictureIdThatIncrementsPerFrameAndWraps() {
        Vp8Packetizer packetizer = new Vp8Packetizer(1200, 0x7fff);
        Random random = new Random(1);
        List<Integer> ids = new ArrayList<>();
        for (int f = 0; f < 2; f++) {
            List<byte[]> packets = packetize(packetizer, frameOf(VideoCodec.VP8, vp8Frame(random, 3000, f == 0), 0, false),
                    new int[] {0});
            assertThat(packets).hasSize(3);
            for (int i = 0; i < packets.size(); i++) {
                byte[] p = packets.get(i);
                assertThat(p.length).isLessThanOrEqualTo(12 + 1200);
                parser.parseDescriptor(p, 12, p.length - 12);
                assertThat(parser.startOfPartition()).isEqualTo(i == 0);
                assertThat(parser.partitionId()).isZero();
                ids.add(parser.pictureId());
            }
            assertThat(new RtpPacket().wrap(packets.get(2), 0, packets.get(2).length)).isTrue();
            assertThat(packets.get(2)[1] & 0x80).as("marker on last").isNotZero();
            assertThat(packets.get(0)[1] & 0x80).isZero();
        }
        assertThat(ids).containsExactly(0x7fff, 0x7fff, 0x7fff, 0, 0, 0);
    }

    @ParameterizedTest
    @ValueSource(ints = {1200, 60})
    void shuffledPacketsAcrossSequenceWrapReassembleIdenticalFrames(int mtu) {
        Random random = new Random(mtu);
        Vp8Packetizer packetizer = new Vp8Packetizer(mtu, 100);
        Recorder recorder = new Recorder();
        FrameAssembler assembler = new FrameAssembler(VideoCodec.VP8, FrameAssemblerConfig.defaults(), recorder);
        int[] seq = {65500};
        List<byte[]> sent = new ArrayList<>();
        long now = 0;
        for (int f = 0; f < 12; f++) {
            byte[] bytes = vp8Frame(random, 500 + random.nextInt(4000), f % 6 == 0);
            sent.add(bytes);
            List<byte[]> packets = packetize(packetizer, frameOf(VideoCodec.VP8, bytes, 3000L * f, false), seq);
            Collections.shuffle(packets, random); // reordering inside the frame
            for (byte[] p : packets) {
                assembler.onPacket(p, 0, p.length, now);
            }
            now += 33 * MS;
            assembler.onTimer(now);
        }
        assertThat(seq[0]).isLessThan(65500); // wrapped
        assertThat(recorder.frames).hasSize(12);
        for (int f = 0; f < 12; f++) {
            assertThat(recorder.frames.get(f).bytes()).isEqualTo(sent.get(f));
            assertThat(recorder.frames.get(f).keyframe()).isEqualTo(f % 6 == 0);
            assertThat(recorder.frames.get(f).ts()).isEqualTo(3000L * f);
        }
        assertThat(recorder.nacks).isEmpty();
        assertThat(assembler.stats().framesDelivered()).isEqualTo(12);
    }

    @Test
    void depacketizerRefusesAFrameWhoseFirstPayloadIsNotAPartitionStart() {
        EncodedFrame frame = new EncodedFrame(VideoCodec.VP8, 0);
        parser.beginFrame();
        assertThat(parser.append(frame, new byte[] {0x00, 0x01}, 0, 2, 1 << 20)).isEqualTo(DepacketizeResult.MALFORMED);
        parser.beginFrame();
        assertThat(parser.append(frame, new byte[] {0x10}, 0, 1, 1 << 20)).isEqualTo(DepacketizeResult.MALFORMED);
        parser.beginFrame();
        assertThat(parser.append(frame, new byte[] {0x10, 0x00, 0x01}, 0, 3, 1)).isEqualTo(DepacketizeResult.OVERSIZE);
    }
}
