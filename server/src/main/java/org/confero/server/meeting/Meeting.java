package org.confero.server.meeting;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.confero.server.conference.ParticipantKind;
import org.confero.server.rooms.Room;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live state of one room's meeting, the same for browsers and phones: who is present and who is a host, who
 * waits in the lobby, the lock, the end, and the hosts' mutes. It decides who may enter ({@link #decide}) and
 * carries out the hosts' controls by telling each transport ({@link MemberControl}, {@link LobbyListener}).
 *
 * <p>Thread-safe. Listeners and controls are called on the registry's event thread, in order, never under this
 * meeting's lock, so a transport may call back into the meeting from them.
 */
public final class Meeting {
    private static final Logger LOG = LoggerFactory.getLogger(Meeting.class);

    private record Member(String id, String name, ParticipantKind kind, Role role, MemberControl control) {}

    private record Waiter(LobbyEntry entry, LobbyListener listener) {}

    private final String roomId;
    private final Clock clock;
    private final Duration grace;
    private final Duration waitHorizon;
    private final Executor events;
    private final ScheduledExecutorService timer;
    private final Map<String, Member> members = new LinkedHashMap<>();
    private final Map<String, Waiter> lobby = new LinkedHashMap<>();
    private final Set<String> hostMuted = new HashSet<>();
    private Room room;
    private Boolean lockedNow; // null: as stored in the room
    private boolean ended;
    private ScheduledFuture<?> opening;
    private Instant lastActive;

    Meeting(Room room, Clock clock, Duration grace, Duration waitHorizon, Executor events,
            ScheduledExecutorService timer) {
        this.roomId = room.id();
        this.room = room;
        this.clock = clock;
        this.grace = grace;
        this.waitHorizon = waitHorizon;
        this.events = events;
        this.timer = timer;
        this.lastActive = clock.instant();
    }

    public String roomId() {
        return roomId;
    }

    /** A fresher copy of the room (its lock or schedule changed in storage). */
    synchronized void update(Room fresh) {
        if (fresh.id().equals(roomId)) {
            room = fresh;
        }
    }

    /**
     * The joining rules. Hosts always enter unless the room is full. Participants: refused when the meeting was
     * ended, or its occurrence is over with no host present ({@code ENDED}), or the room is locked ({@code LOCKED});
     * before the occurrence opens (its start minus the grace) with no host present they wait in the lobby for the
     * opening, or are refused ({@code NOT_STARTED}) when it is further away than the wait horizon; in a room with a
     * lobby they wait for a host; otherwise they enter.
     */
    public synchronized JoinDecision decide(Role role, Instant now) {
        if (members.size() >= room.maxParticipants()) {
            return new JoinDecision.Refuse(RefusalReason.FULL);
        }
        if (role == Role.HOST) {
            return new JoinDecision.Admit();
        }
        boolean hostPresent = hostPresent();
        if (ended || (!hostPresent && scheduleOver(now))) {
            return new JoinDecision.Refuse(RefusalReason.ENDED);
        }
        if (locked()) {
            return new JoinDecision.Refuse(RefusalReason.LOCKED);
        }
        Optional<Instant> opens = hostPresent ? Optional.empty() : opensAfter(now);
        if (opens.isPresent()) {
            if (Duration.between(now, opens.get()).compareTo(waitHorizon) > 0) {
                return new JoinDecision.Refuse(RefusalReason.NOT_STARTED, opens);
            }
            return new JoinDecision.WaitInLobby(opens);
        }
        return room.lobby() ? new JoinDecision.WaitInLobby(Optional.empty()) : new JoinDecision.Admit();
    }

    /**
     * Puts a caller in the lobby (after {@link #decide} said {@link JoinDecision.WaitInLobby}). The lobby holds at
     * most as many people as the room has seats; they take none.
     *
     * @throws LobbyFullException when it is full
     */
    public LobbyTicket enterLobby(String participantId, String displayName, ParticipantKind kind,
            LobbyListener listener) {
        List<Runnable> tell;
        synchronized (this) {
            if (lobby.size() >= room.maxParticipants() && !lobby.containsKey(participantId)) {
                throw new LobbyFullException(roomId);
            }
            Instant now = clock.instant();
            Optional<Instant> opens = hostPresent() ? Optional.empty() : opensAfter(now);
            lobby.put(participantId, new Waiter(new LobbyEntry(participantId, displayName, kind, opens), listener));
            opens.ifPresent(this::scheduleOpening);
            lastActive = now;
            LOG.info("room {} participant {} waits in the lobby{}", roomId, participantId,
                    opens.map(at -> " until " + at).orElse(" for a host"));
            tell = viewToHosts();
        }
        run(tell);
        return new LobbyTicket() {
            @Override
            public String participantId() {
                return participantId;
            }

            @Override
            public void leave() {
                leaveLobby(participantId, listener);
            }
        };
    }

