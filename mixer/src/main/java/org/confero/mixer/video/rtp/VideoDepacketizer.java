package org.confero.mixer.video.rtp;

import org.confero.mixer.video.EncodedFrame;
import org.confero.mixer.video.VideoCodec;

/**
 * Turns the RTP payloads of one frame, handed over in sequence order, back into the codec's frame bytes.
 *
 * <p>One instance per stream, used by one thread. Never throws on bad input: it answers
 * {@link DepacketizeResult#MALFORMED} and the caller drops the frame. Nothing is allocated per packet.
 */
public interface VideoDepacketizer {

    /**
     * True when the payload is certainly the first packet of a frame (VP8: S=1 and PID=0; H.264: a parameter
     * set, AUD or SEI, or the first slice of a picture). Used to find the next frame after a loss.
     */
    boolean isFrameStart(byte[] buf, int off, int len);

    /** Forgets any half-read fragment: a new frame starts. */
    void beginFrame();

    /** Appends the frame bytes carried by one payload to {@code frame}, keeping it at most {@code maxFrameBytes}. */
    DepacketizeResult append(EncodedFrame frame, byte[] buf, int off, int len, int maxFrameBytes);

    /** Called after the last payload of the frame: checks nothing is left open and settles the keyframe flag. */
    DepacketizeResult finishFrame(EncodedFrame frame);

    static VideoDepacketizer forCodec(VideoCodec codec) {
        return switch (codec) {
            case VP8 -> new Vp8Depacketizer();
            case H264 -> new H264Depacketizer();
        };
    }
}
