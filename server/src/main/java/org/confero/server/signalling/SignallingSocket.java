package org.confero.server.signalling;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.confero.server.chat.ChatHub;
import org.confero.server.chat.ChatMessage;
import org.confero.server.guard.SourceGuard;
import org.confero.server.rooms.Room;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One browser's signalling connection: a small state machine (connected → joined → closed) that validates every
 * message, enforces the limits and forwards to the media side. Nothing a client sends escapes as an exception.
 */
public final class SignallingSocket implements Session.Listener.AutoDemanding, SignallingPeer {
    private static final Logger LOG = LoggerFactory.getLogger(SignallingSocket.class);
    private static final int MAX_NAME_LENGTH = 64;
    /**
     * {@code layout} and {@code share} change what everyone in the room sees and are answered with a broadcast, so
     * they get a tighter budget of their own on top of the socket's message rate.
     */
    private static final int ROOM_CHANGES_PER_SECOND = 3;
    /** Chat lines go to everyone in the room: a person types far slower than this. */
    private static final int CHAT_LINES_PER_SECOND = 2;

    private enum State { CONNECTED, LOBBY, JOINED, CLOSED }

    private final SignallingEndpoint endpoint;
    private final SignallingLimits limits;
    private final RateLimiter rateLimiter;
    private final RateLimiter roomChangeLimiter;
    private final RateLimiter chatLimiter;
    private final Optional<SignedInHost> signedIn;
    private Runnable leaveLobby;
    private ChatHub.Membership chatMembership;
    private RecordingControl.Watch recordingWatch;
    private String displayName = "";
    private volatile State state = State.CONNECTED;
    private Session session;
    private Outbox outbox;
    private ScheduledFuture<?> joinTimer;
    private BrowserCall call;
    private String roomId = "-";
    private volatile String participantId = "-";
    private int failedJoins;
    private boolean callClosed;
    private boolean refusedTooLarge;
    private long lastRateLimitedReplyNanos;

    SignallingSocket(SignallingEndpoint endpoint, Optional<SignedInHost> signedIn) {
        this.endpoint = endpoint;
        this.signedIn = signedIn;
        this.limits = endpoint.limits();
        this.rateLimiter = new RateLimiter(limits.maxMessagesPerSecond(), System.nanoTime());
        this.roomChangeLimiter = new RateLimiter(ROOM_CHANGES_PER_SECOND, System.nanoTime());
        this.chatLimiter = new RateLimiter(CHAT_LINES_PER_SECOND, System.nanoTime());
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
        this.outbox = new Outbox(session, endpoint.codec());
        endpoint.socketOpened();
        joinTimer = endpoint.timers().schedule(this::joinTimedOut,
                limits.joinTimeout().toMillis(), TimeUnit.MILLISECONDS);
        LOG.debug("signalling socket open remote={}", session.getRemoteSocketAddress());
    }

    @Override
    public void onWebSocketText(String text) {
        if (state == State.CLOSED) {
            return;
        }
        if (tooLarge(text)) {
            refusedTooLarge = true;
            ServerMessage error = error(ErrorCode.TOO_LARGE, "message larger than " + limits.maxMessageBytes()
                    + " bytes");
            outbox.closeAfter(error, StatusCode.MESSAGE_TOO_LARGE, "too-large");
            return;
        }
        long now = System.nanoTime();
        if (!rateLimiter.tryAcquire(now)) {
            rateLimited(now);
            return;
        }
        try {
            MessageCodec.Decoded decoded = endpoint.codec().decode(text);
            if (decoded instanceof MessageCodec.Decoded.Ok ok) {
                synchronized (this) { // a lobby admission arrives on the meeting's thread
                    dispatch(ok.message());
                }
            } else if (decoded instanceof MessageCodec.Decoded.Failed failed) {
                outbox.reply(error(failed.code(), failed.detail()));
            }
        } catch (RuntimeException e) {
            LOG.warn("signalling internal error room={} participant={}", roomId, participantId, e);
            outbox.reply(error(ErrorCode.INTERNAL, "internal error"));
        }
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        callback.succeed();
        if (state != State.CLOSED) {
            outbox.reply(error(ErrorCode.BAD_REQUEST, "binary frames are not part of the protocol"));
        }
    }

