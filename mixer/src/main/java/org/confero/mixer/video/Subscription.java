package org.confero.mixer.video;

/** A receiver's hold on one (codec, tier) output; closing it unsubscribes. Idempotent, any thread. */
public interface Subscription extends AutoCloseable {
    VideoCodec codec();

    Tier tier();

    @Override
    void close();
}
