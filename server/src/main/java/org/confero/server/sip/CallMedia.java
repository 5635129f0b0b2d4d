package org.confero.server.sip;

import java.io.IOException;
import java.util.Optional;
import org.confero.server.conference.ConferenceMedia;
import org.confero.server.conference.Leg;
import org.confero.server.conference.LegRequest;
import org.confero.server.conference.LocalStreams;
import org.confero.server.conference.MediaKind;
import org.confero.server.conference.NegotiatedVideo;
import org.confero.server.conference.PacketSender;
import org.confero.server.conference.ParticipantKind;
import org.confero.server.conference.RoomFullException;
import org.confero.server.sdp.AudioSelection;
import org.confero.server.sdp.VideoSelection;
import org.confero.server.sip.focus.FocusCall;
import org.confero.server.transport.MediaEndpoint;
import org.confero.server.transport.UdpMediaTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A SIP call's place in its room: joins the leg with the call's audio and video sockets, rebuilds it for a new
 * audio codec, and adds, changes or removes its video after a re-INVITE (RFC 3264 §8). The leg stops using a
 * video socket before that socket is closed.
 */
final class CallMedia {
    private static final Logger LOG = LoggerFactory.getLogger(CallMedia.class);
    /** The video sender of a leg without video: never used, since the room builds no video for it. */
    private static final PacketSender NO_VIDEO = new PacketSender() {
        @Override
        public void sendRtp(byte[] packet, int offset, int length) {}

        @Override
        public void sendRtcp(byte[] packet, int offset, int length) {}
    };

    private final ConferenceMedia media;
    private final UdpMediaTransport transport;

    CallMedia(ConferenceMedia media, UdpMediaTransport transport) {
        this.media = media;
        this.transport = transport;
    }

    UdpMediaTransport transport() {
        return transport;
    }

    /**
     * Joins the call's leg to its room with the call's sockets; video only when the call holds a video socket.
     *
     * @param admitted false keeps the caller out of the mix (waiting for its PIN, or in the meeting's lobby)
     * @param confirmed false keeps the leg out of the room's mix until its ACK ({@link Leg#confirm()})
     */
    Leg join(FocusCall call, String displayName, AudioSelection audio, Optional<VideoSelection> video,
            boolean admitted, boolean confirmed) throws RoomFullException {
        MediaEndpoint videoEndpoint = call.videoEndpoint().orElse(null);
        Optional<VideoSelection> used = videoEndpoint == null ? Optional.empty() : video;
        Optional<NegotiatedVideo> negotiated = used.map(VideoSelection::negotiated);
        Leg leg = media.join(new LegRequest(call.roomId(), call.participantId(), displayName, ParticipantKind.SIP,
                audio.negotiated(), negotiated, LocalStreams.random(), admitted, confirmed), call.endpoint(),
                videoEndpoint != null ? videoEndpoint : NO_VIDEO, call.listener());
        call.leg(leg);
        if (!admitted && call.inMeeting()) {
            leg.admit(); // let in (a PIN keyed by INFO, a host's admit) before this leg existed
        } else if (!admitted && call.prompt() != null) {
            leg.play(call.prompt());
        }
        call.selection(audio);
        call.video(used);
        call.endpoint().attach(leg, MediaKind.AUDIO);
        if (videoEndpoint != null) {
            videoEndpoint.attach(leg, MediaKind.VIDEO);
        }
        leg.setDirection(!audio.peerHolds(), audio.offerDirection().sends());
        return leg;
    }

    /** A new audio codec: the leg is rebuilt on the same audio socket, with the offer's video (if any). */
    Optional<VideoSelection> rejoin(FocusCall call, String displayName, AudioSelection audio,
            Optional<VideoSelection> video) throws RoomFullException {
        boolean admitted = call.leg().admitted(); // a caller still in the lobby stays there
        MediaEndpoint old = call.videoEndpoint().orElse(null);
        call.leg().close();
        Optional<VideoSelection> kept = placeVideoSockets(call, video);
        closeIfReplaced(call, old);
        join(call, displayName, audio, kept, admitted, call.state() == FocusCall.State.CONFIRMED);
        return call.video();
    }

    /**
     * A re-INVITE with the same audio: video added (sockets opened), changed, re-aimed or removed (port 0 or no
     * video m-line: the leg drops its video, then the sockets close). Returns the video we answer with; empty when
     * none, or when no socket could be opened for it (the answer then rejects the m-line).
     */
    Optional<VideoSelection> updateVideo(FocusCall call, Optional<VideoSelection> next) {
        Leg leg = call.leg();
        MediaEndpoint old = call.videoEndpoint().orElse(null);
        Optional<NegotiatedVideo> before = call.video().map(VideoSelection::negotiated);
        if (next.isEmpty()) {
            if (old != null) {
                leg.setVideo(Optional.empty(), null);
                call.video(Optional.empty());
                call.videoEndpoint(null);
                old.close();
            }
            return Optional.empty();
        }
        Optional<VideoSelection> placed = placeVideoSockets(call, next);
        MediaEndpoint now = call.videoEndpoint().orElse(null);
        if (placed.isEmpty() || now == null) {
            if (old != null) {
                leg.setVideo(Optional.empty(), null);
            }
            call.video(Optional.empty());
            closeIfReplaced(call, old);
            return Optional.empty();
        }
        if (now != old) {
            now.attach(leg, MediaKind.VIDEO);
        }
        if (now != old || !before.equals(placed.map(VideoSelection::negotiated))) {
            leg.setVideo(placed.map(VideoSelection::negotiated), now);
        }
        call.video(placed);
        closeIfReplaced(call, old);
        return placed;
    }

    /**
     * Makes the call's video socket fit {@code next}: re-aimed when it can stay, else a new one opened (the
     * caller closes the old one once the leg no longer sends on it). Empty (and no video socket) when
     * {@code next} is empty or no port was free.
     */
    private Optional<VideoSelection> placeVideoSockets(FocusCall call, Optional<VideoSelection> next) {
        MediaEndpoint old = call.videoEndpoint().orElse(null);
        if (next.isPresent() && old != null && old.rtcpMux() == next.get().rtcpMux()) {
            CallSockets.aim(old, next.get());
            return next;
        }
        MediaEndpoint opened = null;
        if (next.isPresent()) {
            try {
                opened = CallSockets.openVideo(transport, next.get());
            } catch (IOException e) {
                LOG.warn("no RTP port for video room={} call={}: answering without video", call.roomId(),
                        call.callId());
            }
        }
        call.videoEndpoint(opened);
        if (call.state() == FocusCall.State.ENDED) {
            call.closeMedia(); // a BYE raced this re-INVITE: the new socket must not outlive the call
        }
        return opened == null ? Optional.empty() : next;
    }

    private static void closeIfReplaced(FocusCall call, MediaEndpoint old) {
        if (old != null && call.videoEndpoint().orElse(null) != old) {
            old.close();
        }
    }
}
