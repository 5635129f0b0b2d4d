package org.confero.mixer.video.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.confero.mixer.video.rtp.VideoRtpTestSupport.MS;
import static org.confero.mixer.video.rtp.VideoRtpTestSupport.frameOf;
import static org.confero.mixer.video.rtp.VideoRtpTestSupport.packetize;
import static org.confero.mixer.video.rtp.VideoRtpTestSupport.seqOf;
import static org.confero.mixer.video.rtp.VideoRtpTestSupport.vp8Frame;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.confero.mixer.video.VideoCodec;
import org.confero.mixer.video.rtp.VideoRtpTestSupport.Frame;
import org.confero.mixer.video.rtp.VideoRtpTestSupport.Recorder;
import org.junit.jupiter.api.Test;

/** VP8 stream, three packets per frame, one frame every 33 ms on a simulated clock. */
class FrameAssemblerLossTest {
    private final Random random = new Random(3);
    private final Vp8Packetizer packetizer = new Vp8Packetizer(400, 0);
    private final Recorder recorder = new Recorder();
    private final int[] seq = {1000};
    private FrameAssembler assembler = new FrameAssembler(VideoCodec.VP8, FrameAssemblerConfig.defaults(), recorder);
    private long now;

    /** Packets of frame {@code index} (timestamp 3000 per frame). */
    private List<byte[]> frame(int index, boolean keyframe) {
        return packetize(packetizer, frameOf(VideoCodec.VP8, vp8Frame(random, 1000, keyframe), 3000L * index, false),
                seq);
    }

    private void send(List<byte[]> packets) {
        for (byte[] p : packets) {
            assembler.onPacket(p, 0, p.length, now);
        }
    }

    /** Advances the clock in 10 ms timer ticks. */
    private void runFor(long millis) {
        for (long t = 0; t < millis; t += 10) {
            now += 10 * MS;
            assembler.onTimer(now);
        }
    }

    private List<Long> deliveredTimestamps() {
        return recorder.frames.stream().map(Frame::ts).toList();
    }

    @Test
    void aLostPacketIsNackedByItsSequenceNumberAndTheRetransmissionCompletesTheFrames() {
        send(frame(0, true));
        List<byte[]> f1 = frame(1, false);
        byte[] lost = f1.remove(1);
        send(f1);
        send(frame(2, false));
        assertThat(deliveredTimestamps()).containsExactly(0L); // frame 2 waits behind frame 1 (decode order)
        runFor(10);
        assertThat(recorder.nacks).containsExactly(List.of(seqOf(lost)));
        assembler.onPacket(lost, 0, lost.length, now);
        assertThat(deliveredTimestamps()).containsExactly(0L, 3000L, 6000L);
        runFor(200);
        assertThat(recorder.nacks).hasSize(1);
        assertThat(recorder.keyframeRequests).isZero();
    }

    @Test
    void nackIsRetriedOneRttApartAtMostThreeTimes() {
        send(frame(0, true));
        List<byte[]> f1 = frame(1, false);
        byte[] lost = f1.remove(2);
        send(f1);
        send(frame(2, false));
        runFor(140);
        assertThat(recorder.allNacked()).containsExactly(seqOf(lost), seqOf(lost), seqOf(lost));
        assertThat(assembler.stats().nacksSent()).isEqualTo(3);
    }

    @Test
    void aFrameStillIncompleteAfterTheDeadlineIsDroppedAndDeltasWaitForTheRequestedKeyframe() {
        send(frame(0, true));
        List<byte[]> f1 = frame(1, false);
        f1.remove(1);
        send(f1);
        send(frame(2, false));
        runFor(160); // past the 150 ms deadline
        assertThat(assembler.stats().framesDroppedIncomplete()).isEqualTo(1);
        assertThat(recorder.keyframeRequests).isEqualTo(1);
        send(frame(3, false)); // delta frames: complete, but undecodable without frame 1
        runFor(30);
        send(frame(4, false));
        assertThat(deliveredTimestamps()).containsExactly(0L);
        assertThat(assembler.stats().deltaFramesSuppressed()).isEqualTo(3);
        assertThat(recorder.keyframeRequests).as("rate limited to one per 300 ms").isEqualTo(1);
        assertThat(assembler.waitingForKeyframe()).isTrue();

        send(frame(5, true));
        send(frame(6, false));
        assertThat(deliveredTimestamps()).containsExactly(0L, 15000L, 18000L);
        assertThat(recorder.frames.get(1).keyframe()).isTrue();
        assertThat(assembler.waitingForKeyframe()).isFalse();
    }

