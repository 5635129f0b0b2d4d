package org.confero.server.sip;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.confero.server.sdp.AudioSelection;
import org.confero.server.sdp.VideoSelection;
import org.confero.server.transport.MediaEndpoint;
import org.confero.server.transport.UdpMediaTransport;

/** Opens a call's media sockets, one endpoint per accepted m-line; all or nothing, so a failure leaks no port. */
final class CallSockets {
    /** The sockets of a call's two m-lines. */
    record Opened(MediaEndpoint audio, Optional<MediaEndpoint> video) {}

    private CallSockets() {}

    /** Audio aimed at the offer's address, and video when one was chosen. */
    static Opened open(UdpMediaTransport transport, AudioSelection audio, Optional<VideoSelection> video)
            throws IOException {
        MediaEndpoint a = transport.open(remoteRtp(audio.remoteAddress(), audio.remoteRtpPort()).orElse(null),
                remoteRtp(audio.remoteAddress(), audio.remoteRtcpPort()).orElse(null), audio.rtcpMux());
        if (video.isEmpty()) {
            return new Opened(a, Optional.empty());
        }
        try {
            return new Opened(a, Optional.of(openVideo(transport, video.get())));
        } catch (IOException | RuntimeException e) {
            a.close();
            throw e;
        }
    }

    /** Both m-lines of our own offer (delayed offer): no remote address until the answer, RTCP on its own port. */
    static Opened openForOffer(UdpMediaTransport transport) throws IOException {
        MediaEndpoint a = transport.open(null, null, false);
        try {
            return new Opened(a, Optional.of(transport.open(null, null, false)));
        } catch (IOException | RuntimeException e) {
            a.close();
            throw e;
        }
    }

    static MediaEndpoint openVideo(UdpMediaTransport transport, VideoSelection v) throws IOException {
        return transport.open(remoteRtp(v.remoteAddress(), v.remoteRtpPort()).orElse(null),
                remoteRtp(v.remoteAddress(), v.remoteRtcpPort()).orElse(null), v.rtcpMux());
    }

    /** Re-aims an endpoint at a new offer's or answer's address (RFC 3264 §8.3.1). */
    static void aim(MediaEndpoint endpoint, AudioSelection a) {
        endpoint.updateRemote(remoteRtp(a.remoteAddress(), a.remoteRtpPort()).orElse(null),
                remoteRtp(a.remoteAddress(), a.remoteRtcpPort()).orElse(null));
    }

    static void aim(MediaEndpoint endpoint, VideoSelection v) {
        endpoint.updateRemote(remoteRtp(v.remoteAddress(), v.remoteRtpPort()).orElse(null),
                remoteRtp(v.remoteAddress(), v.remoteRtcpPort()).orElse(null));
    }

    static Optional<InetSocketAddress> remoteRtp(Optional<String> address, int port) {
        return address.filter(a -> port > 0).map(a -> address(a, port));
    }

    /** Only IP literals are used as they are; a host name is never resolved on a SIP thread (sends then fail). */
    private static InetSocketAddress address(String host, int port) {
        boolean literal = host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        return literal ? new InetSocketAddress(host, port) : InetSocketAddress.createUnresolved(host, port);
    }
}