    private void dispatch(ClientMessage message) {
        if (message instanceof ClientMessage.Ping) {
            outbox.reply(new ServerMessage.Pong());
        } else if (message instanceof ClientMessage.Join join) {
            join(join);
        } else if (message instanceof ClientMessage.Leave && state == State.LOBBY) {
            LOG.info("browser left the lobby room={} participant={}", roomId, participantId);
            outbox.byeNow("left");
        } else if (state != State.JOINED) {
            outbox.reply(error(ErrorCode.NOT_JOINED, "join a room first"));
        } else if (message instanceof ClientMessage.Offer offer) {
            offer(offer);
        } else if (message instanceof ClientMessage.Candidate candidate) {
            candidate(candidate);
        } else if (message instanceof ClientMessage.Mute mute) {
            mute(mute);
        } else if (message instanceof ClientMessage.Host control) {
            if (roomChangeAllowed()) {
                hostControl(control);
            }
        } else if (message instanceof ClientMessage.Layout layout) {
            if (call.layoutRefused()) {
                outbox.reply(error(ErrorCode.NOT_HOST, "only a host chooses the layout of this room"));
            } else if (roomChangeAllowed()) {
                LOG.info("layout requested room={} participant={} layout={}", roomId, participantId,
                        layout.layout());
                call.setLayout(layout.layout());
            }
        } else if (message instanceof ClientMessage.Share share) {
            if (roomChangeAllowed()) {
                LOG.info("screen share room={} participant={} on={}", roomId, participantId, share.on());
                call.setSharing(share.on());
            }
        } else if (message instanceof ClientMessage.Record record) {
            if (roomChangeAllowed()) {
                record(record);
            }
        } else if (message instanceof ClientMessage.Chat chat) {
            chat(chat);
        } else if (message instanceof ClientMessage.Leave) {
            LOG.info("browser left room={} participant={}", roomId, participantId);
            closeCall();
            outbox.byeNow("left");
        }
    }

    private void join(ClientMessage.Join join) {
        if (state == State.JOINED || state == State.LOBBY) {
            outbox.reply(error(ErrorCode.ALREADY_JOINED, "already in room " + roomId));
            return;
        }
        String name = cleanName(join.name());
        if (join.room() == null || name.isEmpty()) {
            outbox.reply(error(ErrorCode.BAD_REQUEST, "join needs a room and a name"));
            return;
        }
        if (!endpoint.acceptingJoins()) {
            outbox.reply(error(ErrorCode.SERVER_DRAINING, "this server is draining; try again shortly"));
            return;
        }
        if (!Room.isValidId(join.room())) {
            outbox.reply(error(ErrorCode.ROOM_NOT_FOUND, "no such room"));
            return;
        }
        Optional<String> pin = Optional.ofNullable(join.pin()).map(String::strip).filter(p -> !p.isEmpty());
        Optional<String> hostPin = Optional.ofNullable(join.hostPin()).map(String::strip).filter(p -> !p.isEmpty());
        if (!guardAdmits(join.room(), pin.isPresent() || hostPin.isPresent())) {
            return;
        }
        try {
            JoinOutcome outcome = endpoint.calls().join(new JoinRequest(join.room(), name, pin, hostPin, signedIn),
                    this);
            roomId = join.room();
            displayName = name;
            joinTimer.cancel(false);
            if (outcome instanceof JoinOutcome.InRoom in) {
                enterRoom(in.call(), in.host());
            } else if (outcome instanceof JoinOutcome.InLobby lobby) {
                participantId = lobby.participantId();
                leaveLobby = lobby.leave();
                state = State.LOBBY;
                LOG.info("browser waits in the lobby room={} participant={}", roomId, participantId);
                outbox.reply(new ServerMessage.Lobby(participantId, roomId, name,
                        lobby.opensAt().map(Object::toString).orElse(null)));
            }
        } catch (CallRejectedException e) {
            failedJoins++;
            roomId = join.room();
            outbox.discardHeld();
            outbox.reply(error(e.code(), e.getMessage()));
            if (e.code() == ErrorCode.WRONG_PIN && endpoint.guards().pins().failed(source(), join.room())) {
                outbox.byeNow("banned");
                return;
            }
            if (failedJoins >= limits.maxJoinAttempts()) {
                outbox.byeNow("too-many-attempts");
            }
        }
    }

