package org.confero.server.meeting;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.confero.server.rooms.Room;

/**
 * The meetings of the server, one per room while anyone is in it or waiting (and a while after, so an ended meeting
 * still refuses late arrivals). One event thread calls every listener and control, in order; it also fires the
 * openings of scheduled meetings.
 */
public final class MeetingRegistry implements AutoCloseable {
    /** How long before a scheduled start people enter, and how long after its end; the default grace. */
    public static final Duration DEFAULT_GRACE = Duration.ofMinutes(10);
    /** Callers arriving earlier than this before the opening are refused rather than kept waiting. */
    public static final Duration DEFAULT_WAIT_HORIZON = Duration.ofHours(1);
    /** Meetings kept before idle ones are forgotten; an ended one is forgotten a day after its last activity. */
    private static final int SWEEP_ABOVE = 1024;
    private static final Duration IDLE_KEEP = Duration.ofMinutes(10);
    private static final Duration ENDED_KEEP = Duration.ofDays(1);

    private final Clock clock;
    private final Duration grace;
    private final Duration waitHorizon;
    private final ScheduledThreadPoolExecutor events;
    private final Map<String, Meeting> meetings = new HashMap<>();

    public MeetingRegistry(Clock clock, Duration grace, Duration waitHorizon) {
        this.clock = clock;
        this.grace = grace;
        this.waitHorizon = waitHorizon;
        this.events = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "meeting-events");
            t.setDaemon(true);
            return t;
        });
        events.setRemoveOnCancelPolicy(true);
        events.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    public MeetingRegistry() {
        this(Clock.systemUTC(), DEFAULT_GRACE, DEFAULT_WAIT_HORIZON);
    }

    /** How long before a scheduled start people enter (and after its end they may stay). */
    public Duration grace() {
        return grace;
    }

    /** The live meeting of a room, created on first use; {@code room} refreshes what storage says (lock, schedule). */
    public synchronized Meeting meeting(Room room) {
        Meeting m = meetings.get(room.id());
        if (m == null) {
            if (meetings.size() >= SWEEP_ABOVE) {
                sweep();
            }
            m = new Meeting(room, clock, grace, waitHorizon, events, events);
            meetings.put(room.id(), m);
        } else {
            m.update(room);
        }
        return m;
    }

    /** The live meeting of a room id, if there is one. */
    public synchronized Optional<Meeting> find(String roomId) {
        return Optional.ofNullable(meetings.get(roomId));
    }

    public synchronized int size() {
        return meetings.size();
    }

    private void sweep() {
        Instant now = clock.instant();
        meetings.values().removeIf(m -> m.idleSince(now.minus(m.ended() ? ENDED_KEEP : IDLE_KEEP)));
    }

    /** Stops the event thread; events queued until now still run (for at most a second). */
    @Override
    public void close() {
        ScheduledExecutorService e = events;
        e.shutdown();
        try {
            e.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
