package org.confero.server.transport;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Which source a SIP leg's media may come from, and where ours goes (the defence against RTP hijacking, like
 * Asterisk's strictrtp). When the SDP address is reachable as given, only that address and port are accepted and
 * the leg never latches (RFC 3264 §5: the peer receives where its SDP says, and symmetric RTP, RFC 4961, sends
 * from there). Only when it is not (a private address other than the one the SIP request came from: the phone is
 * behind NAT, or a host name) does the leg latch, and then only onto a source that sent {@code latchPackets} RTP
 * packets in sequence (same SSRC, consecutive sequence numbers, RFC 3550 §5.1) from the SIP signalling's IP
 * unless {@code anySource}. Until it latches it sends nothing, so the room's audio goes to no guessed address.
 * Called from the one selector thread (accept) and from SIP threads (expect): synchronised, never blocking.
 */
final class SourceFilter {
    /** How the leg decides. */
    enum Mode { NO_MEDIA, STRICT, LATCHING, LATCHED }

    private final int latchPackets;
    private final boolean anySource;
    private InetSocketAddress expectedRtp;
    private InetSocketAddress expectedRtcp;
    private InetAddress signalling;
    private Mode mode = Mode.NO_MEDIA;
    private InetSocketAddress candidate;
    private long candidateSsrc;
    private int candidateSeq;
    private int inSequence;
    private InetSocketAddress latchedRtp;
    private InetSocketAddress latchedRtcp;

    SourceFilter(int latchPackets, boolean anySource) {
        this.latchPackets = latchPackets;
        this.anySource = anySource;
    }

    /** The SDP's addresses (null: none, e.g. before a delayed offer's answer); any latch is forgotten. */
    synchronized void expect(InetSocketAddress rtp, InetSocketAddress rtcp) {
        if (java.util.Objects.equals(rtp, expectedRtp) && java.util.Objects.equals(rtcp, expectedRtcp)) {
            return; // unchanged (a session refresh, hold): a latched leg stays latched
        }
        expectedRtp = rtp;
        expectedRtcp = rtcp;
        decide();
    }

    /** The IP the call's SIP request came from. */
    synchronized void signallingSource(InetAddress source) {
        if (java.util.Objects.equals(source, signalling)) {
            return;
        }
        signalling = source;
        decide();
    }

    private void decide() {
        latchedRtp = null;
        latchedRtcp = null;
        candidate = null;
        inSequence = 0;
        if (expectedRtp == null) {
            mode = Mode.NO_MEDIA;
        } else if (expectedRtp.isUnresolved() || expectedRtp.getAddress().isAnyLocalAddress()) {
            mode = Mode.LATCHING; // nothing we can send to as given
        } else {
            InetAddress sdp = expectedRtp.getAddress();
            boolean hidden = signalling != null && !sdp.equals(signalling) && isPrivate(sdp);
            mode = hidden ? Mode.LATCHING : Mode.STRICT;
        }
    }

    /** RFC 1918 and RFC 6598 (carrier-grade NAT), link-local, IPv6 ULA: not reachable from outside as given. */
    static boolean isPrivate(InetAddress a) {
        byte[] b = a.getAddress();
        if (a.isSiteLocalAddress() || a.isLinkLocalAddress()) {
            return true;
        }
        if (b.length == 4) {
            return (b[0] & 0xFF) == 100 && (b[1] & 0xC0) == 64;
        }
        return (b[0] & 0xFE) == 0xFC;
    }

    synchronized Mode mode() {
        return mode;
    }

    /** Where RTP goes now; null while latching or without media. */
    synchronized InetSocketAddress rtpTarget() {
        return switch (mode) {
            case STRICT -> expectedRtp;
            case LATCHED -> latchedRtp;
            default -> null;
        };
    }

    synchronized InetSocketAddress rtcpTarget(boolean mux) {
        return switch (mode) {
            case STRICT -> mux ? expectedRtp : expectedRtcp;
            case LATCHED -> mux ? latchedRtp : latchedRtcp;
            default -> null;
        };
    }

    /** Outcome of an RTP packet. */
    enum Verdict { ACCEPT, LATCHED_NOW, REFUSE }

    synchronized Verdict acceptRtp(InetSocketAddress source, byte[] packet) {
        switch (mode) {
            case STRICT:
                return source.equals(expectedRtp) ? Verdict.ACCEPT : Verdict.REFUSE;
            case LATCHED:
                return source.equals(latchedRtp) ? Verdict.ACCEPT : Verdict.REFUSE;
            case LATCHING:
                return latchStep(source, packet);
            default:
                return Verdict.REFUSE;
        }
    }

    private Verdict latchStep(InetSocketAddress source, byte[] packet) {
        if (!anySource && (signalling == null || !signalling.equals(source.getAddress()))) {
            return Verdict.REFUSE;
        }
        int seq = ((packet[2] & 0xFF) << 8) | (packet[3] & 0xFF);
        long ssrc = ((packet[8] & 0xFFL) << 24) | ((packet[9] & 0xFFL) << 16) | ((packet[10] & 0xFFL) << 8)
                | (packet[11] & 0xFFL);
        if (source.equals(candidate) && ssrc == candidateSsrc && seq == ((candidateSeq + 1) & 0xFFFF)) {
            inSequence++;
        } else {
            candidate = source;
            candidateSsrc = ssrc;
            inSequence = 1;
        }
        candidateSeq = seq;
        if (inSequence < latchPackets) {
            return Verdict.REFUSE;
        }
        mode = Mode.LATCHED;
        latchedRtp = source;
        return Verdict.LATCHED_NOW;
    }

    /**
     * RTCP from the SDP's RTCP or RTP address; once latched, from the latched source, whose
     * RTCP port a NAT picks on its own: the first RTCP from the latched IP fixes it.
     */
    synchronized boolean acceptRtcp(InetSocketAddress source, boolean mux) {
        switch (mode) {
            case STRICT:
                // Without rtcp-mux, phones send RTCP from their RTCP port (RFC 3550 §11) or, some, from the RTP
                // one: both are addresses the SDP names.
                return source.equals(expectedRtp) || (!mux && source.equals(expectedRtcp));
            case LATCHED:
                if (mux) {
                    return source.equals(latchedRtp);
                }
                if (latchedRtcp == null && source.getAddress().equals(latchedRtp.getAddress())) {
                    latchedRtcp = source;
                }
                return source.equals(latchedRtcp);
            default:
                return false;
        }
    }
}