    private void enterRoom(BrowserCall joined, boolean host) {
        call = joined;
        participantId = joined.participantId();
        state = State.JOINED;
        leaveLobby = null;
        chatMembership = endpoint.chat().join(roomId, this::deliverChat);
        recordingWatch = endpoint.recordings().watch(roomId, on -> outbox.push(new ServerMessage.Recording(on)));
        LOG.info("browser joined room={} participant={} host={} remote={}", roomId, participantId, host,
                session.getRemoteSocketAddress());
        outbox.openWith(new ServerMessage.Joined(participantId, roomId, displayName,
                endpoint.iceServers().forParticipant(participantId), endpoint.iceServers().transportPolicy(),
                joined.roster(), endpoint.recordings().mayControl(roomId, participantId), host));
    }

    /** A participant a host muted may not unmute itself until the host allows it. */
    private void mute(ClientMessage.Mute mute) {
        if (!mute.audio() && !call.mayUnmute()) {
            call.setMuted(true, mute.video());
            outbox.reply(error(ErrorCode.NOT_ALLOWED, "a host muted you; you may unmute when the host allows it"));
            return;
        }
        call.setMuted(mute.audio(), mute.video());
    }

    private void hostControl(ClientMessage.Host control) {
        HostControl result = call.control(control);
        LOG.info("host control {} room={} participant={} target={}: {}", control.action(), roomId, participantId,
                control.participantId(), result);
        if (result == HostControl.NOT_HOST) {
            outbox.reply(error(ErrorCode.NOT_HOST, "only a host of the meeting may " + control.action()));
        } else if (result == HostControl.NO_SUCH_PARTICIPANT) {
            outbox.reply(error(ErrorCode.BAD_REQUEST, "no participant " + control.participantId() + " here"));
        }
    }

    /**
     * The guards a join passes first: the source's join rate and ban (shared with SIP), then, for a PIN, the
     * room's PIN budget. A banned source is told and disconnected; the others get {@code rate-limited}.
     */
    private boolean guardAdmits(String room, boolean withPin) {
        SourceGuard.Verdict verdict = endpoint.guards().sources().check(source(), SourceGuard.Kind.WS_JOIN);
        if (verdict == SourceGuard.Verdict.BANNED) {
            endpoint.countError(ErrorCode.RATE_LIMITED);
            outbox.closeAfter(new ServerMessage.Error(ErrorCode.RATE_LIMITED.wire(), "too many attempts, try later"),
                    StatusCode.POLICY_VIOLATION, "banned");
            return false;
        }
        if (verdict == SourceGuard.Verdict.LIMITED) {
            rateLimited(System.nanoTime());
            return false;
        }
        if (withPin && !endpoint.guards().pins().attemptAllowed(room)) {
            outbox.reply(error(ErrorCode.RATE_LIMITED, "too many PIN attempts for this room, try again shortly"));
            return false;
        }
        return true;
    }

    /** The browser's IP address, what per-source limits count by. */
    private String source() {
        if (session != null && session.getRemoteSocketAddress() instanceof java.net.InetSocketAddress a
                && a.getAddress() != null) {
            return a.getAddress().getHostAddress();
        }
        return "unknown";
    }