    @Test
    void whileNoKeyframeComesTheRequestIsRepeatedEverySecond() {
        send(frame(0, true));
        List<byte[]> f1 = frame(1, false);
        f1.remove(0); // the head: the rest of frame 1 can never be used
        send(f1);
        send(frame(2, false));
        runFor(2500);
        assertThat(recorder.keyframeRequests).isEqualTo(3); // at ~150 ms, ~1.15 s, ~2.15 s
        assertThat(assembler.stats().keyframeRequests()).isEqualTo(3);
    }

    @Test
    void aPacketFarAheadOverflowsTheWindowDropsTheStuckFrameAndAsksForAKeyframe() {
        FrameAssemblerConfig small = new FrameAssemblerConfig(16, 1500, 4 << 20, Duration.ofMillis(30), 3,
                Duration.ofMillis(150), Duration.ofMillis(300), Duration.ofSeconds(1));
        assembler = new FrameAssembler(VideoCodec.VP8, small, recorder);
        send(frame(0, true));
        List<byte[]> f1 = frame(1, false);
        f1.remove(1);
        send(f1);
        for (int i = 2; i < 8; i++) {
            send(frame(i, false)); // 18 more packets: more than the 16-packet window
        }
        assertThat(assembler.stats().windowOverflows()).isPositive();
        assertThat(assembler.stats().framesDroppedIncomplete()).isPositive();
        assertThat(recorder.keyframeRequests).isEqualTo(1);
        send(frame(8, true));
        assertThat(deliveredTimestamps()).containsExactly(0L, 24000L);
    }

    @Test
    void duplicatesAndPacketsOfDeliveredFramesAreCountedNotDelivered() {
        List<byte[]> f0 = frame(0, true);
        send(f0);
        List<byte[]> f1 = frame(1, false);
        send(List.of(f1.get(0), f1.get(0))); // frame 1 begun: frame 0 is delivered
        send(List.of(f0.get(0), f0.get(2)));
        assertThat(assembler.stats().tooOld()).isEqualTo(2);
        assertThat(assembler.stats().duplicates()).isEqualTo(1);
        assertThat(deliveredTimestamps()).containsExactly(0L);
    }

    @Test
    void aStreamJoinedMidFrameSkipsToTheNextFrameAndAsksForAKeyframe() {
        List<byte[]> f0 = frame(0, true);
        send(f0.subList(1, 3)); // the start of frame 0 never came
        send(frame(1, false));
        assertThat(deliveredTimestamps()).isEmpty();
        assertThat(recorder.keyframeRequests).isEqualTo(1);
        assertThat(assembler.stats().packetsDiscarded()).isEqualTo(2);
        send(frame(2, true));
        assertThat(deliveredTimestamps()).containsExactly(6000L);
    }

    @Test
    void steadyStateReusesPooledBuffers() {
        org.confero.mixer.rtp.PacketPool pool = new org.confero.mixer.rtp.PacketPool(8, 1500);
        assembler = new FrameAssembler(VideoCodec.VP8, FrameAssemblerConfig.defaults(), pool, recorder);
        List<List<byte[]>> frames = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            frames.add(frame(i, i == 0));
        }
        frames.forEach(this::send);
        assertThat(recorder.frames).hasSize(50);
        assertThat(pool.allocatedWhenEmpty()).isZero();
        assertThat(pool.available()).isEqualTo(8);
    }
}
