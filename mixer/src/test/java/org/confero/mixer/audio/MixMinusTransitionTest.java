package org.confero.mixer.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.confero.mixer.codec.AudioCodec;
import org.confero.mixer.codec.NativeCodecs;
import org.confero.mixer.codec.Tones;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A talker leaving the talker set while its voice is loud (its sender stalls mid-tone, or a louder voice takes
 * its place) moves from its own mix-minus encoder to its codec's shared encoder at once. What it hears on the
 * frames after that moment must not carry its own voice: each decoded frame is measured like the load tool's
 * probe does (share of the frame's energy at the talker's own frequency, Goertzel).
 */
class MixMinusTransitionTest {
    private static final int SETTLE_TICKS = 40;
    private static final int AFTER_TICKS = 10;
    private static final double AMPLITUDE = 8000;
    private static final double AUDIBLE_RMS = 100;
    /**
     * The load tool's probe reports a talker hearing itself from 5 %. A clean mix-minus leaves a fraction of a
     * percent in the one frame where another voice stops or starts abruptly (the edge spreads over every bin).
     */
    private static final double MAX_OWN_SHARE = 0.01;

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

    private void join(String id, AudioCodec codec, AudioInput input) {
        DecodingSink sink = new DecodingSink(codec, 200);
        sinks.add(sink);
        ears.put(id, sink);
        mixer.add(id, codec, input, sink);
    }

    private void run(int ticks) {
        for (int i = 0; i < ticks; i++) {
            mixer.tick();
        }
    }

    /**
     * Largest share of a decoded frame's energy at the talker's own frequency among the frames {@code id} heard
     * from frame {@code from} on, as the load tool's probe measures it; frames quieter than
     * {@link #AUDIBLE_RMS} (codec noise in near-silence) are left out, as the probe leaves out those under 300.
     */
    private double worstOwnShare(String id, double hz, int from) {
        DecodingSink ear = ears.get(id);
        double worst = 0;
        for (int n = from; n < ear.framesDecoded(); n++) {
            short[] frame = ear.frame(n);
            double power = Tones.power(frame, 0, frame.length);
            if (power >= AUDIBLE_RMS * AUDIBLE_RMS) {
                double share = Tones.tonePower(frame, 0, frame.length, hz) / power;
                worst = Math.max(worst, share);
            }
        }
        return worst;
    }

    @ParameterizedTest
    @EnumSource(value = AudioCodec.class, names = {"PCMU", "PCMA", "G722", "OPUS"})
    void aTalkerWhoseSenderStallsMidToneDoesNotHearItsLastFrame(AudioCodec codec) {
        mixer = new AudioMixer("room-stall", MixerConfig.DEFAULT);
        ToneInput stalled = new ToneInput(650, AMPLITUDE);
        ToneInput other = new ToneInput(1500, AMPLITUDE);
        join("stalled", codec, stalled);
        join("other", codec, other);
        join("listener", codec, ToneInput.silent());
        run(SETTLE_TICKS);
        assertThat(mixer.talkers()).containsExactlyInAnyOrder("stalled", "other");

        // Both senders stall at once, as when the process sending them pauses: no frame from this tick on.
        stalled.setAmplitude(0);
        other.setAmplitude(0);
        run(AFTER_TICKS);

        assertThat(mixer.talkers()).isEmpty();
        assertThat(worstOwnShare("stalled", 650, SETTLE_TICKS - 5)).as("share of own tone, worst frame")
                .isLessThan(MAX_OWN_SHARE);
        assertThat(worstOwnShare("other", 1500, SETTLE_TICKS - 5)).as("share of own tone, worst frame")
                .isLessThan(MAX_OWN_SHARE);
        assertThat(ears.get("listener").framesDecoded()).isEqualTo(SETTLE_TICKS + AFTER_TICKS);
    }

    @ParameterizedTest
    @EnumSource(value = AudioCodec.class, names = {"PCMU", "PCMA", "G722", "OPUS"})
    void aTalkerDisplacedByALouderVoiceDoesNotHearItsLastFrame(AudioCodec codec) {
        mixer = new AudioMixer("room-displaced", MixerConfig.DEFAULT.withMaxTalkers(1));
        join("displaced", codec, new ToneInput(650, AMPLITUDE));
        ToneInput louder = new ToneInput(1500, 0);
        join("louder", codec, louder);
        join("listener", codec, ToneInput.silent());
        run(SETTLE_TICKS);
        assertThat(mixer.talkers()).containsExactly("displaced");

        louder.setAmplitude(AMPLITUDE * 2);
        run(AFTER_TICKS);

        assertThat(mixer.talkers()).containsExactly("louder");
        assertThat(worstOwnShare("displaced", 650, SETTLE_TICKS - 5)).as("share of own tone, worst frame")
                .isLessThan(MAX_OWN_SHARE);
    }
}
