package org.confero.server.conference;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.confero.mixer.audio.AudioMixer;
import org.confero.mixer.audio.FanOutLanes;
import org.confero.mixer.audio.MixClock;
import org.confero.mixer.audio.MixerConfig;

/**
 * One room's media: its audio mixer ticking on the shared clock and the legs in it. A leg's decoder is freed
 * only between ticks, so a tick never reads a closed native context.
 *
 * <p>Signalling never waits for the tick (STYLE guideline 14): a leg that left is queued and released by the
 * next tick, and {@link #close()} hands the room's shutdown to the tick in progress when there is one. Under
 * overload a tick may run late; a BYE must not run late with it.
 */
final class RoomMedia {
    private final String roomId;
    private final AudioMixer mixer;
    private final RoomVideo video;
    private final MixClock.Registration registration;
    private final Map<String, MixerLeg> legs = new java.util.LinkedHashMap<>();
    private final Queue<MixerLeg> toRelease = new ConcurrentLinkedQueue<>();
    private final ReentrantLock tickLock = new ReentrantLock();
    private volatile boolean closing;
    private volatile boolean closed;

    RoomMedia(String roomId, MixerConfig config, MixClock clock, FanOutLanes lanes, RoomVideo video) {
        this.roomId = roomId;
        this.mixer = new AudioMixer(roomId, config, lanes);
        this.video = video;
        this.registration = clock.register(roomId, this::tick);
    }

    String roomId() {
        return roomId;
    }

    AudioMixer mixer() {
        return mixer;
    }

    /** Builds legs' video routes in this room. */
    VideoRoute.Factory videoRoutes() {
        return video;
    }

    RoomVideo video() {
        return video;
    }

    /** Every admitted participant is in the picture (initials for those without video); the lobby is not. */
    void syncTiles() {
        for (MixerLeg leg : legs()) {
            if (leg.admitted()) {
                video.participant(leg);
            }
        }
    }

    synchronized int size() {
        return legs.size();
    }

    /** Legs in the meeting ({@code admitted}) or in its lobby; walks the legs in place, copying nothing. */
    synchronized int seated(boolean admitted) {
        int n = 0;
        for (MixerLeg leg : legs.values()) {
            if (leg.admitted() == admitted) {
                n++;
            }
        }
        return n;
    }

    synchronized List<MixerLeg> legs() {
        return List.copyOf(legs.values());
    }

    /** Seats the leg; it enters the mix now when confirmed, else at {@link #enterMix} (its ACK). */
    void add(MixerLeg leg) {
        synchronized (this) {
            legs.put(leg.participantId(), leg);
        }
        if (leg.confirmed()) {
            enterMix(leg);
        }
    }

    /** The leg's encoder opens and it is mixed and sent to from the next tick on. */
    void enterMix(MixerLeg leg) {
        leg.attach(() -> mixer.add(leg.participantId(), leg.sendCodec(), leg.receivePath(), leg.sendPath()));
    }

    synchronized boolean contains(String participantId) {
        return legs.containsKey(participantId);
    }

    /** The room's participants in joining order, with who speaks now. */
    synchronized List<RosterMember> roster() {
        String speaker = mixer.activeSpeaker().orElse(null);
        List<RosterMember> members = new ArrayList<>(legs.size());
        for (MixerLeg leg : legs.values()) {
            if (!leg.admitted()) {
                continue; // in the lobby: not yet part of the meeting
            }
            members.add(new RosterMember(leg.participantId(), leg.displayName(), leg.kind(), leg.isMuted(),
                    leg.participantId().equals(speaker)));
        }
        return members;
    }

    /** Called once the leg has left the mixer: its decoder is freed after the current tick. Never blocks. */
    void left(MixerLeg leg) {
        synchronized (this) {
            legs.remove(leg.participantId(), leg);
        }
        video.removeParticipant(leg.participantId());
        toRelease.add(leg);
        if (closed) {
            releaseLeft(); // no tick reads decoders any more; each queued leg is polled (released) exactly once
        }
    }

    private void tick() {
        tickLock.lock();
        try {
            if (closed) {
                return;
            }
            if (closing) {
                closeLocked();
                return;
            }
            mixer.tick();
            releaseLeft();
        } finally {
            tickLock.unlock();
        }
        // A close() that found this tick running left the shutdown to it (see close()).
        if (closing && !closed && tickLock.tryLock()) {
            try {
                closeLocked();
            } finally {
                tickLock.unlock();
            }
        }
    }

    private void releaseLeft() {
        for (MixerLeg leg; (leg = toRelease.poll()) != null; ) {
            leg.release();
        }
    }

    /**
     * Stops ticking and frees the mixer without waiting for a tick in progress: when one runs, it finishes the
     * close itself as it ends. Called by signalling threads when the last leg leaves.
     */
    void close() {
        registration.close();
        closing = true; // written before the tryLock, so a running tick that ends next sees it
        if (tickLock.tryLock()) {
            try {
                closeLocked();
            } finally {
                tickLock.unlock();
            }
        }
    }

    /** Stops ticking and frees the mixer now, waiting for a tick in progress (server shutdown). */
    void closeAndWait() {
        registration.close();
        closing = true;
        tickLock.lock();
        try {
            closeLocked();
        } finally {
            tickLock.unlock();
        }
    }

    boolean isClosed() {
        return closed;
    }

    private void closeLocked() {
        if (closed) {
            return;
        }
        closed = true;
        releaseLeft();
        mixer.close();
        video.close();
    }
}