    /**
     * Someone enters the meeting (admitted by {@link #decide}, or out of the lobby). A host's arrival starts an
     * ended meeting again and, in a room without a lobby, lets in those who waited for the start.
     */
    public Membership join(String participantId, String displayName, ParticipantKind kind, Role role,
            MemberControl control) {
        List<Runnable> tell = new ArrayList<>();
        Member member = new Member(participantId, displayName, kind, role, control);
        synchronized (this) {
            members.put(participantId, member);
            lastActive = clock.instant();
            if (role == Role.HOST) {
                ended = false;
                if (!room.lobby()) {
                    admitAllLocked(tell);
                }
            }
            LOG.info("room {} participant {} joined as {}", roomId, participantId,
                    role == Role.HOST ? "host" : "participant");
            tell.addAll(viewToHosts());
        }
        run(tell);
        return new Membership() {
            @Override
            public String participantId() {
                return participantId;
            }

            @Override
            public Role role() {
                return role;
            }

            @Override
            public boolean mayUnmute() {
                return Meeting.this.mayUnmute(participantId);
            }

            @Override
            public void leave() {
                leaveMeeting(member);
            }
        };
    }

    /** Lets a lobby waiter in; false when nobody by that id waits. */
    public boolean admit(String participantId) {
        List<Runnable> tell = new ArrayList<>();
        synchronized (this) {
            Waiter w = lobby.remove(participantId);
            if (w == null) {
                return false;
            }
            LOG.info("room {} participant {} admitted from the lobby", roomId, participantId);
            tell.add(w.listener()::admitted);
            tell.addAll(viewToHosts());
        }
        run(tell);
        return true;
    }

    /** Sends a lobby waiter away; false when nobody by that id waits. */
    public boolean deny(String participantId) {
        List<Runnable> tell = new ArrayList<>();
        synchronized (this) {
            Waiter w = lobby.remove(participantId);
            if (w == null) {
                return false;
            }
            LOG.info("room {} participant {} denied from the lobby", roomId, participantId);
            tell.add(w.listener()::denied);
            tell.addAll(viewToHosts());
        }
        run(tell);
        return true;
    }

    /** A host mutes one participant; false when it is not present. */
    public boolean mute(String participantId) {
        return setHostMute(participantId, true);
    }

    /** A host allows a muted participant to unmute again; false when it is not present. */
    public boolean allowUnmute(String participantId) {
        return setHostMute(participantId, false);
    }

    /** A host mutes every participant who is not a host; returns how many. */
    public int muteAll() {
        List<Runnable> tell = new ArrayList<>();
        int n = 0;
        synchronized (this) {
            for (Member m : members.values()) {
                if (m.role() != Role.HOST) {
                    hostMuted.add(m.id());
                    tell.add(() -> m.control().hostMute(true));
                    n++;
                }
            }
            LOG.info("room {} all {} participants muted by a host", roomId, n);
            tell.addAll(viewToHosts());
        }
        run(tell);
        return n;
    }

    /** A host removes a participant (present or waiting); false when there is none by that id. */
    public boolean remove(String participantId) {
        List<Runnable> tell = new ArrayList<>();
        synchronized (this) {
            Member m = members.remove(participantId);
            Waiter w = lobby.remove(participantId);
            if (m == null && w == null) {
                return false;
            }
            hostMuted.remove(participantId);
            if (m != null) {
                tell.add(() -> m.control().depart(Departure.REMOVED));
            }
            if (w != null) {
                tell.add(w.listener()::denied);
            }
            LOG.info("room {} participant {} removed by a host", roomId, participantId);
            tell.addAll(viewToHosts());
        }
        run(tell);
        return true;
    }

    /** A host locks (nobody but hosts enters) or unlocks the room for this meeting. */
    public void lock(boolean locked) {
        List<Runnable> tell;
        synchronized (this) {
            lockedNow = locked;
            LOG.info("room {} {} by a host", roomId, locked ? "locked" : "unlocked");
            tell = viewToHosts();
        }
        run(tell);
    }

    /** A host ends the meeting: everyone present and waiting leaves; participants arriving later are refused. */
    public void end() {
        List<Runnable> tell = new ArrayList<>();
        synchronized (this) {
            ended = true;
            for (Member m : members.values()) {
                tell.add(() -> m.control().depart(Departure.ENDED));
            }
            for (Waiter w : lobby.values()) {
                tell.add(w.listener()::denied);
            }
            members.clear();
            lobby.clear();
            hostMuted.clear();
            cancelOpening();
            LOG.info("room {} meeting ended by a host", roomId);
        }
        run(tell);
    }

    public synchronized boolean isHost(String participantId) {
        Member m = members.get(participantId);
        return m != null && m.role() == Role.HOST;
    }

