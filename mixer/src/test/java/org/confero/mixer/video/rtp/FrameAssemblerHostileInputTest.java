package org.confero.mixer.video.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.confero.mixer.video.rtp.VideoRtpTestSupport.MS;
import static org.confero.mixer.video.rtp.VideoRtpTestSupport.annexB;
import static org.confero.mixer.video.rtp.VideoRtpTestSupport.frameOf;
import static org.confero.mixer.video.rtp.VideoRtpTestSupport.nal;
import static org.confero.mixer.video.rtp.VideoRtpTestSupport.packetize;
import static org.confero.mixer.video.rtp.VideoRtpTestSupport.rtp;
import static org.confero.mixer.video.rtp.VideoRtpTestSupport.vp8Frame;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.confero.mixer.video.VideoCodec;
import org.confero.mixer.video.rtp.VideoRtpTestSupport.Recorder;
import org.junit.jupiter.api.Test;

/** Every kind of broken payload is counted and dropped; the next good keyframe still comes out. */
class FrameAssemblerHostileInputTest {
    private final Random random = new Random(11);
    private final Recorder recorder = new Recorder();
    private final int[] seq = {40000};
    private long ts = 90_000;
    private long now;

    private void sendFrame(FrameAssembler assembler, byte[]... payloads) {
        ts += 3000;
        for (int i = 0; i < payloads.length; i++) {
            byte[] p = rtp(seq[0], ts, i == payloads.length - 1, payloads[i]);
            seq[0] = (seq[0] + 1) & 0xffff;
            assembler.onPacket(p, 0, p.length, now);
        }
        now += 33 * MS;
        assembler.onTimer(now);
    }

    private void sendAll(FrameAssembler assembler, List<byte[]> packets) {
        for (byte[] p : packets) {
            assembler.onPacket(p, 0, p.length, now);
        }
        now += 33 * MS;
        assembler.onTimer(now);
    }

    @Test
    void brokenH264PayloadsAreCountedAndTheNextKeyframeIsDelivered() {
        FrameAssembler assembler = new FrameAssembler(VideoCodec.H264, FrameAssemblerConfig.defaults(), recorder);
        H264Packetizer packetizer = new H264Packetizer(1200, 1, true);
        byte[] sps = nal(random, 0x67, 10);
        byte[] pps = nal(random, 0x68, 4);
        ts += 3000;
        sendAll(assembler, packetize(packetizer,
                frameOf(VideoCodec.H264, annexB(sps, pps, nal(random, 0x65, 3000)), ts, true), seq));
        assertThatCode(() -> {
            sendFrame(assembler, new byte[] {0x7c}); // FU-A without FU header
            sendFrame(assembler, new byte[] {0x7c, (byte) 0x85}); // FU-A start without data
            sendFrame(assembler, new byte[] {0x7c, 0x05, 1, 2, 3}); // FU-A middle without start
            sendFrame(assembler, new byte[] {0x7c, 0x45, 1, 2, 3}); // FU-A end without start
            sendFrame(assembler, new byte[] {0x7c, (byte) 0x85, (byte) 0x88, 1}); // FU-A start, never ended
            sendFrame(assembler, new byte[] {0x7c, (byte) 0xC5, 1}); // FU-A with S and E set
            sendFrame(assembler, new byte[] {0x7c, (byte) 0x85, (byte) 0x88}, new byte[] {0x7c, 0x46, 1}); // type changes
            sendFrame(assembler, new byte[] {0x78, 0x00, 0x20, 0x67, 1}); // STAP-A length past the end
            sendFrame(assembler, new byte[] {0x78, 0x00}); // STAP-A with half a length
            sendFrame(assembler, new byte[] {0x78}); // STAP-A with nothing
            sendFrame(assembler, new byte[] {0x78, 0x00, 0x00, 0x00, 0x01, 0x67}); // STAP-A zero-length unit
            sendFrame(assembler, new byte[] {0x79, 1, 2, 3}); // STAP-B: not in mode 0/1
            sendFrame(assembler, new byte[] {0x7d, 1, 2, 3}); // FU-B
            sendFrame(assembler, new byte[] {0x00, 1, 2}); // NAL type 0
            sendFrame(assembler, new byte[0]); // empty payload
            byte[] notRtp = {0x00, 0x60, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0x65};
            assembler.onPacket(notRtp, 0, notRtp.length, now);
            assembler.onPacket(new byte[5], 0, 5, now);
            byte[] huge = rtp(seq[0], ts, true, new byte[3000]);
            assembler.onPacket(huge, 0, huge.length, now);
            for (int i = 0; i < 2000; i++) { // random garbage with valid RTP headers
                byte[] garbage = new byte[1 + random.nextInt(200)];
                random.nextBytes(garbage);
                sendFrame(assembler, garbage);
            }
        }).doesNotThrowAnyException();
        FrameAssemblerStats bad = assembler.stats();
        assertThat(bad.malformedPayloads()).isGreaterThanOrEqualTo(15);
        assertThat(bad.invalidRtp()).isEqualTo(3);

        ts += 3000;
        long keyTs = ts;
        byte[] keyframe = annexB(sps, pps, nal(random, 0x65, 5000));
        sendAll(assembler, packetize(packetizer, frameOf(VideoCodec.H264, keyframe, ts, true), seq));
        sendFrame(assembler, nal(random, 0x41, 100));
        assertThat(recorder.frames).anySatisfy(f -> {
            assertThat(f.ts()).isEqualTo(keyTs);
            assertThat(f.keyframe()).isTrue();
            assertThat(f.bytes()).isEqualTo(keyframe);
        });
    }

