package org.confero.server.browser;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.confero.server.conference.ConferenceMedia;
import org.confero.server.conference.RosterMember;
import org.confero.server.metrics.Metrics;
import org.confero.server.rooms.Room;
import org.confero.server.signalling.BrowserCall;
import org.confero.server.signalling.BrowserCalls;
import org.confero.server.signalling.CallRejectedException;
import org.confero.server.signalling.ErrorCode;
import org.confero.server.signalling.RosterEntry;
import org.confero.server.signalling.SignallingPeer;
import org.confero.server.webrtc.WebRtcAnswerer;
import org.confero.server.webrtc.WebRtcGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits browsers to rooms: checks the room and its PIN, then gives each browser a {@link WebRtcBrowserCall} that
 * joins its WebRTC session's audio to the room's mixer once its offer is answered.
 */
public final class BrowserCallService implements BrowserCalls, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BrowserCallService.class);

    private final ConferenceMedia conference;
    private final WebRtcGateway gateway;
    private final WebRtcAnswerer answerer = new WebRtcAnswerer();
    private final Map<String, WebRtcBrowserCall> calls = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final Metrics.Counter joins;
    private final Metrics.Counter wrongPins;

    public BrowserCallService(ConferenceMedia conference, WebRtcGateway gateway, Metrics metrics) {
        this.conference = conference;
        this.gateway = gateway;
        this.joins = metrics.counter("confero_browser_joins_total", "browsers admitted to a room");
        this.wrongPins = metrics.counter("confero_browser_wrong_pin_total", "browser joins refused for a wrong PIN");
        metrics.gauge("confero_browser_calls", "browsers in rooms", calls::size);
    }

    @Override
    public BrowserCall join(String roomId, String displayName, Optional<String> pin, SignallingPeer peer)
            throws CallRejectedException {
        Room room = conference.findRoom(roomId)
                .orElseThrow(() -> new CallRejectedException(ErrorCode.ROOM_NOT_FOUND, "no room " + roomId));
        if (room.pin().isPresent() && !pinMatches(room.pin().get(), pin.orElse(""))) {
            wrongPins.increment();
            throw new CallRejectedException(ErrorCode.WRONG_PIN, "wrong PIN for room " + roomId);
        }
        if (conference.seatedCount(roomId) >= room.maxParticipants()) {
            throw new CallRejectedException(ErrorCode.ROOM_FULL, "room " + roomId + " is full");
        }
        String participantId = "web-" + sequence.incrementAndGet();
        WebRtcBrowserCall call = new WebRtcBrowserCall(this, room.id(), participantId, displayName, peer);
        calls.put(participantId, call);
        joins.increment();
        LOG.info("room {} participant {} admitted from a browser", roomId, participantId);
        peer.sendLayout(conference.layout(room.id())); // held back by the socket until "joined" has gone out
        return call;
    }

    /** Constant-time comparison: a PIN must not leak through response timing. */
    private static boolean pinMatches(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    ConferenceMedia conference() {
        return conference;
    }

    WebRtcGateway gateway() {
        return gateway;
    }

    WebRtcAnswerer answerer() {
        return answerer;
    }

    void ended(WebRtcBrowserCall call) {
        calls.remove(call.participantId(), call);
    }

    /** The room's roster as browsers show it: the conference's members with each browser's camera state. */
    List<RosterEntry> roster(String roomId) {
        return toEntries(conference.roster(roomId));
    }

    List<RosterEntry> toEntries(List<RosterMember> members) {
        return members.stream().map(m -> {
            WebRtcBrowserCall browser = calls.get(m.id());
            boolean videoMuted = browser == null || browser.videoMuted();
            return new RosterEntry(m.id(), m.displayName(),
                    m.kind() == org.confero.server.conference.ParticipantKind.BROWSER ? RosterEntry.Kind.BROWSER
                            : RosterEntry.Kind.SIP, m.audioMuted(), videoMuted, m.speaking());
        }).toList();
    }

    /** Tells every browser in the room about a change the conference does not see (a camera switched). */
    void pushRoster(String roomId) {
        List<RosterEntry> roster = roster(roomId);
        for (WebRtcBrowserCall call : calls.values()) {
            if (call.roomId().equals(roomId)) {
                call.peer().sendRoster(roster);
            }
        }
    }

    public int browserCount() {
        return calls.size();
    }

    /** Ends every browser call (server shutdown). */
    @Override
    public void close() {
        for (WebRtcBrowserCall call : List.copyOf(calls.values())) {
            call.peer().disconnect("server-shutdown");
            call.close();
        }
    }
}
