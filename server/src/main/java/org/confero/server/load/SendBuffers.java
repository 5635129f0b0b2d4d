package org.confero.server.load;

import java.nio.ByteBuffer;
import org.confero.mixer.rtp.RtpPacket;
import org.confero.server.webrtc.srtp.PacketBuffer;
import org.confero.server.webrtc.srtp.SrtpTransformer;
import org.jitsi.srtp.SrtpErrorStatus;

/**
 * The paced sender's two reusable packet buffers: one for plain RTP, one with SRTP head- and tailroom (jitsi-srtp
 * writes the GCM tag after the payload in place). One thread owns them; a send copies nothing but the payload.
 */
final class SendBuffers {
    private final byte[] plain = new byte[PacketBuffer.MAX_PACKET];
    private final ByteBuffer plainView = ByteBuffer.wrap(plain);
    private final byte[] staging = new byte[PacketBuffer.MAX_PACKET];
    private final PacketBuffer secure = new PacketBuffer();
    private byte[] secureArray;
    private ByteBuffer secureView;

    ByteBuffer plain(byte[] payload, int pt, boolean marker, int seq, long ts, int ssrc) {
        int h = RtpPacket.writeHeader(plain, 0, pt, marker, seq, ts, ssrc & 0xffffffffL);
        System.arraycopy(payload, 0, plain, h, payload.length);
        plainView.clear().limit(h + payload.length);
        return plainView;
    }

    /** The protected packet, or null when SRTP refused it. */
    ByteBuffer protect(SrtpTransformer srtp, byte[] payload, int pt, boolean marker, int seq, long ts, int ssrc) {
        int h = RtpPacket.writeHeader(staging, 0, pt, marker, seq, ts, ssrc & 0xffffffffL);
        System.arraycopy(payload, 0, staging, h, payload.length);
        secure.load(staging, 0, h + payload.length);
        if (srtp.protectRtp(secure) != SrtpErrorStatus.OK) {
            return null;
        }
        if (secure.getBuffer() != secureArray) {
            secureArray = secure.getBuffer();
            secureView = ByteBuffer.wrap(secureArray);
        }
        secureView.clear().position(secure.getOffset()).limit(secure.getOffset() + secure.getLength());
        return secureView;
    }
}
