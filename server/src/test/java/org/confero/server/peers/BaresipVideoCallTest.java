package org.confero.server.peers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.confero.mixer.video.VideoCodec;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves the video phone against real baresip with no Confero server: two phones call each other directly on
 * 127.0.0.1 with fakevideo, and each one's snapshot of what it receives shows the other's three colour bars.
 */
@Timeout(30)
class BaresipVideoCallTest {
    private static final Logger LOG = LoggerFactory.getLogger(BaresipVideoCallTest.class);
    private static final Duration SIGNALLING = Duration.ofSeconds(5);
    private static final Duration SNAPSHOT = Duration.ofSeconds(5);
    /** baresip snapshots pass through two YUV conversions and a lossy codec: the notes measured ≥ 25. */
    private static final int TOLERANCE = 30;
    private static final List<Rgb> BARS = List.of(Rgb.FAKEVIDEO_RED, Rgb.FAKEVIDEO_GREEN, Rgb.FAKEVIDEO_BLUE);

    @ParameterizedTest
    @EnumSource(VideoCodec.class)
    void eachPhoneSeesTheOthersColourBars(VideoCodec codec) throws Exception {
        try (BaresipPhone b = BaresipPhone.builder("b").video(codec).autoAnswer().start();
             BaresipPhone a = BaresipPhone.builder("a").video(codec).start()) {
            assertThat(a.config().accountLine()).contains(";video_codecs=" + BaresipConfig.Video.accountName(codec));
            a.dial(b.directUri());
            a.waitForEvent("CALL_ESTABLISHED", SIGNALLING);
            b.waitForEvent("CALL_ESTABLISHED", SIGNALLING);

            RgbImage seenByA = a.snapshotOfWhatItSees(SNAPSHOT);
            RgbImage seenByB = b.snapshotOfWhatItSees(SNAPSHOT);
            RgbImage sentByA = a.snapshotOfWhatItSends(SNAPSHOT);
            LOG.info("{}: A sees {} bars {}, B sees {} bars {}, A sends {}", codec, seenByA,
                    seenByA.tileCentres(3, 1), seenByB, seenByB.tileCentres(3, 1), sentByA.tileCentres(3, 1));

            for (RgbImage seen : List.of(seenByA, seenByB)) {
                assertThat(seen.width()).isEqualTo(640);
                assertThat(seen.height()).isEqualTo(360);
                assertThat(seen.tileMismatches(3, 1, BARS, TOLERANCE)).isEmpty();
            }
            assertThat(sentByA.tileMismatches(3, 1, BARS, TOLERANCE)).isEmpty();
            a.hangup();
            b.waitForEvent("CALL_CLOSED", SIGNALLING);
            a.quit(); // baresip's log reaches its file in full once it has ended
            assertThat(a.log()).contains("Set video encoder: " + codec.encodingName(),
                    "Set video decoder: " + codec.encodingName());
        }
    }
}
