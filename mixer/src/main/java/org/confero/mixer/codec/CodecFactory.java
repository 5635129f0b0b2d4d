package org.confero.mixer.codec;

/** Creates the FFmpeg-backed decoder and encoder for each {@link AudioCodec}; the caller owns and closes them. */
public final class CodecFactory {
    private CodecFactory() {
    }

    public static AudioDecoder decoder(AudioCodec codec) {
        return new AudioDecoder(codec);
    }

    public static AudioEncoder encoder(AudioCodec codec) {
        return new AudioEncoder(codec, OpusSettings.DEFAULT);
    }

    /** @param opus used only when {@code codec} is Opus */
    public static AudioEncoder encoder(AudioCodec codec, OpusSettings opus) {
        return new AudioEncoder(codec, opus);
    }
}