    private void offer(ClientMessage.Offer offer) {
        if (offer.sdp() == null || offer.sdp().isBlank()) {
            outbox.reply(error(ErrorCode.BAD_SDP, "offer without SDP"));
            return;
        }
        try {
            outbox.reply(new ServerMessage.Answer(call.answer(offer.sdp())));
        } catch (CallRejectedException e) {
            outbox.reply(error(e.code(), e.getMessage()));
        }
    }

    private void candidate(ClientMessage.Candidate c) {
        if (c.candidate() == null || c.candidate().isEmpty()) {
            call.endOfCandidates();
        } else if (c.sdpMLineIndex() == null || c.sdpMLineIndex() < 0) {
            outbox.reply(error(ErrorCode.BAD_REQUEST, "candidate needs sdpMLineIndex"));
        } else {
            call.addRemoteCandidate(c.candidate(), c.sdpMid(), c.sdpMLineIndex());
        }
    }

    /** Host roles will narrow who may do this; the policy behind {@link RecordingControl} decides today. */
    private void record(ClientMessage.Record record) {
        RecordingControl.Result result = endpoint.recordings().request(roomId, participantId, record.start());
        LOG.info("recording {} requested room={} participant={}: {}", record.action(), roomId, participantId, result);
        if (result == RecordingControl.Result.NOT_ALLOWED) {
            outbox.reply(error(ErrorCode.NOT_ALLOWED, "recording is not allowed in this room"));
        } else if (result == RecordingControl.Result.FAILED) {
            outbox.reply(error(ErrorCode.INTERNAL, "recording could not start"));
        }
    }

    private void chat(ClientMessage.Chat chat) {
        long now = System.nanoTime();
        if (!chatLimiter.tryAcquire(now)) {
            rateLimited(now);
            return;
        }
        Optional<ChatHub.Refusal> refusal = ChatHub.check(chat.text());
        if (refusal.isPresent()) {
            outbox.reply(error(ErrorCode.BAD_REQUEST, refusal.get() == ChatHub.Refusal.EMPTY ? "empty chat text"
                    : "chat text longer than " + ChatHub.MAX_TEXT_CHARS + " characters"));
            return;
        }
        endpoint.chat().post(roomId, participantId, displayName, chat.text());
    }

    private void deliverChat(ChatMessage message) {
        outbox.push(new ServerMessage.Chat(message.senderId(), message.senderName(), message.text(),
                message.timestampMillis()));
    }

    private boolean roomChangeAllowed() {
        long now = System.nanoTime();
        if (roomChangeLimiter.tryAcquire(now)) {
            return true;
        }
        rateLimited(now);
        return false;
    }

    private void rateLimited(long now) {
        endpoint.countError(ErrorCode.RATE_LIMITED);
        // One reply per second at most: a flood must not turn into a flood of error replies.
        if (now - lastRateLimitedReplyNanos > 1_000_000_000L) {
            lastRateLimitedReplyNanos = now;
            endpoint.errorLog().warn(System.currentTimeMillis(), "signalling rate-limited room={} participant={} remote={}",
                    roomId, participantId, session.getRemoteSocketAddress());
            outbox.reply(new ServerMessage.Error(ErrorCode.RATE_LIMITED.wire(), "too many messages"));
        }
    }

    private void joinTimedOut() {
        if (state == State.CONNECTED) {
            LOG.info("signalling socket closed: no join within {} remote={}", limits.joinTimeout(),
                    session.getRemoteSocketAddress());
            outbox.byeNow("join-timeout");
        }
    }

