package org.confero.mixer.video.rtp;

import org.confero.mixer.video.EncodedFrame;

/** What a {@link FrameAssembler} asks of its owner; called on the assembler's thread, must not block. */
public interface FrameAssemblerListener {

    /** A complete frame, in decode order. The frame object is reused: copy what must outlive the call. */
    void onFrame(EncodedFrame frame);

    /**
     * Ask the sender for these packets again (RFC 4585 §6.2.1 generic NACK; see
     * {@link org.confero.mixer.rtp.RtcpWriter#writeNack}). {@code seqs[0, count)} are 16-bit sequence numbers in
     * increasing order; the array is reused after the call.
     */
    void sendNack(int[] seqs, int count);

    /** Ask the sender for a keyframe (PLI, RFC 4585 §6.3.1, or FIR, RFC 5104 §4.3.1). Already rate limited. */
    void requestKeyframe();
}
