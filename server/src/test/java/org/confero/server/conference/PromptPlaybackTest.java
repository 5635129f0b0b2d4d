package org.confero.server.conference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.confero.mixer.codec.AudioCodec;
import org.confero.mixer.codec.AudioDecoder;
import org.confero.mixer.codec.CodecFactory;
import org.confero.mixer.rtp.RtpPacket;
import org.confero.server.peers.ToneAnalysis;
import org.junit.jupiter.api.Test;

/**
 * Prompts on a leg's send path: while the leg gets no mix, its prompt goes out instead (decoded here and measured
 * with Goertzel), a one-shot before the loop; in the room, or with prompts stopped, the mix or nothing.
 */
class PromptPlaybackTest {
    private static final int TICKS = 200; // 4 s

    private static final class Capture implements PacketSender {
        final List<byte[]> packets = new ArrayList<>();

        @Override
        public void sendRtp(byte[] packet, int offset, int length) {
            packets.add(Arrays.copyOfRange(packet, offset, offset + length));
        }

        @Override
        public void sendRtcp(byte[] packet, int offset, int length) {}
    }

    /** The decoded 48 kHz audio of the captured packets, in order. */
    private static double[] decode(List<byte[]> packets, AudioCodec codec) {
        double[] out = new double[packets.size() * AudioCodec.MIX_FRAME_SAMPLES];
        short[] frame = new short[AudioCodec.MIX_FRAME_SAMPLES];
        RtpPacket view = new RtpPacket();
        try (AudioDecoder decoder = CodecFactory.decoder(codec)) {
            int at = 0;
            for (byte[] p : packets) {
                assertThat(view.wrap(p, 0, p.length)).isTrue();
                int n = decoder.decode(p, view.payloadOffset(), view.payloadLength(), frame, 0);
                for (int i = 0; i < n && at < out.length; i++) {
                    out[at++] = frame[i] / 32768.0;
                }
            }
            return Arrays.copyOf(out, at);
        }
    }

    private static Capture run(AudioCodec codec, boolean inRoom, Prompt... prompts) {
        Capture capture = new Capture();
        AudioSendPath path = new AudioSendPath(capture, codec.staticPayloadType(), 1234, "cname", codec.rtpClockRate());
        path.setSending(inRoom);
        path.setPromptsAllowed(!inRoom);
        for (Prompt p : prompts) {
            path.play(p, PromptFrames.of(p, codec));
        }
        byte[] mix = new byte[160]; // μ-law silence would be 0xff; zeros are a loud offset, never a prompt tone
        for (int t = 0; t < TICKS; t++) {
            path.deliver(mix, 0, mix.length, codec.timestampsPerFrame());
        }
        return capture;
    }

    @Test
    void aLegOutsideTheRoomHearsItsPromptsAndNotTheMix() {
        Capture capture = run(AudioCodec.PCMU, false, Prompt.ENTER_PIN, Prompt.WRONG_PIN);
        assertThat(capture.packets).hasSize(TICKS);
        double[] heard = decode(capture.packets, AudioCodec.PCMU);
        double wrong = ToneAnalysis.levelDbfs(heard, 48000, 350, 0, 48000 * 6 / 10);
        double enter = ToneAnalysis.levelDbfs(heard, 48000, 1000, 48000 * 8 / 10, 48000 * 4 / 10);
        double silence = ToneAnalysis.levelDbfs(heard, 48000, 1000, 48000 * 2, 48000);
        System.out.printf("prompts decoded: wrong PIN %.1f dBFS, enter PIN %.1f dBFS, between beeps %.1f dBFS%n",
                wrong, enter, silence);
        assertThat(wrong).as("the one-shot first").isGreaterThan(-20);
        assertThat(enter).as("then the loop").isGreaterThan(-25);
        assertThat(silence).isLessThan(-50);
    }

    @Test
    void inTheRoomTheMixGoesOutAndStoppedPromptsSendNothing() {
        Capture inRoom = run(AudioCodec.PCMU, true, Prompt.WAITING);
        assertThat(inRoom.packets).hasSize(TICKS);
        assertThat(inRoom.packets.get(0)).endsWith(new byte[160]);
        Capture stopped = new Capture();
        AudioSendPath path = new AudioSendPath(stopped, 0, 1, "c", 8000);
        path.setSending(false);
        path.setPromptsAllowed(true);
        path.play(Prompt.WAITING, PromptFrames.of(Prompt.WAITING, AudioCodec.PCMU));
        path.play(null, null);
        path.deliver(new byte[160], 0, 160, 160);
        assertThat(stopped.packets).isEmpty();
    }

    @Test
    void everyCodecHasItsPromptFrames() {
        for (AudioCodec codec : AudioCodec.values()) {
            for (Prompt p : Prompt.values()) {
                assertThat(PromptFrames.of(p, codec)).as("%s %s", codec, p).isNotEmpty();
            }
        }
    }
}