    @Test
    void brokenVp8PayloadsAreCountedAndTheNextKeyframeIsDelivered() {
        FrameAssembler assembler = new FrameAssembler(VideoCodec.VP8, FrameAssemblerConfig.defaults(), recorder);
        Vp8Packetizer packetizer = new Vp8Packetizer(1200, 5);
        ts += 3000;
        sendAll(assembler, packetize(packetizer, frameOf(VideoCodec.VP8, vp8Frame(random, 2000, true), ts, true), seq));
        assertThatCode(() -> {
            sendFrame(assembler, new byte[] {(byte) 0x90}); // X=1 without extension octet
            sendFrame(assembler, new byte[] {(byte) 0x90, (byte) 0x80}); // I=1 without picture id
            sendFrame(assembler, new byte[] {(byte) 0x90, (byte) 0x80, (byte) 0x81}); // 15-bit id cut short
            sendFrame(assembler, new byte[] {(byte) 0x90, (byte) 0x40}); // L=1 without TL0PICIDX
            sendFrame(assembler, new byte[] {(byte) 0x90, (byte) 0x10}); // K=1 without KEYIDX
            sendFrame(assembler, new byte[] {0x10}); // start without frame bytes
            sendFrame(assembler, new byte[] {0x00, 1, 2}); // no start
            sendFrame(assembler, new byte[0]);
            for (int i = 0; i < 2000; i++) {
                byte[] garbage = new byte[random.nextInt(100)];
                random.nextBytes(garbage);
                sendFrame(assembler, garbage);
            }
        }).doesNotThrowAnyException();
        assertThat(assembler.stats().malformedPayloads()).isGreaterThanOrEqualTo(5);
        ts += 3000;
        long keyTs = ts;
        sendAll(assembler, packetize(packetizer, frameOf(VideoCodec.VP8, vp8Frame(random, 3000, true), ts, true), seq));
        sendFrame(assembler, vp8Payload(false));
        assertThat(recorder.frames).anySatisfy(f -> {
            assertThat(f.ts()).isEqualTo(keyTs);
            assertThat(f.keyframe()).isTrue();
        });
    }

    private byte[] vp8Payload(boolean keyframe) {
        byte[] p = new byte[20];
        p[0] = 0x10;
        p[1] = (byte) (keyframe ? 0 : 1);
        return p;
    }

    @Test
    void aFrameLargerThanTheLimitIsDroppedAndCounted() {
        FrameAssemblerConfig small = new FrameAssemblerConfig(512, 1500, 2048, Duration.ofMillis(30), 3,
                Duration.ofMillis(150), Duration.ofMillis(300), Duration.ofSeconds(1));
        FrameAssembler assembler = new FrameAssembler(VideoCodec.VP8, small, recorder);
        Vp8Packetizer packetizer = new Vp8Packetizer(1000, 0);
        ts += 3000;
        sendAll(assembler, packetize(packetizer, frameOf(VideoCodec.VP8, vp8Frame(random, 2500, true), ts, true), seq));
        ts += 3000;
        sendAll(assembler, packetize(packetizer, frameOf(VideoCodec.VP8, vp8Frame(random, 1500, true), ts, true), seq));
        sendFrame(assembler, vp8Payload(false));
        assertThat(assembler.stats().framesDroppedOversize()).isEqualTo(1);
        assertThat(recorder.frames).hasSize(2);
        assertThat(recorder.frames.get(0).bytes()).hasSize(1500);
    }
}