    public synchronized boolean mayUnmute(String participantId) {
        return !hostMuted.contains(participantId);
    }

    public synchronized boolean locked() {
        return lockedNow != null ? lockedNow : room.locked();
    }

    public synchronized boolean ended() {
        return ended;
    }

    public synchronized MeetingView view() {
        Set<String> hosts = new HashSet<>();
        for (Member m : members.values()) {
            if (m.role() == Role.HOST) {
                hosts.add(m.id());
            }
        }
        List<LobbyEntry> waiting = new ArrayList<>(lobby.size());
        for (Waiter w : lobby.values()) {
            waiting.add(w.entry());
        }
        return new MeetingView(roomId, locked(), ended, waiting, hosts, hostMuted);
    }

    /** Nobody present or waiting since before {@code cutoff}, and not ended: the registry may forget it. */
    synchronized boolean idleSince(Instant cutoff) {
        return members.isEmpty() && lobby.isEmpty() && lastActive.isBefore(cutoff);
    }

    private boolean setHostMute(String participantId, boolean muted) {
        List<Runnable> tell = new ArrayList<>();
        synchronized (this) {
            Member m = members.get(participantId);
            if (m == null) {
                return false;
            }
            if (muted) {
                hostMuted.add(participantId);
            } else {
                hostMuted.remove(participantId);
            }
            LOG.info("room {} participant {} {} by a host", roomId, participantId,
                    muted ? "muted" : "allowed to unmute");
            tell.add(() -> m.control().hostMute(muted));
            tell.addAll(viewToHosts());
        }
        run(tell);
        return true;
    }

    private void leaveLobby(String participantId, LobbyListener listener) {
        List<Runnable> tell;
        synchronized (this) {
            Waiter w = lobby.get(participantId);
            if (w == null || w.listener() != listener) {
                return;
            }
            lobby.remove(participantId);
            lastActive = clock.instant();
            LOG.info("room {} participant {} left the lobby", roomId, participantId);
            tell = viewToHosts();
        }
        run(tell);
    }

    private void leaveMeeting(Member member) {
        List<Runnable> tell;
        synchronized (this) {
            if (!members.remove(member.id(), member)) {
                return;
            }
            hostMuted.remove(member.id());
            lastActive = clock.instant();
            LOG.info("room {} participant {} left the meeting", roomId, member.id());
            tell = viewToHosts();
        }
        run(tell);
    }

    /** The opening came: in a room without a lobby those who waited for it enter. */
    private void opened() {
        List<Runnable> tell = new ArrayList<>();
        synchronized (this) {
            opening = null;
            if (!room.lobby() && opensAfter(clock.instant()).isEmpty()) {
                admitAllLocked(tell);
            } else if (!lobby.isEmpty()) {
                opensAfter(clock.instant()).ifPresent(this::scheduleOpening);
            }
            tell.addAll(viewToHosts());
        }
        run(tell);
    }

    private void admitAllLocked(List<Runnable> tell) {
        for (Waiter w : lobby.values()) {
            LOG.info("room {} participant {} enters as the meeting opens", roomId, w.entry().participantId());
            tell.add(w.listener()::admitted);
        }
        lobby.clear();
        cancelOpening();
    }

    private void scheduleOpening(Instant at) {
        if (opening != null) {
            return;
        }
        long delayMillis = Math.max(0, Duration.between(clock.instant(), at).toMillis());
        opening = timer.schedule(this::opened, delayMillis, TimeUnit.MILLISECONDS);
    }

    private void cancelOpening() {
        if (opening != null) {
            opening.cancel(false);
            opening = null;
        }
    }

    private boolean hostPresent() {
        for (Member m : members.values()) {
            if (m.role() == Role.HOST) {
                return true;
            }
        }
        return false;
    }

    private boolean scheduleOver(Instant now) {
        return room.occurrence().map(o -> !now.isBefore(o.end().plus(grace))).orElse(false);
    }

    /** The opening instant when the occurrence has not opened yet at {@code now}. */
    private Optional<Instant> opensAfter(Instant now) {
        return room.occurrence().map(o -> o.start().minus(grace)).filter(now::isBefore);
    }

    private List<Runnable> viewToHosts() {
        List<Runnable> tell = new ArrayList<>();
        MeetingView view = view();
        for (Member m : members.values()) {
            if (m.role() == Role.HOST) {
                tell.add(() -> m.control().meetingChanged(view));
            }
        }
        return tell;
    }

    private void run(List<Runnable> tell) {
        for (Runnable r : tell) {
            try {
                events.execute(() -> {
                    try {
                        r.run();
                    } catch (RuntimeException e) {
                        LOG.warn("room {} meeting event failed: {}", roomId, e.toString());
                    }
                });
            } catch (RejectedExecutionException e) {
                return; // the server is stopping; every call ends anyway
            }
        }
    }
}
