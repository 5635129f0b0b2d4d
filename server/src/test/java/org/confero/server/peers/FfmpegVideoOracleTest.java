package org.confero.server.peers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.confero.mixer.video.VideoCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Proves the ffmpeg video sender and the pixel oracle against each other, with no Confero server: what one sends
 * over RTP on 127.0.0.1 the other decodes to the same colours (tolerance 20, as the testing notes measured).
 */
@Timeout(30)
class FfmpegVideoOracleTest {
    private static final int TOLERANCE = 20;
    private static final Duration FIRST_FRAME = Duration.ofSeconds(8);

    @ParameterizedTest
    @EnumSource(VideoCodec.class)
    void aSolidColourArrivesAsThatColour(VideoCodec codec) {
        int port = FreePorts.udpPair();
        Rgb expected = codec == VideoCodec.VP8 ? Rgb.RED : Rgb.BLUE;
        try (RtpVideoReceiver oracle = RtpVideoReceiver.builder(codec, port).payloadType(100).start();
             FfmpegVideoSender sender = FfmpegVideoSender.builder(codec, port).colour(expected.hex().replace("#", "0x"))
                     .payloadType(100).ssrc(0xCAFE_BABEL).localRtpPort(FreePorts.udpPair())
                     .duration(Duration.ofSeconds(6)).start()) {
            RgbImage frame = oracle.awaitFrameMatching(f -> f.rgbAtFraction(0.5, 0.5).isCloseTo(expected, TOLERANCE),
                    FIRST_FRAME);

            assertThat(frame.width()).isEqualTo(640);
            assertThat(frame.height()).isEqualTo(360);
            assertThat(frame.tileMismatches(3, 3, java.util.Collections.nCopies(9, expected), TOLERANCE)).isEmpty();
            assertThat(sender.isRunning()).as("still within its duration").isTrue();
            assertThat(sender.sdp()).contains("a=rtpmap:100 " + codec.encodingName() + "/90000");
        }
    }

    @Test
    void aTwoByTwoGridArrivesWithItsFourQuadrants() {
        int port = FreePorts.udpPair();
        List<Rgb> quadrants = List.of(Rgb.RED, Rgb.LIME, Rgb.BLUE, Rgb.YELLOW);
        try (RtpVideoReceiver oracle = RtpVideoReceiver.builder(VideoCodec.VP8, port).firstFrameOnly().start();
             FfmpegVideoSender sender = FfmpegVideoSender.builder(VideoCodec.VP8, port)
                     .grid(2, 2, "red", "lime", "blue", "yellow").bitrateKbps(1000).start()) {
            RgbImage frame = oracle.awaitFrame(FIRST_FRAME);

            assertThat(frame.width()).isEqualTo(1280);
            assertThat(frame.height()).isEqualTo(720);
            assertThat(frame.tileMismatches(2, 2, quadrants, TOLERANCE)).isEmpty();
            assertThat(oracle.process().awaitExit(Duration.ofSeconds(3))).as("first-frame mode ends by itself")
                    .contains(0);
        }
    }

    @Test
    void aSenderWithAToneAlsoSendsPcmuThatDecodesToTheTone(@TempDir Path dir) throws Exception {
        int videoPort = FreePorts.udpPair();
        int audioPort = FreePorts.udpPair();
        Path sdp = Files.writeString(dir.resolve("audio.sdp"), "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=a\r\n"
                + "c=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio " + audioPort + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n");
        Path wav = dir.resolve("heard.wav");
        try (ChildProcess audio = ChildProcess.start("ffmpeg-audio", List.of("timeout", "20", "ffmpeg", "-nostdin",
                "-hide_banner", "-loglevel", "warning", "-y", "-protocol_whitelist", "file,udp,rtp", "-i",
                sdp.toString(), "-t", "1.5", "-c:a", "pcm_s16le", wav.toString()), dir, dir.resolve("audio.log"));
             RtpVideoReceiver oracle = RtpVideoReceiver.builder(VideoCodec.H264, videoPort).start();
             FfmpegVideoSender sender = FfmpegVideoSender.builder(VideoCodec.H264, videoPort).colour("lime")
                     .withTone(audioPort, 440, 0x0BAD_F00DL).duration(Duration.ofSeconds(4)).start()) {
            oracle.awaitFrameMatching(f -> f.rgbAtFraction(0.5, 0.5).isCloseTo(Rgb.LIME, TOLERANCE), FIRST_FRAME);
            assertThat(audio.awaitExit(Duration.ofSeconds(8))).as(audio.log()).contains(0);
            assertThat(sender.sdp()).contains("m=audio " + audioPort, "m=video " + videoPort);
            assertThat(sender.awaitEnd(Duration.ofSeconds(6))).as("ends after its duration").contains(0);
        }
        Wav heard = Wav.read(wav);
        assertThat(ToneAnalysis.levelDbfs(heard.mono(), heard.sampleRate(), 440)).isGreaterThan(-30);
    }
}
