package org.confero.mixer.codec;

/** Creates the FFmpeg-backed audio and video decoders and encoders; the caller owns and closes them. */
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

    /** A decoder for one received video stream. */
    public static VideoDecoder videoDecoder(org.confero.mixer.video.VideoCodec codec) {
        return new VideoDecoder(codec);
    }

    /** An encoder for one (codec, picture size) output. */
    public static VideoEncoder videoEncoder(org.confero.mixer.video.VideoCodec codec, VideoEncoderSettings settings) {
        return new VideoEncoder(codec, settings);
    }
}