    /** Counts and logs an error, and returns the message that tells the browser. */
    private ServerMessage error(ErrorCode code, String message) {
        endpoint.countError(code);
        endpoint.errorLog().warn(System.currentTimeMillis(), "signalling error {} room={} participant={}: {}",
                code.wire(), roomId, participantId, message);
        return new ServerMessage.Error(code.wire(), message);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        if (state == State.CLOSED) {
            return;
        }
        State was;
        Runnable lobby;
        synchronized (this) {
            was = state;
            state = State.CLOSED;
            lobby = leaveLobby;
            leaveLobby = null;
        }
        if (lobby != null) {
            lobby.run();
        }
        if (statusCode == StatusCode.MESSAGE_TOO_LARGE && !refusedTooLarge) {
            // Far over the limit: the WebSocket layer refused it before we saw it (RFC 6455 §7.4.1, 1009).
            endpoint.countError(ErrorCode.TOO_LARGE);
            LOG.info("signalling error too-large room={} participant={}: closed by the WebSocket layer", roomId,
                    participantId);
        }
        if (joinTimer != null) {
            joinTimer.cancel(false);
        }
        endpoint.socketClosed();
        if (was == State.JOINED) {
            closeCall();
            LOG.info("browser disconnected room={} participant={} status={}", roomId, participantId, statusCode);
        }
    }

    private void closeCall() {
        synchronized (this) {
            if (callClosed) {
                return;
            }
            callClosed = true;
        }
        if (chatMembership != null) {
            chatMembership.close();
        }
        if (recordingWatch != null) {
            recordingWatch.close();
        }
        try {
            call.close();
        } catch (RuntimeException e) {
            LOG.warn("closing call failed room={} participant={}", roomId, participantId, e);
        }
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("signalling socket error room={} participant={}: {}", roomId, participantId, cause.toString());
    }

    // SignallingPeer: called by the media side from any thread.

    @Override
    public void sendCandidate(String candidate, String sdpMid, int mLineIndex) {
        outbox.push(new ServerMessage.Candidate(candidate == null ? "" : candidate, sdpMid, mLineIndex));
    }

    @Override
    public void sendRoster(List<RosterEntry> roster) {
        outbox.push(new ServerMessage.Participants(List.copyOf(roster)));
    }

    @Override
    public void sendSpeaking(String speakerId) {
        outbox.push(new ServerMessage.Speaking(speakerId));
    }

    @Override
    public void sendLayout(String layout) {
        outbox.push(new ServerMessage.Layout(layout));
    }

    @Override
    public void disconnect(String reason) {
        LOG.info("media side disconnects room={} participant={} reason={}", roomId, participantId, reason);
        outbox.bye(reason);
    }

    @Override
    public synchronized void admittedFromLobby(BrowserCall admitted, boolean host) {
        if (state != State.LOBBY) {
            admitted.close(); // the browser went away while the host admitted it
            return;
        }
        enterRoom(admitted, host);
    }

    @Override
    public void deniedFromLobby() {
        LOG.info("browser denied from the lobby room={} participant={}", roomId, participantId);
        outbox.bye("denied");
    }

    @Override
    public void sendHostMute(boolean muted) {
        outbox.push(new ServerMessage.HostMute(muted));
    }

    @Override
    public void sendMeeting(ServerMessage.Meeting meeting) {
        outbox.push(meeting);
    }

    /** Display names: trimmed, control characters removed, at most 64 characters. */
    static String cleanName(String raw) {
        if (raw == null) {
            return "";
        }
        String name = raw.replaceAll("\\p{Cntrl}", "").strip();
        return name.length() > MAX_NAME_LENGTH ? name.substring(0, MAX_NAME_LENGTH).strip() : name;
    }

    private boolean tooLarge(String text) {
        int max = limits.maxMessageBytes();
        // A UTF-16 char is at most 3 UTF-8 bytes (surrogate pairs: 4 bytes for 2 chars): skip encoding when sure.
        if ((long) text.length() * 3 <= max) {
            return false;
        }
        return text.length() > max || text.getBytes(StandardCharsets.UTF_8).length > max;
    }
}
