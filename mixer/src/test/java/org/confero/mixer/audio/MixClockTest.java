package org.confero.mixer.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import org.confero.mixer.codec.AudioCodec;
import org.confero.mixer.codec.NativeCodecs;
import org.junit.jupiter.api.Test;

class MixClockTest {

    private static long mixThreadsAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("confero-mix-") && t.isAlive())
                .count();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void roomsAreTickedFiftyTimesASecondAndTheClockStopsWithoutLeavingThreads() {
        AtomicInteger ticks = new AtomicInteger();
        MixClock clock = new MixClock(2);
        clock.register("room", ticks::incrementAndGet);
        sleep(500);
        int afterHalfASecond = ticks.get();
        clock.close();
        clock.close();
        int afterStop = ticks.get();
        sleep(100);

        assertThat(afterHalfASecond).isBetween(15, 30);
        assertThat(ticks.get()).isEqualTo(afterStop);
        assertThat(clock.isStopped()).isTrue();
        assertThat(mixThreadsAlive()).isZero();
    }

    @Test
    void aRoomThatThrowsNeitherStopsItselfNorOtherRooms() {
        AtomicInteger healthy = new AtomicInteger();
        AtomicInteger broken = new AtomicInteger();
        try (MixClock clock = new MixClock(1)) {
            clock.register("broken", () -> {
                broken.incrementAndGet();
                throw new IllegalStateException("bad room");
            });
            clock.register("healthy", healthy::incrementAndGet);
            sleep(300);
            assertThat(broken.get()).isGreaterThan(5);
            assertThat(healthy.get()).isGreaterThan(5);
            assertThat(clock.failures()).isGreaterThan(5);
        }
    }

    @Test
    void slowTicksAreCountedAsOverrunsAndAClosedRegistrationStopsOneRoom() {
        AtomicInteger slow = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        try (MixClock clock = new MixClock(2)) {
            MixClock.Registration slowRoom = clock.register("slow", () -> {
                slow.incrementAndGet();
                sleep(25);
            });
            clock.register("other", other::incrementAndGet);
            sleep(200);
            slowRoom.close();
            int slowAtClose = slow.get();
            sleep(150);
            assertThat(clock.overruns()).isGreaterThanOrEqualTo(3);
            assertThat(slow.get()).isLessThanOrEqualTo(slowAtClose + 1);
            assertThat(other.get()).isGreaterThan(12);
        }
    }

    @Test
    void participantsJoinAndLeaveWhileTheClockTicksTheMixer() {
        AudioMixer mixer = new AudioMixer("busy-room", MixerConfig.DEFAULT);
        AtomicInteger delivered = new AtomicInteger();
        try (MixClock clock = new MixClock(1)) {
            clock.register(mixer);
            mixer.add("talker", AudioCodec.OPUS, new ToneInput(400, 6000), (p, o, l, i) -> delivered.incrementAndGet());
            for (int round = 0; round < 30; round++) {
                String id = "guest-" + round;
                mixer.add(id, round % 2 == 0 ? AudioCodec.PCMU : AudioCodec.OPUS, ToneInput.silent(),
                        (p, o, l, i) -> delivered.incrementAndGet());
                sleep(7);
                if (round % 3 != 0) {
                    assertThat(mixer.remove(id)).isTrue();
                }
            }
            sleep(60);
            assertThat(clock.failures()).isZero();
        } finally {
            mixer.close();
        }
        assertThat(mixer.stats().ticks()).isGreaterThan(5);
        assertThat(mixer.stats().encodeFailures()).isZero();
        assertThat(delivered.get()).isGreaterThan(20);
        assertThat(NativeCodecs.openContexts()).isZero();
    }
}
