package org.confero.server.cascade;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.confero.mixer.codec.AudioCodec;
import org.confero.server.conference.ConferenceMedia;
import org.confero.server.conference.Leg;
import org.confero.server.conference.LegListener;
import org.confero.server.conference.LegRequest;
import org.confero.server.conference.MediaKind;
import org.confero.server.conference.NegotiatedAudio;
import org.confero.server.conference.PacketSender;
import org.confero.server.conference.ParticipantKind;
import org.confero.server.conference.RoomFullException;
import org.confero.server.transport.MediaEndpoint;
import org.confero.server.transport.UdpMediaTransport;
import org.confero.server.webrtc.srtp.SrtpTransformer;

/**
 * One node's end of a cascade link: a leg in the local room like any participant's, on its own RTP socket. What the
 * leg receives is the peer node's share of the room and enters the local mix as one input; what the mixer sends it
 * is the local mix minus that input. On the home node that makes the remote node's participants one participant
 * who hears everyone else; on the remote node it makes the home node's room (everyone but us) one participant who
 * hears our participants. Nobody's voice is ever sent back to the node it came from, so mix-minus holds across the
 * hop exactly. Opus at 48 kHz, the mixer's own rate, keeps the link wideband whatever codecs the phones use; SRTP
 * with keys both nodes derive ({@link LinkKeys}) protects it.
 */
final class CascadeLink implements AutoCloseable {
    static final NegotiatedAudio AUDIO = new NegotiatedAudio(AudioCodec.OPUS, 111, -1, 20);
    private static final PacketSender NO_VIDEO = new PacketSender() {
        @Override
        public void sendRtp(byte[] packet, int offset, int length) {}

        @Override
        public void sendRtcp(byte[] packet, int offset, int length) {}
    };

    private final String roomId;
    private final String peerNode;
    private final MediaEndpoint endpoint;
    private final Leg leg;

    private CascadeLink(String roomId, String peerNode, MediaEndpoint endpoint, Leg leg) {
        this.roomId = roomId;
        this.peerNode = peerNode;
        this.endpoint = endpoint;
        this.leg = leg;
    }

    /**
     * Opens the socket and joins the leg; RTP is taken only from {@code peerRtp} and sent only there (strict, as a
     * SIP leg whose SDP address is reachable). Null until the peer's answer names it: nothing is sent meanwhile.
     *
     * @param srtp the link's keys when already known (the home node), else null until {@link #aim}
     */
    static CascadeLink open(ConferenceMedia media, UdpMediaTransport transport, String roomId, String peerNode,
            InetSocketAddress peerRtp, SrtpTransformer srtp) throws IOException, RoomFullException {
        MediaEndpoint endpoint;
        try {
            endpoint = transport.open(peerRtp, peerRtp, true);
        } catch (IOException | RuntimeException e) {
            if (srtp != null) {
                srtp.close();
            }
            throw e;
        }
        try {
            if (srtp != null) {
                endpoint.encrypt(srtp); // before the leg joins: no packet of the link ever leaves in the clear
            }
            Leg leg = media.join(new LegRequest(roomId, participantId(peerNode), "Node " + peerNode,
                    ParticipantKind.CASCADE, AUDIO), endpoint, NO_VIDEO, LegListener.NONE);
            endpoint.attach(leg, MediaKind.AUDIO);
            return new CascadeLink(roomId, peerNode, endpoint, leg);
        } catch (RoomFullException | RuntimeException e) {
            endpoint.close();
            throw e;
        }
    }

    static String participantId(String peerNode) {
        return "cascade-" + peerNode;
    }

    /** The peer's answer named its end of the link and settled the keys: encrypt first, then send there. */
    void aim(InetSocketAddress peerRtp, SrtpTransformer srtp) {
        endpoint.encrypt(srtp);
        endpoint.updateRemote(peerRtp, peerRtp);
    }

    boolean encrypted() {
        return endpoint.encrypted();
    }

    String roomId() {
        return roomId;
    }

    String peerNode() {
        return peerNode;
    }

    int localPort() {
        return endpoint.localRtpPort();
    }

    /** No RTP from the peer for longer than {@code timeoutSeconds} (or since opening). */
    boolean idle(long nowNanos, int timeoutSeconds) {
        return nowNanos - leg.lastReceiveNanos() > TimeUnit.SECONDS.toNanos(timeoutSeconds);
    }

    /** Leaves the room, then frees the socket (the leg no longer sends on it). Idempotent. */
    @Override
    public void close() {
        leg.close();
        endpoint.close();
    }
}
