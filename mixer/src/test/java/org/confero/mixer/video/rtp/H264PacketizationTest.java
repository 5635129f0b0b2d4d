package org.confero.mixer.video.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.confero.mixer.video.rtp.VideoRtpTestSupport.MS;
import static org.confero.mixer.video.rtp.VideoRtpTestSupport.annexB;
import static org.confero.mixer.video.rtp.VideoRtpTestSupport.frameOf;
import static org.confero.mixer.video.rtp.VideoRtpTestSupport.laterSlice;
import static org.confero.mixer.video.rtp.VideoRtpTestSupport.nal;
import static org.confero.mixer.video.rtp.VideoRtpTestSupport.packetize;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.confero.mixer.video.EncodedFrame;
import org.confero.mixer.video.VideoCodec;
import org.confero.mixer.video.rtp.VideoRtpTestSupport.Recorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class H264PacketizationTest {
    private final Random random = new Random(7);
    private final byte[] sps = nal(random, 0x67, 12);
    private final byte[] pps = nal(random, 0x68, 5);

    private static int type(byte[] packet) {
        return packet[12] & 0x1f;
    }

    @Test
    void largeIdrGoesAsFuAWithStartAndEndBitsAndParameterSetsShareAStapA() {
        H264Packetizer packetizer = new H264Packetizer(1200, 1, true);
        byte[] idr = nal(random, 0x65, 3000);
        List<byte[]> packets = packetize(packetizer, frameOf(VideoCodec.H264, annexB(sps, pps, idr), 0, true),
                new int[] {0});
        assertThat(packets).hasSize(4);
        assertThat(type(packets.get(0))).isEqualTo(H264Nal.STAP_A);
        assertThat(packets.get(0)[12] & 0x60).isEqualTo(0x60); // NRI = max of the aggregated units
        for (int i = 1; i < 4; i++) {
            byte[] p = packets.get(i);
            assertThat(type(p)).isEqualTo(H264Nal.FU_A);
            assertThat(p[13] & 0x1f).isEqualTo(H264Nal.IDR);
            assertThat((p[13] & 0x80) != 0).isEqualTo(i == 1);
            assertThat((p[13] & 0x40) != 0).isEqualTo(i == 3);
            assertThat(p.length).isLessThanOrEqualTo(12 + 1200);
            assertThat((p[1] & 0x80) != 0).as("marker").isEqualTo(i == 3);
        }
    }

    @Test
    void modeZeroSendsSingleNalUnitsAndCountsTheOnesTooLarge() {
        H264Packetizer packetizer = new H264Packetizer(1200, 0, true);
        byte[] small = nal(random, 0x65, 800);
        byte[] tooLarge = nal(random, 0x65, 1500);
        List<byte[]> packets = packetize(packetizer,
                frameOf(VideoCodec.H264, annexB(sps, pps, small, tooLarge), 0, true), new int[] {0});
        assertThat(packets).extracting(H264PacketizationTest::type).containsExactly(7, 8, 5);
        assertThat(packetizer.droppedNals()).isEqualTo(1);
    }

    @Test
    void packetizerSendsCachedParameterSetsAgainBeforeAnIdrThatLacksThem() {
        H264Packetizer packetizer = new H264Packetizer(1200, 1, false);
        packetize(packetizer, frameOf(VideoCodec.H264, annexB(sps, pps, nal(random, 0x65, 100)), 0, true),
                new int[] {0});
        packetize(packetizer, frameOf(VideoCodec.H264, annexB(nal(random, 0x41, 100)), 3000, false), new int[] {0});
        List<byte[]> packets = packetize(packetizer,
                frameOf(VideoCodec.H264, annexB(nal(random, 0x65, 100)), 6000, true), new int[] {0});
        assertThat(packets).extracting(H264PacketizationTest::type).containsExactly(7, 8, 5);
        assertThat(java.util.Arrays.copyOfRange(packets.get(0), 12, packets.get(0).length)).isEqualTo(sps);
    }

    @Test
    void depacketizerInsertsRememberedParameterSetsBeforeAnIdrThatCameWithout() {
        H264Depacketizer d = new H264Depacketizer();
        EncodedFrame frame = new EncodedFrame(VideoCodec.H264, 0);
        frame.reset(0, false);
        d.beginFrame();
        d.append(frame, sps, 0, sps.length, 1 << 20);
        d.append(frame, pps, 0, pps.length, 1 << 20);
        byte[] idr1 = nal(random, 0x65, 50);
        d.append(frame, idr1, 0, idr1.length, 1 << 20);
        assertThat(d.finishFrame(frame)).isEqualTo(DepacketizeResult.OK);

        byte[] idr2 = nal(random, 0x65, 50);
        frame.reset(3000, false);
        d.beginFrame();
        assertThat(d.append(frame, idr2, 0, idr2.length, 1 << 20)).isEqualTo(DepacketizeResult.OK);
        assertThat(d.finishFrame(frame)).isEqualTo(DepacketizeResult.OK);
        assertThat(frame.keyframe()).isTrue();
        assertThat(java.util.Arrays.copyOf(frame.data(), frame.length())).isEqualTo(annexB(sps, pps, idr2));
    }

    @ParameterizedTest(name = "mode {0}, payload {1}, aggregate {2}")
    @CsvSource({"1, 1200, true", "1, 1200, false", "1, 100, true", "0, 1200, false", "0, 1200, true"})
    void shuffledAccessUnitsAcrossSequenceWrapReassembleIdentically(int mode, int mtu, boolean aggregate) {
        H264Packetizer packetizer = new H264Packetizer(mtu, mode, aggregate);
        Recorder recorder = new Recorder();
        FrameAssembler assembler = new FrameAssembler(VideoCodec.H264, FrameAssemblerConfig.defaults(), recorder);
        int maxNal = mode == 0 ? mtu : 5000;
        int[] seq = {65530};
        List<byte[]> sent = new ArrayList<>();
        long now = 0;
        for (int f = 0; f < 10; f++) {
            boolean key = f % 5 == 0;
            byte[] au = key
                    ? annexB(sps, pps, nal(random, 0x65, 20 + random.nextInt(maxNal - 20)), laterSlice(random, 0x65, 40))
                    : annexB(nal(random, 0x41, 20 + random.nextInt(maxNal - 20)), laterSlice(random, 0x41, 30));
            sent.add(au);
            List<byte[]> packets = packetize(packetizer, frameOf(VideoCodec.H264, au, 3000L * f, key), seq);
            Collections.shuffle(packets, random);
            for (byte[] p : packets) {
                assembler.onPacket(p, 0, p.length, now);
            }
            now += 33 * MS;
            assembler.onTimer(now);
        }
        assertThat(recorder.frames).hasSize(10);
        for (int f = 0; f < 10; f++) {
            assertThat(recorder.frames.get(f).bytes()).as("frame %d", f).isEqualTo(sent.get(f));
            assertThat(recorder.frames.get(f).keyframe()).isEqualTo(f % 5 == 0);
        }
        assertThat(packetizer.droppedNals()).isZero();
        assertThat(assembler.stats().malformedPayloads()).isZero();
    }

    @Test
    void frameStartIsRecognisedFromParameterSetsAndFirstSlices() {
        H264Depacketizer d = new H264Depacketizer();
        assertThat(d.isFrameStart(sps, 0, sps.length)).isTrue();
        assertThat(d.isFrameStart(new byte[] {0x41, (byte) 0x9a}, 0, 2)).isTrue(); // first_mb_in_slice = 0
        assertThat(d.isFrameStart(new byte[] {0x41, 0x1a}, 0, 2)).isFalse(); // a later slice
        assertThat(d.isFrameStart(new byte[] {0x7c, (byte) 0x85, (byte) 0x88}, 0, 3)).isTrue(); // FU-A start of IDR
        assertThat(d.isFrameStart(new byte[] {0x7c, 0x45, (byte) 0x88}, 0, 3)).isFalse(); // FU-A end
        assertThat(d.isFrameStart(new byte[] {0x78, 0x00, 0x02, 0x67, 0x42}, 0, 5)).isTrue(); // STAP-A with SPS
    }
}
