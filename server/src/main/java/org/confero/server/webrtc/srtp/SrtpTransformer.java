package org.confero.server.webrtc.srtp;

import java.security.GeneralSecurityException;
import org.jitsi.srtp.BaseSrtpCryptoContext;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.utils.logging2.Logger;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * SRTP/SRTCP protection for one DTLS association, both directions (RFC 3711, RFC 7714). jitsi-srtp keeps one
 * crypto context per SSRC; contexts are looked up in small fixed tables so that a packet costs no allocation.
 *
 * <p>Threading: all methods are safe from any thread (the context tables and jitsi-srtp's contexts
 * synchronize); in practice senders call {@code protect*} and the session's reader {@code unprotect*}, and the
 * two sides share nothing. A packet buffer belongs to one thread at a time.
 */
public final class SrtpTransformer implements AutoCloseable {
    /** More SSRCs than this per direction is not a WebRTC call we serve; the extra streams are dropped. */
    public static final int MAX_SSRCS = 32;
    private static final Logger LOG = new LoggerImpl(SrtpTransformer.class.getName());

    private final SrtpProfile profile;
    private final SrtpContextFactory sendFactory;
    private final SrtpContextFactory receiveFactory;
    private final ContextTable<SrtpCryptoContext> sendRtp = new ContextTable<>();
    private final ContextTable<SrtcpCryptoContext> sendRtcp = new ContextTable<>();
    private final ContextTable<SrtpCryptoContext> receiveRtp = new ContextTable<>();
    private final ContextTable<SrtcpCryptoContext> receiveRtcp = new ContextTable<>();

    public SrtpTransformer(SrtpKeys keys) {
        this.profile = keys.profile();
        var policy = profile.policy();
        this.sendFactory = new SrtpContextFactory(true, keys.localKey(), keys.localSalt(), policy, profile.policy(), LOG);
        this.receiveFactory = new SrtpContextFactory(false, keys.remoteKey(), keys.remoteSalt(), profile.policy(),
                profile.policy(), LOG);
        keys.wipe();
    }

    public SrtpProfile profile() {
        return profile;
    }

    /** Encrypts and authenticates an RTP packet in place; the buffer grows by the tag. */
    public SrtpErrorStatus protectRtp(PacketBuffer packet) {
        try {
            SrtpCryptoContext ctx = sendRtp.get(ssrcOf(packet));
            if (ctx == null) {
                ctx = sendRtp.put(ssrcOf(packet), sendFactory.deriveContext(ssrcOf(packet), 0));
                if (ctx == null) {
                    return SrtpErrorStatus.FAIL;
                }
            }
            return ctx.transformPacket(packet);
        } catch (GeneralSecurityException | RuntimeException e) {
            return SrtpErrorStatus.FAIL;
        }
    }

    public SrtpErrorStatus protectRtcp(PacketBuffer packet) {
        try {
            SrtcpCryptoContext ctx = sendRtcp.get(ssrcOf(packet));
            if (ctx == null) {
                ctx = sendRtcp.put(ssrcOf(packet), sendFactory.deriveControlContext(ssrcOf(packet)));
                if (ctx == null) {
                    return SrtpErrorStatus.FAIL;
                }
            }
            return ctx.transformPacket(packet);
        } catch (GeneralSecurityException | RuntimeException e) {
            return SrtpErrorStatus.FAIL;
        }
    }

    /** Authenticates, checks replay and decrypts in place; anything but OK means drop. */
    public SrtpErrorStatus unprotectRtp(PacketBuffer packet) {
        if (packet.getLength() < 12 + profile.tagLength()) {
            return SrtpErrorStatus.INVALID_PACKET;
        }
        try {
            int ssrc = ssrcOf(packet);
            SrtpCryptoContext ctx = receiveRtp.get(ssrc);
            if (ctx != null) {
                return ctx.reverseTransformPacket(packet, false);
            }
            // a new SSRC earns a table slot only with an authentic packet: garbage cannot fill the table
            if (receiveRtp.full()) {
                return SrtpErrorStatus.FAIL;
            }
            SrtpCryptoContext fresh = receiveFactory.deriveContext(ssrc, 0);
            SrtpErrorStatus status = fresh.reverseTransformPacket(packet, false);
            if (status == SrtpErrorStatus.OK) {
                receiveRtp.put(ssrc, fresh);
            }
            return status;
        } catch (GeneralSecurityException | RuntimeException e) {
            return SrtpErrorStatus.INVALID_PACKET;
        }
    }

    public SrtpErrorStatus unprotectRtcp(PacketBuffer packet) {
        // RFC 3711 §3.4: header (8) + E flag/index (4) + tag
        if (packet.getLength() < 8 + 4 + profile.tagLength()) {
            return SrtpErrorStatus.INVALID_PACKET;
        }
        try {
            int ssrc = ssrcOf(packet);
            SrtcpCryptoContext ctx = receiveRtcp.get(ssrc);
            if (ctx != null) {
                return ctx.reverseTransformPacket(packet);
            }
            if (receiveRtcp.full()) {
                return SrtpErrorStatus.FAIL;
            }
            SrtcpCryptoContext fresh = receiveFactory.deriveControlContext(ssrc);
            SrtpErrorStatus status = fresh.reverseTransformPacket(packet);
            if (status == SrtpErrorStatus.OK) {
                receiveRtcp.put(ssrc, fresh);
            }
            return status;
        } catch (GeneralSecurityException | RuntimeException e) {
            return SrtpErrorStatus.INVALID_PACKET;
        }
    }

    /** RTP: SSRC at bytes 8-11; RTCP: the sender's SSRC at bytes 4-7. */
    private static int ssrcOf(PacketBuffer p) {
        byte[] b = p.getBuffer();
        int o = p.getOffset();
        int pt = b[o + 1] & 0xFF;
        int at = (pt >= 192 && pt <= 223) ? o + 4 : o + 8;
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    @Override
    public void close() {
        sendRtp.closeAll();
        sendRtcp.closeAll();
        receiveRtp.closeAll();
        receiveRtcp.closeAll();
        sendFactory.close();
        receiveFactory.close();
    }

    /** A tiny SSRC → context table: linear probing over at most {@link #MAX_SSRCS} entries, no boxing. */
    private static final class ContextTable<C extends BaseSrtpCryptoContext> {
        private final int[] ssrcs = new int[MAX_SSRCS];
        private final Object[] contexts = new Object[MAX_SSRCS];
        private int size;

        @SuppressWarnings("unchecked")
        synchronized C get(int ssrc) {
            for (int i = 0; i < size; i++) {
                if (ssrcs[i] == ssrc) {
                    return (C) contexts[i];
                }
            }
            return null;
        }

        synchronized boolean full() {
            return size == MAX_SSRCS;
        }

        synchronized C put(int ssrc, C context) {
            if (size == MAX_SSRCS) {
                return null;
            }
            ssrcs[size] = ssrc;
            contexts[size] = context;
            size++;
            return context;
        }

        synchronized void closeAll() {
            for (int i = 0; i < size; i++) {
                contexts[i] = null;
            }
            size = 0;
        }
    }
}
