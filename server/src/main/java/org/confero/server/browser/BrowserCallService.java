package org.confero.server.browser;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.confero.server.conference.ConferenceMedia;
import org.confero.server.conference.ParticipantKind;
import org.confero.server.conference.RosterMember;
import org.confero.server.meeting.JoinDecision;
import org.confero.server.meeting.LobbyFullException;
import org.confero.server.meeting.LobbyListener;
import org.confero.server.meeting.LobbyTicket;
import org.confero.server.meeting.Meeting;
import org.confero.server.meeting.MeetingRegistry;
import org.confero.server.meeting.Role;
import org.confero.server.metrics.Metrics;
import org.confero.server.rooms.Room;
import org.confero.server.signalling.BrowserCall;
import org.confero.server.signalling.BrowserCalls;
import org.confero.server.signalling.CallRejectedException;
import org.confero.server.signalling.ErrorCode;
import org.confero.server.signalling.JoinOutcome;
import org.confero.server.signalling.JoinRequest;
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
    private final Metrics.Counter lobbyWaits;
    private final MeetingRegistry meetings;

    public BrowserCallService(ConferenceMedia conference, WebRtcGateway gateway, Metrics metrics) {
        this(conference, gateway, metrics, new MeetingRegistry());
    }

    /** @param meetings the server's meetings, shared with SIP: one lobby, one lock, one set of hosts per room */
    public BrowserCallService(ConferenceMedia conference, WebRtcGateway gateway, Metrics metrics,
            MeetingRegistry meetings) {
        this.meetings = meetings;
        this.conference = conference;
        this.gateway = gateway;
        this.joins = metrics.counter("confero_browser_joins_total", "browsers admitted to a room");
        this.wrongPins = metrics.counter("confero_browser_wrong_pin_total", "browser joins refused for a wrong PIN");
        this.lobbyWaits = metrics.counter("confero_browser_lobby_waits_total", "browsers that waited in a lobby");
        metrics.gauge("confero_browser_calls", "browsers in rooms", calls::size);
    }

    @Override
    public BrowserCall join(String roomId, String displayName, Optional<String> pin, SignallingPeer peer)
            throws CallRejectedException {
        JoinOutcome outcome = join(new JoinRequest(roomId, displayName, pin, Optional.empty(), Optional.empty()),
                peer);
        if (outcome instanceof JoinOutcome.InLobby lobby) {
            lobby.leave().run();
            throw new CallRejectedException(ErrorCode.NOT_ALLOWED, "room " + roomId + " has a lobby");
        }
        return ((JoinOutcome.InRoom) outcome).call();
    }

    /**
     * The meeting's rules for a browser: the role (the room's owner logged in, an admin, or the host PIN make a
     * host; participants need the room's PIN), then the meeting's decision: in, into the lobby, or refused.
     */
    @Override
    public JoinOutcome join(JoinRequest request, SignallingPeer peer) throws CallRejectedException {
        String roomId = request.roomId();
        Room room = conference.findRoom(roomId)
                .orElseThrow(() -> new CallRejectedException(ErrorCode.ROOM_NOT_FOUND, "no room " + roomId));
        Role role = role(room, request);
        Meeting meeting = meetings.meeting(room);
        Instant now = Instant.now();
        JoinDecision decision = meeting.decide(role, now);
        if (decision instanceof JoinDecision.Refuse refuse) {
            throw refusal(roomId, refuse, now);
        }
        if (decision instanceof JoinDecision.WaitInLobby wait) {
            return waitInLobby(room, meeting, request.displayName(), wait, peer);
        }
        if (conference.seatedCount(roomId) >= room.maxParticipants()) {
            throw new CallRejectedException(ErrorCode.ROOM_FULL, "room " + roomId + " is full");
        }
        String participantId = "web-" + sequence.incrementAndGet();
        return new JoinOutcome.InRoom(open(room, meeting, participantId, request.displayName(), role, peer),
                role == Role.HOST);
    }

    private Role role(Room room, JoinRequest request) throws CallRejectedException {
        if (request.signedIn().filter(h -> h.admin() || room.ownedBy(h.id())).isPresent()) {
            return Role.HOST;
        }
        if (request.hostPin().isPresent()) {
            if (room.hostPin().isPresent() && pinMatches(room.hostPin().get(), request.hostPin().get())) {
                return Role.HOST;
            }
            wrongPins.increment();
            throw new CallRejectedException(ErrorCode.WRONG_PIN, "wrong host PIN for room " + room.id());
        }
        if (room.pin().isPresent() && !pinMatches(room.pin().get(), request.pin().orElse(""))) {
            wrongPins.increment();
            throw new CallRejectedException(ErrorCode.WRONG_PIN, "wrong PIN for room " + room.id());
        }
        return Role.PARTICIPANT;
    }

    private static CallRejectedException refusal(String roomId, JoinDecision.Refuse refuse, Instant now) {
        return switch (refuse.reason()) {
            case LOCKED -> new CallRejectedException(ErrorCode.ROOM_LOCKED, "room " + roomId + " is locked");
            case ENDED -> new CallRejectedException(ErrorCode.MEETING_ENDED, "the meeting in " + roomId
                    + " has ended");
            case NOT_STARTED -> new CallRejectedException(ErrorCode.NOT_STARTED, "the meeting opens at "
                    + refuse.retryAt().map(Object::toString).orElse("a later time"));
            case FULL -> new CallRejectedException(ErrorCode.ROOM_FULL, "room " + roomId + " is full");
        };
    }

    private JoinOutcome waitInLobby(Room room, Meeting meeting, String name, JoinDecision.WaitInLobby wait,
            SignallingPeer peer) throws CallRejectedException {
        String participantId = "web-" + sequence.incrementAndGet();
        LobbyListener listener = new LobbyListener() {
            @Override
            public void admitted() {
                peer.admittedFromLobby(open(room, meeting, participantId, name, Role.PARTICIPANT, peer), false);
            }

            @Override
            public void denied() {
                peer.deniedFromLobby();
            }
        };
        try {
            LobbyTicket ticket = meeting.enterLobby(participantId, name, ParticipantKind.BROWSER, listener);
            lobbyWaits.increment();
            return new JoinOutcome.InLobby(participantId, wait.opensAt(), ticket::leave);
        } catch (LobbyFullException e) {
            throw new CallRejectedException(ErrorCode.ROOM_FULL, "the lobby of room " + room.id() + " is full");
        }
    }

    private WebRtcBrowserCall open(Room room, Meeting meeting, String participantId, String displayName, Role role,
            SignallingPeer peer) {
        WebRtcBrowserCall call = new WebRtcBrowserCall(this, room, participantId, displayName, peer, meeting);
        calls.put(participantId, call);
        joins.increment();
        LOG.info("room {} participant {} admitted from a browser as {}", room.id(), participantId,
                role == Role.HOST ? "host" : "participant");
        peer.sendLayout(conference.layout(room.id())); // held back by the socket until "joined" has gone out
        call.enterMeeting(role);
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
        return toEntries(roomId, conference.roster(roomId));
    }

    List<RosterEntry> toEntries(String roomId, List<RosterMember> members) {
        Optional<Meeting> meeting = meetings.find(roomId);
        return members.stream().map(m -> {
            WebRtcBrowserCall browser = calls.get(m.id());
            boolean host = meeting.isPresent() && meeting.get().isHost(m.id());
            boolean videoMuted = browser == null || browser.videoMuted();
            return new RosterEntry(m.id(), m.displayName(),
                    m.kind() == ParticipantKind.BROWSER ? RosterEntry.Kind.BROWSER
                            : RosterEntry.Kind.SIP, m.audioMuted(), videoMuted, m.speaking(), host);
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
