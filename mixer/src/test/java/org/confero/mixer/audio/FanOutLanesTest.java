package org.confero.mixer.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.confero.mixer.codec.AudioCodec;
import org.confero.mixer.codec.NativeCodecs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fan-out runs off the tick: a slow or stuck send never holds a tick, and frames keep their order. */
class FanOutLanesTest {
    private static final int PCMU_FRAME = AudioCodec.PCMU.timestampsPerFrame();

    private FanOutLanes lanes;
    private AudioMixer mixer;

    @AfterEach
    void close() {
        if (mixer != null) {
            mixer.close();
        }
        if (lanes != null) {
            lanes.close();
        }
        assertThat(NativeCodecs.openContexts()).as("native codec contexts left open").isZero();
    }

    @Test
    void aLargeRoomIsSentByEveryLaneInTickOrderAndNeverByTheTickThread() throws Exception {
        lanes = new FanOutLanes(2);
        mixer = new AudioMixer("big", MixerConfig.DEFAULT, lanes);
        int listeners = 3 * FanOutLanes.BLOCK;
        int ticks = 20;
        Set<String> threads = ConcurrentHashMap.newKeySet();
        CountDownLatch all = new CountDownLatch(listeners * ticks);
        List<Set<String>> threadsPerListener = new ArrayList<>();
        for (int i = 0; i < listeners; i++) {
            Set<String> mine = ConcurrentHashMap.newKeySet();
            threadsPerListener.add(mine);
            mixer.add("p" + i, AudioCodec.PCMU, frame -> false, (payload, offset, length, increment) -> {
                threads.add(Thread.currentThread().getName());
                mine.add(Thread.currentThread().getName());
                all.countDown();
            });
        }
        Thread ticker = new Thread(() -> {
            for (int i = 0; i < ticks; i++) {
                mixer.tick();
                sleep(5); // lanes keep up: no tick is dropped
            }
        }, "ticker");
        ticker.start();
        ticker.join(10_000);
        assertThat(all.await(10, TimeUnit.SECONDS)).as("every listener got every frame").isTrue();
        assertThat(threads).as("frames leave on lanes only, both of them").hasSize(2)
                .allMatch(name -> name.startsWith("confero-fanout-")).doesNotContain("ticker");
        // one lane (one thread, FIFO) per listener: its frames leave in tick order and never concurrently
        assertThat(threadsPerListener).allMatch(seen -> seen.size() == 1);
        assertThat(mixer.stats().droppedTicks()).isZero();
    }

    @Test
    void aStuckSendDoesNotHoldTheTickAndTheFramesAfterTheGapJumpTheirTimestamp() throws Exception {
        lanes = new FanOutLanes(1);
        mixer = new AudioMixer("stuck", MixerConfig.DEFAULT, lanes);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> skipped = new ArrayList<>();
        AtomicInteger delivered = new AtomicInteger();
        mixer.add("slow", AudioCodec.PCMU, frame -> false, new EncodedAudioSink() {
            @Override
            public void deliver(byte[] payload, int offset, int length, int timestampIncrement) {
                if (delivered.incrementAndGet() == 1) {
                    try {
                        release.await(10, TimeUnit.SECONDS); // a send that blocks (it must not, but one might)
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }

            @Override
            public void skipped(int timestampIncrement) {
                synchronized (skipped) {
                    skipped.add(timestampIncrement);
                }
            }
        });
        int ticks = 10;
        long started = System.nanoTime();
        for (int i = 0; i < ticks; i++) {
            mixer.tick();
        }
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(tookMillis).as("ten ticks while the only send is stuck").isLessThan(1_000);
        // four frames in flight (the stuck one and three queued), the other six ticks dropped
        assertThat(mixer.stats().droppedTicks()).isEqualTo(ticks - 4);
        assertThat(lanes.droppedTicks()).isEqualTo(ticks - 4);
        sleep(30); // the stuck send lasts longer than a tick period: its batch leaves late
        release.countDown();
        assertThat(awaitDelivered(delivered, 4)).isTrue();
        mixer.tick(); // the first frame after the gap
        assertThat(awaitDelivered(delivered, 5)).isTrue();
        synchronized (skipped) {
            assertThat(skipped).containsExactly((ticks - 4) * PCMU_FRAME);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (lanes.lateBatches() == 0 && System.nanoTime() < deadline) {
            sleep(5); // counted as the batch ends, just after its last delivery
        }
        assertThat(lanes.lateBatches()).as("the stuck batch left late").isGreaterThanOrEqualTo(1);
    }

    private static boolean awaitDelivered(AtomicInteger delivered, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (delivered.get() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return delivered.get() >= count;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
