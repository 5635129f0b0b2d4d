package org.confero.mixer.video.rtp;

import org.confero.mixer.video.EncodedFrame;

/**
 * Splits one encoded frame into RTP payloads, one at a time, straight into the caller's packet buffer (after
 * the RTP header the caller wrote), so nothing is allocated or copied twice:
 * <pre>
 *   packetizer.begin(frame);
 *   while (packetizer.hasNext()) {
 *       int n = packetizer.next(buf, 12);
 *       RtpPacket.writeHeader(buf, 0, pt, !packetizer.hasNext(), seq++, frame.rtpTimestamp(), ssrc); // marker on the last
 *   }
 * </pre>
 * One instance per outgoing stream, used by the encoder thread only. The frame must stay unchanged until
 * {@link #hasNext()} is false.
 */
public interface VideoPacketizer {

    /** Starts on a frame; any rest of the previous frame is abandoned. */
    void begin(EncodedFrame frame);

    boolean hasNext();

    /** Writes the next payload at {@code out[off]} (room for {@link #maxPayloadSize()} bytes needed); returns its length. */
    int next(byte[] out, int off);

    /** Largest payload {@link #next} writes. */
    int maxPayloadSize();
}
