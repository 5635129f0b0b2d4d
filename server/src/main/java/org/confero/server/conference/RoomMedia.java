package org.confero.server.conference;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.confero.mixer.audio.AudioMixer;
import org.confero.mixer.audio.MixClock;
import org.confero.mixer.audio.MixerConfig;

/**
 * One room's media: its audio mixer ticking on the shared clock and the legs in it. A leg's decoder is freed
 * only between ticks, so a tick never reads a closed native context.
 */
final class RoomMedia {
    private final String roomId;
    private final AudioMixer mixer;
    private final RoomVideo video;
    private final MixClock.Registration registration;
    private final Map<String, MixerLeg> legs = new java.util.LinkedHashMap<>();
    private final List<MixerLeg> toRelease = new ArrayList<>();
    private final ReentrantLock tickLock = new ReentrantLock();
    private boolean closed;

    RoomMedia(String roomId, MixerConfig config, MixClock clock, RoomVideo video) {
        this.roomId = roomId;
        this.mixer = new AudioMixer(roomId, config);
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

    synchronized List<MixerLeg> legs() {
        return List.copyOf(legs.values());
    }

    void add(MixerLeg leg) {
        synchronized (this) {
            legs.put(leg.participantId(), leg);
        }
        leg.attach(mixer.add(leg.participantId(), leg.sendCodec(), leg.receivePath(), leg.sendPath()));
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

    /** Called once the leg has left the mixer: its decoder is freed after the current tick. */
    void left(MixerLeg leg) {
        synchronized (this) {
            legs.remove(leg.participantId(), leg);
        }
        video.removeParticipant(leg.participantId());
        tickLock.lock();
        try {
            if (closed) {
                leg.release();
            } else {
                toRelease.add(leg);
            }
        } finally {
            tickLock.unlock();
        }
    }

    private void tick() {
        tickLock.lock();
        try {
            if (closed) {
                return;
            }
            mixer.tick();
            releaseLeft();
        } finally {
            tickLock.unlock();
        }
    }

    private void releaseLeft() {
        for (MixerLeg leg : toRelease) {
            leg.release();
        }
        toRelease.clear();
    }

    /** Stops ticking and frees the mixer; waits for a tick in progress. */
    void close() {
        registration.close();
        tickLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            releaseLeft();
            mixer.close();
            video.close();
        } finally {
            tickLock.unlock();
        }
    }
}
