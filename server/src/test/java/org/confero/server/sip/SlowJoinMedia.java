package org.confero.server.sip;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.confero.server.conference.ConferenceMedia;
import org.confero.server.conference.Leg;
import org.confero.server.conference.LegListener;
import org.confero.server.conference.LegRequest;
import org.confero.server.conference.PacketSender;
import org.confero.server.conference.RoomFullException;
import org.confero.server.conference.RoomListener;
import org.confero.server.conference.RosterMember;
import org.confero.server.rooms.Room;

/** The real media, whose room joins take {@code delay} (as a join does while a busy room's media starts). */
final class SlowJoinMedia implements ConferenceMedia {
    private final ConferenceMedia real;
    private final Duration delay;
    private final java.util.concurrent.Semaphore joinsStarted = new java.util.concurrent.Semaphore(0);

    SlowJoinMedia(ConferenceMedia real, Duration delay) {
        this.real = real;
        this.delay = delay;
    }

    @Override
    public Leg join(LegRequest request, PacketSender audio, PacketSender video, LegListener listener)
            throws RoomFullException {
        joinsStarted.release();
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return real.join(request, audio, video, listener);
    }

    /** Waits until a join has begun (and is now taking its {@code delay}); false if none began in time. */
    boolean awaitJoinStarted(Duration timeout) throws InterruptedException {
        return joinsStarted.tryAcquire(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @Override
    public Optional<Room> findRoom(String roomId) {
        return real.findRoom(roomId);
    }

    @Override
    public int participantCount(String roomId) {
        return real.participantCount(roomId);
    }

    @Override
    public int seatedCount(String roomId) {
        return real.seatedCount(roomId);
    }

    @Override
    public List<RosterMember> roster(String roomId) {
        return real.roster(roomId);
    }

    @Override
    public Subscription watch(String roomId, RoomListener listener) {
        return real.watch(roomId, listener);
    }

    @Override
    public void setLayout(String roomId, String layout) {
        real.setLayout(roomId, layout);
    }

    @Override
    public String layout(String roomId) {
        return real.layout(roomId);
    }

    @Override
    public int openLegCount() {
        return real.openLegCount();
    }

    @Override
    public boolean overloaded() {
        return real.overloaded();
    }
}
