package org.confero.mixer.video;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.confero.mixer.codec.NativeCodecs;
import org.confero.mixer.codec.VideoTestPictures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CompositorBehaviourTest {
    private static final int TOLERANCE = 14;
    private static final Tile MAIN = LayoutGeometry.featured(2, 1280, 720).get(0);
    private int contextsBefore;

    @BeforeEach
    void countContexts() {
        contextsBefore = NativeCodecs.openContexts();
    }

    @AfterEach
    void everyContextIsClosed() {
        assertThat(NativeCodecs.openContexts()).isEqualTo(contextsBefore);
    }

    @Test
    void speakerLayoutFollowsTheActiveSpeakerOnlyAfterTheyHoldTheFloorForASecond() {
        try (CompositorTestRig rig = new CompositorTestRig();
                CompositorTestRig.Receiver receiver = new CompositorTestRig.Receiver(VideoCodec.VP8, rig.clock);
                Subscription ignored = rig.room.subscribe(VideoCodec.VP8, Tier.P720, receiver)) {
            rig.addColour("a", "Alice", VideoCodec.VP8, VideoTestPictures.RED);
            rig.addColour("b", "Bob", VideoCodec.H264, VideoTestPictures.GREEN);
            rig.addColour("c", "Carol", VideoCodec.VP8, VideoTestPictures.BLUE);
            rig.room.setLayout(Layout.SPEAKER);
            rig.room.setActiveSpeaker("b");
            rig.run(2);
            assertThat(mainColour(receiver)).as("the first speaker is taken at once").isEqualTo(VideoTestPictures.GREEN);

            rig.room.setActiveSpeaker("c");
            rig.run(15); // 0.5 s
            assertThat(mainColour(receiver)).as("a half-second speaker does not switch").isEqualTo(VideoTestPictures.GREEN);
            rig.room.setActiveSpeaker("b");
            rig.room.setActiveSpeaker("c"); // a flicker back and forth restarts the hold
            rig.run(20);
            assertThat(mainColour(receiver)).isEqualTo(VideoTestPictures.GREEN);
            rig.run(12); // 1.06 s after the last change
            assertThat(mainColour(receiver)).isEqualTo(VideoTestPictures.BLUE);

            List<Tile> strip = LayoutGeometry.featured(2, 1280, 720).subList(1, 3);
            assertThat(VideoTestPictures.near(receiver.yuvAt(strip.get(0).centreX(), strip.get(0).centreY()),
                    VideoTestPictures.RED, TOLERANCE)).as("the others in the strip, in join order").isTrue();
            assertThat(VideoTestPictures.near(receiver.yuvAt(strip.get(1).centreX(), strip.get(1).centreY()),
                    VideoTestPictures.GREEN, TOLERANCE)).isTrue();

            rig.room.setLayout(Layout.PRESENTER);
            rig.room.setPresenter("a");
            rig.run(1);
            assertThat(mainColour(receiver)).as("the presenter is shown large").isEqualTo(VideoTestPictures.RED);
            rig.room.removeSource("a");
            rig.run(1);
            assertThat(mainColour(receiver)).as("without the presenter, the speaker").isEqualTo(VideoTestPictures.BLUE);
        }
    }

    private static int[] mainColour(CompositorTestRig.Receiver receiver) {
        int[] yuv = receiver.yuvAt(MAIN.centreX(), MAIN.centreY());
        for (int[] colour : VideoTestPictures.COLOURS) {
            if (VideoTestPictures.near(yuv, colour, TOLERANCE)) {
                return colour;
            }
        }
        return yuv;
    }

    @Test
    void aSourceWhoseVideoStopsGetsItsPlaceholderWithinThreeSeconds() {
        try (CompositorTestRig rig = new CompositorTestRig();
                CompositorTestRig.Receiver receiver = new CompositorTestRig.Receiver(VideoCodec.H264, rig.clock);
                Subscription ignored = rig.room.subscribe(VideoCodec.H264, Tier.P720, receiver)) {
            rig.addColour("a", "Alice Smith", VideoCodec.VP8, VideoTestPictures.RED);
            rig.addColour("b", "Bob Jones", VideoCodec.VP8, VideoTestPictures.GREEN);
            List<Tile> tiles = LayoutGeometry.grid(2, 1280, 720);
            rig.run(45); // 1.5 s: b keeps sending, a has sent one frame only
            CompositorTestRig.feed(rig.room.source("b"), VideoCodec.VP8, VideoTestPictures.GREEN);
            assertThat(VideoTestPictures.near(receiver.yuvAt(tiles.get(0).centreX(), tiles.get(0).centreY()),
                    VideoTestPictures.RED, TOLERANCE)).as("still shown at 1.5 s").isTrue();
            rig.run(30); // 2.5 s
            CompositorGridTest.assertPlaceholder(receiver, tiles.get(0));
            assertThat(VideoTestPictures.near(receiver.yuvAt(tiles.get(1).centreX(), tiles.get(1).centreY()),
                    VideoTestPictures.GREEN, TOLERANCE)).isTrue();

            CompositorTestRig.feed(rig.room.source("a"), VideoCodec.VP8, VideoTestPictures.BLUE);
            rig.run(1);
            assertThat(VideoTestPictures.near(receiver.yuvAt(tiles.get(0).centreX(), tiles.get(0).centreY()),
                    VideoTestPictures.BLUE, TOLERANCE)).as("back as soon as a picture arrives").isTrue();
        }
    }

    @Test
    void aHundredKeyframeRequestsInASecondMakeAtMostThreeKeyframesAndANewSubscriberGetsOneWithinASecond() {
        try (CompositorTestRig rig = new CompositorTestRig();
                CompositorTestRig.Receiver first = new CompositorTestRig.Receiver(VideoCodec.VP8, rig.clock);
                CompositorTestRig.Receiver second = new CompositorTestRig.Receiver(VideoCodec.VP8, rig.clock)) {
            rig.addColour("a", "Alice", VideoCodec.VP8, VideoTestPictures.RED);
            Subscription one = rig.room.subscribe(VideoCodec.VP8, Tier.P180, first);
            rig.run(30); // the encoder's first keyframe is behind us
            int before = first.keyframes;
            for (int tick = 0; tick < 30; tick++) {
                for (int i = 0; i < 4 && tick * 4 + i < 100; i++) {
                    rig.room.requestKeyframe(VideoCodec.VP8, Tier.P180);
                }
                rig.run(1);
            }
            assertThat(first.keyframes - before).as("keyframes for 100 requests in 1 s").isBetween(1, 3);

            rig.run(30);
            long subscribedAt = rig.clock.getAsLong();
            Subscription two = rig.room.subscribe(VideoCodec.VP8, Tier.P180, second);
            rig.run(31);
            assertThat(second.keyframeTimes).isNotEmpty();
            assertThat(second.keyframeTimes.get(0) - subscribedAt).isLessThanOrEqualTo(TimeUnit.SECONDS.toNanos(1));
            assertThat(second.last).isEqualTo(org.confero.mixer.codec.VideoDecoder.Result.DECODED);
            assertThat(rig.room.stats().encodersPerTier()).as("two subscribers share one encoder")
                    .containsExactlyEntriesOf(java.util.Map.of(Tier.P180, 1));

            one.close();
            two.close();
            two.close();
            rig.run(1);
            assertThat(rig.room.stats().encodersPerTier()).as("the encoder is freed with its last subscriber")
                    .isEmpty();
        }
    }

    @Test
    void encodersGrowWithCodecTierPairsNotWithSubscribers() {
        try (CompositorTestRig rig = new CompositorTestRig()) {
            rig.addColour("a", "Alice", VideoCodec.VP8, VideoTestPictures.RED);
            int[] delivered = new int[1];
            for (int i = 0; i < 50; i++) {
                rig.room.subscribe(VideoCodec.VP8, Tier.P360, (tier, frame) -> delivered[0]++);
                rig.room.subscribe(VideoCodec.H264, Tier.P180, (tier, frame) -> delivered[0]++);
            }
            rig.room.subscribe(VideoCodec.H264, Tier.P720, (tier, frame) -> {
                throw new IllegalStateException("a broken receiver");
            });
            rig.run(3);
            VideoRoomStats stats = rig.room.stats();
            assertThat(stats.encodersPerTier()).containsExactlyInAnyOrderEntriesOf(
                    java.util.Map.of(Tier.P720, 1, Tier.P360, 1, Tier.P180, 1));
            assertThat(stats.framesEncoded()).isEqualTo(9);
            assertThat(delivered[0]).isEqualTo(300);
            assertThat(stats.listenerFailures()).isEqualTo(3);
        }
    }

    @Test
    void aRoomOnTheSharedClockComposesAtItsFrameRateAndFreesEverythingOnClose() throws Exception {
        try (VideoClock clock = new VideoClock(1)) {
            RoomCompositor room = new RoomCompositor("clocked", CompositorConfig.DEFAULT, clock);
            room.addSource("a", "Alice");
            int[] frames = new int[1];
            room.subscribe(VideoCodec.VP8, Tier.P180, (tier, frame) -> frames[0]++);
            Thread.sleep(400);
            room.close();
            room.close();
            VideoRoomStats stats = room.stats();
            assertThat(stats.framesComposed() + stats.ticksSkipped()).isBetween(5L, 20L);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (NativeCodecs.openContexts() != contextsBefore && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }
    }
}
