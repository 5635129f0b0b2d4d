package org.confero.mixer.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.confero.mixer.codec.AudioCodec;
import org.confero.mixer.codec.NativeCodecs;
import org.confero.mixer.codec.Tones;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AudioMixerTest {
    private static final int TICKS = 40;
    private static final int ANALYSED_FRAMES = 20;

    private final List<DecodingSink> sinks = new ArrayList<>();
    private final Map<String, DecodingSink> ears = new HashMap<>();
    private AudioMixer mixer;

    @AfterEach
    void closeEverything() {
        if (mixer != null) {
            mixer.close();
        }
        sinks.forEach(DecodingSink::close);
        assertThat(NativeCodecs.openContexts()).as("native codec contexts left open").isZero();
    }

    private ParticipantHandle join(String id, AudioCodec codec, AudioInput input) {
        DecodingSink sink = new DecodingSink(codec, 400);
        sinks.add(sink);
        ears.put(id, sink);
        return mixer.add(id, codec, input, sink);
    }

    private void run(int ticks) {
        for (int i = 0; i < ticks; i++) {
            mixer.tick();
        }
    }

    /** Power of {@code hz} in what {@code id} heard lately, in dB relative to a 1000-amplitude sine. */
    private double heard(String id, double hz) {
        short[] pcm = ears.get(id).lastFrames(ANALYSED_FRAMES);
        return Tones.db(Tones.tonePower(pcm, 0, pcm.length, hz) / (1000.0 * 1000 / 2));
    }

    @Test
    void threeTalkersEachHearTheOtherTwoButNotThemselves() {
        mixer = new AudioMixer("room-1", MixerConfig.DEFAULT);
        join("a", AudioCodec.OPUS, new ToneInput(400, 6000));
        join("b", AudioCodec.OPUS, new ToneInput(700, 6000));
        join("c", AudioCodec.OPUS, new ToneInput(1100, 6000));
        run(TICKS);

        Map<String, Double> own = Map.of("a", 400.0, "b", 700.0, "c", 1100.0);
        for (String listener : own.keySet()) {
            for (Map.Entry<String, Double> talker : own.entrySet()) {
                double db = heard(listener, talker.getValue());
                if (talker.getKey().equals(listener)) {
                    continue;
                }
                assertThat(db).as("%s hears %s at its level", listener, talker.getKey()).isBetween(12.0, 18.0);
                assertThat(db - heard(listener, own.get(listener)))
                        .as("%s's own voice at least 30 dB below %s's", listener, talker.getKey()).isGreaterThan(30);
            }
        }
        assertThat(mixer.talkers()).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(ears.get("a").lastTimestampIncrement()).isEqualTo(960);
    }

    @Test
    void silentListenersOfOneCodecGetByteIdenticalFramesFromOneEncode() {
        mixer = new AudioMixer("room-2", MixerConfig.DEFAULT);
        join("talker-1", AudioCodec.OPUS, new ToneInput(400, 6000));
        join("talker-2", AudioCodec.OPUS, new ToneInput(700, 6000));
        for (int i = 0; i < 5; i++) {
            join("listener-" + i, AudioCodec.OPUS, ToneInput.silent());
        }
        run(TICKS - 10);
        MixerStats before = mixer.stats();
        run(10);
        MixerStats after = mixer.stats();

        assertThat(after.encodes() - before.encodes()).as("two mix-minus encodes and one shared, per tick")
                .isEqualTo(30);
        assertThat(after.sharedEncodes() - before.sharedEncodes()).isEqualTo(10);
        List<byte[]> first = ears.get("listener-0").payloads();
        assertThat(first).hasSize(TICKS);
        for (int i = 1; i < 5; i++) {
            List<byte[]> other = ears.get("listener-" + i).payloads();
            assertThat(other).hasSize(TICKS);
            for (int frame = 0; frame < TICKS; frame++) {
                assertThat(other.get(frame)).as("listener %d frame %d", i, frame).isEqualTo(first.get(frame));
            }
        }
        assertThat(mixer.stats("listener-3").orElseThrow().ownEncodes()).isZero();
        assertThat(heard("listener-3", 400)).isGreaterThan(10);
        assertThat(heard("listener-3", 700)).isGreaterThan(10);
    }

    @Test
    void withoutSharingEveryParticipantIsEncodedSeparately() {
        mixer = new AudioMixer("room-3", MixerConfig.DEFAULT.withSharedListenerEncodes(false));
        join("talker", AudioCodec.PCMU, new ToneInput(400, 6000));
        for (int i = 0; i < 4; i++) {
            join("listener-" + i, AudioCodec.PCMU, ToneInput.silent());
        }
        run(TICKS);
        assertThat(mixer.stats().encodes()).isEqualTo(5L * TICKS);
        assertThat(mixer.stats().sharedEncodes()).isZero();
        assertThat(heard("listener-2", 400)).isGreaterThan(10);
        assertThat(mixer.stats("listener-2").orElseThrow().ownEncodes()).isEqualTo(TICKS);
    }

    @Test
    void phonesAndBrowsersOnThreeCodecsHearEachOtherInOneRoom() {
        mixer = new AudioMixer("room-4", MixerConfig.DEFAULT);
        join("phone", AudioCodec.PCMU, new ToneInput(400, 6000));
        join("browser", AudioCodec.OPUS, new ToneInput(700, 6000));
        join("phone-listener", AudioCodec.PCMU, ToneInput.silent());
        join("browser-listener", AudioCodec.OPUS, ToneInput.silent());
        join("wideband-phone-listener", AudioCodec.G722, ToneInput.silent());
        run(TICKS);

        assertThat(heard("phone", 700)).isGreaterThan(12);
        assertThat(heard("phone", 700) - heard("phone", 400)).isGreaterThan(30);
        assertThat(heard("browser", 400)).isGreaterThan(12);
        assertThat(heard("browser", 400) - heard("browser", 700)).isGreaterThan(30);
        for (String listener : List.of("phone-listener", "browser-listener", "wideband-phone-listener")) {
            assertThat(heard(listener, 400)).as(listener).isGreaterThan(12);
            assertThat(heard(listener, 700)).as(listener).isGreaterThan(12);
        }
        assertThat(ears.get("phone-listener").lastTimestampIncrement()).isEqualTo(160);
        assertThat(mixer.stats().sharedEncodes()).as("one shared encode per codec per tick").isEqualTo(3L * TICKS);
    }

    @Test
    void onlyTheThreeLoudestOfFiveTalkersAreHeard() {
        mixer = new AudioMixer("room-5", MixerConfig.DEFAULT.withMaxTalkers(3));
        double[] hz = {300, 500, 700, 900, 1100};
        double[] amplitude = {1000, 8000, 2000, 6000, 4000};
        for (int i = 0; i < hz.length; i++) {
            join("t" + i, AudioCodec.PCMU, new ToneInput(hz[i], amplitude[i]));
        }
        join("listener", AudioCodec.PCMU, ToneInput.silent());
        run(TICKS);

        assertThat(mixer.talkers()).containsExactlyInAnyOrder("t1", "t3", "t4");
        double loudestMissing = Math.max(heard("listener", 300), heard("listener", 700));
        double quietestMixed =
                Math.min(heard("listener", 500), Math.min(heard("listener", 900), heard("listener", 1100)));
        assertThat(quietestMixed - loudestMissing).isGreaterThan(30);
        assertThat(mixer.stats("t0").orElseThrow().talkerTicks()).isZero();
    }

    @Test
    void twoEquallyLoudSpeakersDoNotFlapWhenTheirLevelsWobble() {
        mixer = new AudioMixer("room-6", MixerConfig.DEFAULT.withMaxTalkers(1));
        ToneInput steady = new ToneInput(400, 5000);
        ToneInput wobbly = new ToneInput(700, 5000);
        join("steady", AudioCodec.PCMA, steady);
        join("wobbly", AudioCodec.PCMA, wobbly);
        run(5);
        String first = mixer.talkers().get(0);
        int changes = 0;
        String previous = first;
        for (int i = 0; i < 50; i++) {
            wobbly.setAmplitude(i % 2 == 0 ? 5000 * 1.12 : 5000 / 1.12); // ±1 dB
            mixer.tick();
            String now = mixer.talkers().get(0);
            if (!now.equals(previous)) {
                changes++;
            }
            previous = now;
        }
        assertThat(changes).isZero();
    }

    @Test
    void mutedAndQuietParticipantsAreNotMixed() {
        mixer = new AudioMixer("room-7", MixerConfig.DEFAULT);
        ParticipantHandle muted = join("muted", AudioCodec.PCMU, new ToneInput(400, 8000));
        join("whisper", AudioCodec.PCMU, new ToneInput(700, 20)); // about -64 dBov, under the -55 threshold
        join("listener", AudioCodec.PCMU, ToneInput.silent());
        muted.mute();
        run(TICKS);
        assertThat(mixer.talkers()).isEmpty();
        assertThat(heard("listener", 400)).isLessThan(-30);
        assertThat(mixer.stats("muted").orElseThrow().silentTicks()).isEqualTo(TICKS);
        assertThat(mixer.stats("muted").orElseThrow().framesRead()).isEqualTo(TICKS);

        muted.unmute();
        run(TICKS);
        assertThat(mixer.talkers()).containsExactly("muted");
        assertThat(heard("listener", 400)).isGreaterThan(15);
    }

    @Test
    void levelsAndActiveSpeakerFollowTheLoudestVoice() {
        mixer = new AudioMixer("room-8", MixerConfig.DEFAULT);
        List<String> announced = new ArrayList<>();
        mixer.setActiveSpeakerListener(announced::add);
        ToneInput alice = new ToneInput(400, 8000);
        ToneInput bob = new ToneInput(700, 2000);
        join("alice", AudioCodec.PCMU, alice);
        join("bob", AudioCodec.PCMU, bob);
        join("carol", AudioCodec.PCMU, ToneInput.silent());
        run(100);
        // a sine of amplitude 8000 has an RMS of 5657: -15.2 dBov; 2000 gives -27.3 dBov
        assertThat(mixer.levels()).containsEntry("alice", 15).containsEntry("bob", 27).containsEntry("carol", 127);
        assertThat(mixer.activeSpeaker()).contains("alice");

        alice.setAmplitude(500);
        bob.setAmplitude(8000);
        run(200);
        assertThat(mixer.activeSpeaker()).contains("bob");
        assertThat(announced).containsExactly("alice", "bob");
    }

    @Test
    void aFailingInputOrSinkIsCountedAndTheRoomGoesOn() {
        mixer = new AudioMixer("room-9", MixerConfig.DEFAULT);
        join("talker", AudioCodec.PCMU, new ToneInput(400, 6000));
        mixer.add("broken-input", AudioCodec.PCMU, frame -> {
            throw new IllegalStateException("jitter buffer bug");
        }, (payload, offset, length, increment) -> { });
        mixer.add("broken-sink", AudioCodec.PCMU, ToneInput.silent(), (payload, offset, length, increment) -> {
            throw new IllegalStateException("transport bug");
        });
        join("listener", AudioCodec.PCMU, ToneInput.silent());
        run(TICKS);
        assertThat(mixer.stats().inputFailures()).isEqualTo(TICKS);
        assertThat(mixer.stats().sinkFailures()).isEqualTo(TICKS);
        assertThat(mixer.stats().ticks()).isEqualTo(TICKS);
        assertThat(heard("listener", 400)).isGreaterThan(12);
    }

    @Test
    void removingAParticipantFreesItsEncoderAndItsIdCanRejoin() {
        mixer = new AudioMixer("room-10", MixerConfig.DEFAULT);
        join("a", AudioCodec.OPUS, new ToneInput(400, 6000));
        ParticipantHandle b = join("b", AudioCodec.OPUS, ToneInput.silent());
        run(3);
        int open = NativeCodecs.openContexts();
        b.remove();
        assertThat(mixer.remove("b")).isFalse();
        mixer.tick();
        assertThat(NativeCodecs.openContexts()).isEqualTo(open - 1);
        assertThat(mixer.stats().participants()).isEqualTo(1);
        assertThatThrownBy(() -> mixer.add("a", AudioCodec.PCMU, ToneInput.silent(), (p, o, l, i) -> { }))
                .isInstanceOf(IllegalStateException.class);
        join("b", AudioCodec.PCMU, ToneInput.silent());
        run(3);
        assertThat(mixer.stats().participants()).isEqualTo(2);
        mixer.close();
        mixer.close();
        assertThat(mixer.stats().participants()).isZero();
    }

    @Test
    void aTickAllocatesNoJavaMemory() {
        mixer = new AudioMixer("room-11", MixerConfig.DEFAULT);
        EncodedAudioSink drop = (payload, offset, length, increment) -> { };
        mixer.add("a", AudioCodec.OPUS, new ToneInput(400, 6000), drop);
        mixer.add("b", AudioCodec.PCMU, new ToneInput(700, 6000), drop);
        for (int i = 0; i < 5; i++) {
            mixer.add("listener-" + i, i % 2 == 0 ? AudioCodec.OPUS : AudioCodec.G722, ToneInput.silent(), drop);
        }
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        run(2000); // let the JIT settle
        long before = threads.getCurrentThreadAllocatedBytes();
        run(500);
        assertThat(threads.getCurrentThreadAllocatedBytes() - before).as("bytes allocated by 500 ticks")
                .isLessThan(1000);
    }

    @Test
    void aListenerWhoStartsAndStopsTalkingKeepsAContinuousStreamAndNeverHearsItself() {
        mixer = new AudioMixer("room-12", MixerConfig.DEFAULT);
        join("host", AudioCodec.OPUS, new ToneInput(700, 6000));
        ToneInput guestVoice = new ToneInput(400, 0);
        join("guest", AudioCodec.OPUS, guestVoice);
        join("audience", AudioCodec.OPUS, ToneInput.silent());
        List<short[]> recorded = new ArrayList<>();
        mixer.setMixTap(frame -> recorded.add(frame.clone()));

        run(TICKS); // guest listens: shared stream
        assertThat(mixer.talkers()).containsExactly("host");
        guestVoice.setAmplitude(6000);
        run(TICKS); // guest talks: its own mix-minus encoder
        assertThat(mixer.talkers()).containsExactlyInAnyOrder("host", "guest");
        assertThat(heard("guest", 700)).isGreaterThan(12);
        assertThat(heard("guest", 700) - heard("guest", 400)).isGreaterThan(30);
        assertThat(heard("audience", 400)).isGreaterThan(12);
        guestVoice.setAmplitude(0);
        run(2 * TICKS); // guest listens again, back on the shared stream

        assertThat(mixer.talkers()).containsExactly("host");
        assertThat(heard("guest", 700)).isGreaterThan(12);
        assertThat(ears.get("guest").payloads()).hasSize(4 * TICKS);
        assertThat(ears.get("guest").payloadsRejected()).as("one decoder follows both encoders").isZero();
        assertThat(mixer.stats("guest").orElseThrow().framesDelivered()).isEqualTo(4L * TICKS);
        assertThat(recorded).hasSize(4 * TICKS);
        short[] lastMix = recorded.get(recorded.size() - 1);
        double hostInRecording = Tones.tonePower(lastMix, 0, lastMix.length, 700) / (6000.0 * 6000 / 2);
        assertThat(Tones.db(hostInRecording)).isBetween(-1.0, 1.0);
    }

    @Test
    void aParticipantRemovedByItsOwnSinkDuringATickLeavesCleanly() {
        mixer = new AudioMixer("room-13", MixerConfig.DEFAULT);
        join("talker", AudioCodec.OPUS, new ToneInput(400, 6000));
        ParticipantHandle[] self = new ParticipantHandle[1];
        self[0] = mixer.add("hangs-up", AudioCodec.OPUS, ToneInput.silent(),
                (payload, offset, length, increment) -> self[0].remove());
        join("listener", AudioCodec.OPUS, ToneInput.silent());
        run(TICKS);
        assertThat(mixer.stats().participants()).isEqualTo(2);
        assertThat(mixer.stats().encodeFailures()).isZero();
        assertThat(ears.get("listener").payloads()).hasSize(TICKS);
        assertThat(heard("listener", 400)).isGreaterThan(12);
    }
}
