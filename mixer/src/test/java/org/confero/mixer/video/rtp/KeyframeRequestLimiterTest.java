package org.confero.mixer.video.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyframeRequestLimiterTest {
    private static final long MS = 1_000_000L;
    private final KeyframeRequestLimiter limiter = new KeyframeRequestLimiter();

    @Test
    void aHundredRequestsInOneSecondProduceAtMostThreeKeyframes() {
        int keyframes = 0;
        for (long t = 0; t <= 1000; t += 10) { // encoder at 100 fps, one PLI every 10 ms
            limiter.request();
            if (limiter.poll(t * MS)) {
                keyframes++;
            }
        }
        assertThat(keyframes).isBetween(2, 3);
        assertThat(limiter.requests()).isEqualTo(101);
    }

    @Test
    void aSingleRequestRightAfterAKeyframeIsServedWhenTheWindowCloses() {
        limiter.keyframeEncoded(0);
        limiter.request();
        long servedAt = -1;
        for (long t = 0; t <= 1000 && servedAt < 0; t += 33) {
            if (limiter.poll(t * MS)) {
                servedAt = t;
            }
        }
        assertThat(servedAt).isBetween(500L, 533L);
        assertThat(limiter.pending()).isFalse();
        assertThat(limiter.poll(2000 * MS)).as("served once").isFalse();
    }

    @Test
    void aRequestOutsideTheWindowIsServedByTheNextFrame() {
        limiter.keyframeEncoded(0);
        limiter.request();
        assertThat(limiter.poll(700 * MS)).isTrue();
        assertThat(limiter.forcedKeyframes()).isEqualTo(1);
    }

    @Test
    void aKeyframeTheEncoderMadeOnItsOwnAnswersPendingRequests() {
        limiter.request();
        limiter.keyframeEncoded(100 * MS);
        assertThat(limiter.poll(900 * MS)).isFalse();
    }
}
