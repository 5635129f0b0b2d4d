package org.confero.mixer.video;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;

import org.confero.mixer.codec.NativeCodecs;
import org.confero.mixer.codec.VideoTestPictures;
import org.junit.jupiter.api.Test;

class CompositorAllocationTest {
    @Test
    void aSteadyStateTickAllocatesAlmostNoJavaMemory() {
        int before = NativeCodecs.openContexts();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        try (CompositorTestRig rig = new CompositorTestRig()) {
            for (int i = 0; i < 4; i++) {
                rig.addColour("p" + i, "Person " + i, VideoCodec.VP8, VideoTestPictures.COLOURS[i]);
            }
            rig.room.addSource("phone", "Desk Phone").setHasVideo(false);
            rig.room.setSpeaking("p1", true);
            int[] frames = new int[1];
            for (Tier tier : Tier.values()) {
                rig.room.subscribe(VideoCodec.VP8, tier, (t, frame) -> frames[0]++);
                rig.room.subscribe(VideoCodec.H264, tier, (t, frame) -> frames[0]++);
            }
            rig.run(20);
            long start = threads.getThreadAllocatedBytes(id);
            int ticks = 30;
            rig.run(ticks);
            long perTick = (threads.getThreadAllocatedBytes(id) - start) / ticks;
            System.out.println("bytes allocated per tick: " + perTick);
            assertThat(frames[0]).isEqualTo(50 * 6);
            assertThat(perTick).as("Java bytes allocated per tick of 5 sources and 6 encoders").isLessThan(512);
        }
        assertThat(NativeCodecs.openContexts()).isEqualTo(before);
    }
}
