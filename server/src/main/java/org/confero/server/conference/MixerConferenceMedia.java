package org.confero.server.conference;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.confero.mixer.audio.AudioMixer;
import org.confero.mixer.audio.FanOutLanes;
import org.confero.mixer.audio.MixClock;
import org.confero.mixer.audio.MixTap;
import org.confero.mixer.audio.MixerConfig;
import org.confero.mixer.codec.AudioCodec;
import org.confero.mixer.codec.AudioDecoder;
import org.confero.mixer.codec.CodecFactory;
import org.confero.mixer.codec.NativeCodecs;
import org.confero.mixer.codec.OpusSettings;
import org.confero.mixer.rtp.JitterBuffer;
import org.confero.mixer.rtp.JitterBufferConfig;
import org.confero.mixer.video.CompositorConfig;
import org.confero.mixer.video.RoomCompositor;
import org.confero.mixer.video.VideoClock;
import org.confero.server.config.MediaConfig;
import org.confero.server.metrics.Metrics;
import org.confero.server.rooms.Room;
import org.confero.server.rooms.RoomDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The conference's media, backed by the real mixer: a room's mixer starts with its first leg and stops with
 * its last. Joins and leaves are rare and serialised; packets never take this object's lock.
 */
public final class MixerConferenceMedia implements ConferenceMedia, AutoCloseable {
    /** Legs waiting in one room's PIN lobby at most, whatever the signalling in front allows (it allows fewer). */
    static final int MAX_LOBBY = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(MixerConferenceMedia.class);

    private final RoomDirectory rooms;
    private final MixerConfig mixerConfig;
    private final MixClock clock;
    private final FanOutLanes fanOut;
    private final VideoClock videoClock;
    private final VideoWorkers videoWorkers;
    private final CompositorConfig compositorConfig;
    private final ConferenceCounters counters;
    private final TickBudget tickBudget;
    /** Mixer inputs of the server's own tones; no participant id has a colon. */
    private static final String ANNOUNCEMENT_PREFIX = "announcement:";
    private static final java.util.concurrent.atomic.AtomicLong ANNOUNCEMENTS =
            new java.util.concurrent.atomic.AtomicLong();

    private final Map<String, RoomMedia> active = new HashMap<>();
    private final Map<String, List<RoomListener>> watchers = new java.util.concurrent.ConcurrentHashMap<>();
    private boolean closed;

    public MixerConferenceMedia(RoomDirectory rooms, MediaConfig config, Metrics metrics) {
        NativeCodecs.load();
        this.rooms = rooms;
        OpusSettings opus = OpusSettings.DEFAULT.withComplexity(config.opusComplexity());
        this.mixerConfig = MixerConfig.DEFAULT.withMaxTalkers(config.maxTalkers()).withOpus(opus);
        int threads = config.mixerThreads() == 0 ? Runtime.getRuntime().availableProcessors() : config.mixerThreads();
        this.clock = new MixClock(threads);
        this.fanOut = new FanOutLanes(threads);
        this.videoClock = new VideoClock(threads);
        this.videoWorkers = new VideoWorkers(threads);
        this.compositorConfig = CompositorConfig.DEFAULT;
        this.counters = new ConferenceCounters(metrics);
        // A tick over budget: its mixing overran, or its frames were dropped because the lanes were still sending
        // the room's last four ticks. A batch that merely left late is not counted: on a busy machine that is
        // the scheduler's delay, not this server's load, and refusing calls for it would cut goodput for nothing.
        this.tickBudget = new TickBudget(clock::ticks, () -> clock.overruns() + fanOut.droppedTicks(),
                System::nanoTime);
        metrics.gauge("confero_rooms_active", "rooms with at least one participant", this::activeRoomCount);
        metrics.gauge("confero_audio_legs_open", "audio legs in all rooms", this::openLegCount);
        metrics.gauge("confero_audio_legs_unconfirmed", "answered legs waiting for their ACK: seated, neither mixed"
                + " nor sent to", this::unconfirmedLegCount);
        metrics.gauge("confero_native_codec_contexts", "FFmpeg codec contexts open", NativeCodecs::openContexts);
        metrics.gauge("confero_mix_ticks", "20 ms mixer ticks run", clock::ticks);
        metrics.gauge("confero_mix_overruns", "mixer ticks that took longer than 20 ms", clock::overruns);
        metrics.gauge("confero_fanout_late_batches", "batches of a tick's frames sent more than 20 ms after the tick"
                + " began", fanOut::lateBatches);
        metrics.gauge("confero_fanout_dropped_ticks", "room ticks not sent because the fan-out was still sending the"
                + " room's earlier frames", fanOut::droppedTicks);
        metrics.labelledGauge("confero_room_participants", "participants in each active room",
                () -> perRoom(RoomMedia::size));
        metrics.labelledGauge("confero_room_talkers", "participants mixed as talkers in each active room",
                () -> perRoom(room -> room.mixer().talkers().size()));
        org.confero.server.metrics.Histogram tickDuration = metrics.histogram("confero_mix_tick_duration_seconds",
                "time one room's 20 ms mix tick took", new double[] {0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05});
        clock.observeTicks(nanos -> tickDuration.observe(nanos / 1e9));
        new VideoMetrics(this::videoRooms).register(metrics);
    }

    @Override
    public Optional<Room> findRoom(String roomId) {
        return rooms.find(roomId);
    }

    /** The mix clock overran more than 5 % of its ticks over the last second. */
    @Override
    public boolean overloaded() {
        return tickBudget.exceeded();
    }

    @Override
    public synchronized int seatedCount(String roomId) {
        RoomMedia room = active.get(roomId);
        return room == null ? 0 : room.seated(true);
    }

    @Override
    public synchronized int participantCount(String roomId) {
        RoomMedia room = active.get(roomId);
        return room == null ? 0 : room.size();
    }

    @Override
    public Leg join(LegRequest request, PacketSender sender, PacketSender videoSender, LegListener listener)
            throws RoomFullException {
        String roomId = request.roomId();
        String participantId = request.participantId();
        NegotiatedAudio audio = request.audio();
        Room room = rooms.find(roomId).orElseThrow(() -> new IllegalArgumentException("no room " + roomId));
        // Built before the lock: the jitter buffer's 64 slots (about 100 KB to allocate and zero) and the decoder's
        // context were most of a join's time under it, and every other call's join waited behind them.
        int clockRate = audio.codec().rtpClockRate();
        JitterBuffer jitterBuffer = new JitterBuffer(JitterBufferConfig.audio(clockRate),
                "room=" + roomId + " participant=" + participantId);
        AudioDecoder decoder = CodecFactory.decoder(audio.codec());
        boolean handedOver = false;
        try {
            synchronized (this) {
                if (closed) {
                    throw new IllegalStateException("conference media is closed");
                }
                RoomMedia media = active.get(roomId);
                // Callers in the lobby (still to key the PIN) take no seat: a crowd of them must not keep a real
                // participant out. The lobby has a bound of its own: the SIP guard's per room, and this last
                // resort.
                int present = media == null ? 0 : media.seated(request.admitted());
                if (present >= (request.admitted() ? room.maxParticipants() : MAX_LOBBY)) {
                    counters.roomFull.increment();
                    throw new RoomFullException(roomId, room.maxParticipants());
                }
                if (media != null && media.contains(participantId)) {
                    throw new IllegalArgumentException("participant " + participantId + " is already in room "
                            + roomId);
                }
                if (media == null) {
                    RoomVideo video = new RoomVideo(roomId, () -> new CompositorRoomComposite(
                            new RoomCompositor(roomId, compositorConfig, videoClock)), videoWorkers.decoders(),
                            videoWorkers.timer(), counters);
                    media = new RoomMedia(roomId, mixerConfig, clock, fanOut, video);
                    media.mixer().setActiveSpeakerListener(speaker -> speakerChanged(roomId, speaker));
                    active.put(roomId, media);
                    LOG.info("room {} media started", roomId);
                }
                MixerLeg leg = newLeg(media, request, sender, listener, jitterBuffer, decoder);
                handedOver = true;
                try {
                    media.add(leg);
                } catch (RuntimeException e) {
                    leg.abandon();
                    throw e;
                }
                counters.legsOpened.increment();
                LOG.info("room {} participant {} ({}) joined audio with {} pt {} (dtmf pt {})", roomId,
                        participantId, request.kind(), audio.codec(), audio.payloadType(),
                        audio.telephoneEventPayloadType());
                if (leg.admitted()) {
                    // Its own tile only: the others' are in place, so a join costs the same in any room.
                    media.video().participant(leg);
                }
                notifyRoster(roomId);
                if (request.video().isPresent()) {
                    try {
                        leg.setVideo(request.video(), videoSender);
                    } catch (RuntimeException e) {
                        leg.close(); // its video could not start: no half-joined participant stays in the roster
                        throw e;
                    }
                }
                return leg;
            }
        } finally {
            if (!handedOver) {
                decoder.close(); // refused (full, duplicate, closed) before a leg owned it
            }
        }
    }

    @Override
    public List<RosterMember> roster(String roomId) {
        RoomMedia room;
        synchronized (this) {
            room = active.get(roomId);
        }
        return room == null ? List.of() : room.roster();
    }

    /**
     * Hands the room's full mix to {@code tap} once per tick, on the mixer's thread (null stops it); false when
     * nobody is in the room. The tap must copy and return at once (a recording queues to its writer).
     */
    public boolean tapMix(String roomId, MixTap tap) {
        RoomMedia room;
        synchronized (this) {
            room = active.get(roomId);
        }
        if (room == null) {
            return false;
        }
        room.mixer().setMixTap(tap);
        return true;
    }

    /** True while someone in the room sends video (the room's composite runs). */
    public boolean hasVideo(String roomId) {
        RoomMedia room;
        synchronized (this) {
            room = active.get(roomId);
        }
        return room != null && room.video().hasVideo();
    }

    /**
     * Hands the room's composite, VP8 at 640×360, to {@code listener} on the compositor's thread whenever the room
     * has video (null stops). The listener must copy and return at once.
     */
    public void tapVideo(String roomId, java.util.function.Consumer<org.confero.mixer.video.EncodedFrame> listener) {
        RoomMedia room;
        synchronized (this) {
            room = active.get(roomId);
        }
        if (room != null) {
            room.video().recordVideo(listener);
        }
    }

    /** Width and height of the composite {@link #tapVideo} hands out. */
    public static int[] recordedVideoSize() {
        return new int[] {RoomVideo.RECORDING_TIER.width(), RoomVideo.RECORDING_TIER.height()};
    }

    /**
     * Mixes {@code pcm} (48 kHz mono) into the room once, for everyone to hear (the recording tone): a silent
     * extra input of the mixer that leaves it by itself once played. False when nobody is in the room.
     */
    public boolean announce(String roomId, short[] pcm) {
        RoomMedia room;
        synchronized (this) {
            room = active.get(roomId);
        }
        if (room == null) {
            return false;
        }
        AudioMixer mixer = room.mixer();
        String id = ANNOUNCEMENT_PREFIX + ANNOUNCEMENTS.incrementAndGet();
        int[] position = {0};
        try {
            mixer.add(id, AudioCodec.PCMU, frame -> {
                if (position[0] >= pcm.length) {
                    mixer.remove(id);
                    return false;
                }
                int n = Math.min(frame.length, pcm.length - position[0]);
                System.arraycopy(pcm, position[0], frame, 0, n);
                java.util.Arrays.fill(frame, n, frame.length, (short) 0);
                position[0] += n;
                return true;
            }, (payload, offset, length, increment) -> { });
            return true;
        } catch (IllegalStateException e) {
            return false; // the room closed meanwhile
        }
    }

    @Override
    public Subscription watch(String roomId, RoomListener listener) {
        watchers.computeIfAbsent(roomId, id -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(listener);
        return () -> watchers.computeIfPresent(roomId, (id, list) -> {
            list.remove(listener);
            return list.isEmpty() ? null : list;
        });
    }

    private void rosterChanged(String roomId) {
        RoomMedia media;
        synchronized (this) {
            media = active.get(roomId);
        }
        if (media != null) {
            media.syncTiles();
        }
        notifyRoster(roomId);
    }

    private void notifyRoster(String roomId) {
        List<RoomListener> listeners = watchers.get(roomId);
        if (listeners == null || listeners.isEmpty()) {
            return;
        }
        List<RosterMember> roster = roster(roomId);
        for (RoomListener l : listeners) {
            try {
                l.rosterChanged(roster);
            } catch (RuntimeException e) {
                LOG.warn("room {} roster listener failed: {}", roomId, e.toString());
            }
        }
    }

    @Override
    public void setLayout(String roomId, String layout) {
        RoomMedia media;
        synchronized (this) {
            media = active.get(roomId);
        }
        if (media == null || !media.video().setLayout(layout)) {
            return;
        }
        LOG.info("room {} layout {}", roomId, layout);
        List<RoomListener> listeners = watchers.get(roomId);
        if (listeners != null) {
            for (RoomListener l : listeners) {
                try {
                    l.layoutChanged(layout);
                } catch (RuntimeException e) {
                    LOG.warn("room {} layout listener failed: {}", roomId, e.toString());
                }
            }
        }
    }

    @Override
    public String layout(String roomId) {
        RoomMedia media;
        synchronized (this) {
            media = active.get(roomId);
        }
        return media == null ? "grid" : media.video().layout();
    }

    private void speakerChanged(String roomId, String speaker) {
        if (speaker != null && speaker.startsWith(ANNOUNCEMENT_PREFIX)) {
            return; // a tone the server plays is nobody speaking
        }
        RoomMedia media;
        synchronized (this) {
            media = active.get(roomId);
        }
        if (media != null && speaker != null) {
            media.video().setActiveSpeaker(speaker);
        }
        List<RoomListener> listeners = watchers.get(roomId);
        if (listeners == null) {
            return;
        }
        for (RoomListener l : listeners) {
            try {
                l.activeSpeakerChanged(speaker);
            } catch (RuntimeException e) {
                LOG.warn("room {} speaker listener failed: {}", roomId, e.toString());
            }
        }
    }

    private MixerLeg newLeg(RoomMedia media, LegRequest request, PacketSender sender, LegListener listener,
            JitterBuffer jitterBuffer, AudioDecoder decoder) {
        NegotiatedAudio audio = request.audio();
        int clockRate = audio.codec().rtpClockRate();
        LocalStreams streams = request.streams();
        AudioSendPath sendPath = new AudioSendPath(sender, audio.payloadType(), streams.audioSsrc(), streams.cname(),
                clockRate);
        MixerLeg[] self = new MixerLeg[1];
        self[0] = new MixerLeg(request, jitterBuffer, decoder, sendPath, listener, media.videoRoutes(), counters,
                () -> left(media, self[0]), () -> rosterChanged(media.roomId()), () -> media.enterMix(self[0]));
        return self[0];
    }

    private void left(RoomMedia media, MixerLeg leg) {
        media.left(leg);
        boolean last;
        synchronized (this) {
            last = media.size() == 0 && active.get(media.roomId()) == media;
            if (last) {
                active.remove(media.roomId());
            }
        }
        if (last) {
            media.close(); // outside our lock and without waiting for a tick: joins elsewhere go on meanwhile
            LOG.info("room {} media stopped: last participant left", media.roomId());
        }
        // Its tile went with RoomMedia.left; re-syncing every other tile per leave would make a room's mass
        // hang-up (a shutdown, a BYE storm) quadratic in its size.
        notifyRoster(media.roomId());
    }

    /** Participants' frames that failed to decode in a room, 0 when nobody is in it. */
    public long videoDecodeErrors(String roomId) {
        RoomVideo video = videoRooms().get(roomId);
        return video == null ? 0 : video.stats().decodeErrors();
    }

    /** Each active room's video, by room id. */
    private synchronized Map<String, RoomVideo> videoRooms() {
        Map<String, RoomVideo> out = new java.util.TreeMap<>();
        active.forEach((id, media) -> out.put(id, media.video()));
        return out;
    }

    /** Every open leg, room by room. */
    public List<LegView> legs() {
        List<RoomMedia> rooms;
        synchronized (this) {
            rooms = List.copyOf(active.values());
        }
        List<LegView> views = new ArrayList<>();
        for (RoomMedia room : rooms) {
            room.legs().forEach(leg -> views.add(leg.view()));
        }
        return views;
    }

    @Override
    public synchronized int openLegCount() {
        int n = 0;
        for (RoomMedia room : active.values()) {
            n += room.size();
        }
        return n;
    }

    /**
     * Legs answered but not yet confirmed by their ACK: they hold a seat and cost no tick. A counter kept as legs
     * join, confirm and close, so reading it costs nothing (admission control reads it for every new call).
     */
    @Override
    public int unconfirmedLegCount() {
        return counters.legsUnconfirmed.get();
    }

    private synchronized java.util.Map<java.util.Map<String, String>, Double> perRoom(
            java.util.function.ToIntFunction<RoomMedia> figure) {
        java.util.Map<java.util.Map<String, String>, Double> series = new java.util.HashMap<>();
        active.forEach((roomId, room) -> series.put(java.util.Map.of("room", roomId),
                (double) figure.applyAsInt(room)));
        return series;
    }

    /** Ids of the rooms with at least one participant now. */
    public synchronized java.util.Set<String> activeRoomIds() {
        return java.util.Set.copyOf(active.keySet());
    }

    /** Rooms where someone is speaking now. */
    public int talkingRoomCount() {
        int n = 0;
        for (String room : activeRoomIds()) {
            if (activeSpeaker(room).isPresent()) {
                n++;
            }
        }
        return n;
    }

    public synchronized int activeRoomCount() {
        return active.size();
    }

    /** The loudest participants of a room right now (for roster "speaking" indications). */
    public synchronized Optional<String> activeSpeaker(String roomId) {
        RoomMedia room = active.get(roomId);
        return room == null ? Optional.empty() : room.mixer().activeSpeaker();
    }

    /** Ends every leg and stops the mixer clock. */
    @Override
    public void close() {
        List<MixerLeg> legs = new ArrayList<>();
        List<RoomMedia> rooms;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            rooms = List.copyOf(active.values());
            for (RoomMedia room : rooms) {
                legs.addAll(room.legs());
            }
        }
        legs.forEach(MixerLeg::close);
        synchronized (this) {
            active.clear();
        }
        // Rooms whose last leg just left were closed without waiting; shutdown waits so no codec outlives it.
        rooms.forEach(RoomMedia::closeAndWait);
        clock.close();
        fanOut.close();
        videoClock.close();
        videoWorkers.close();
        LOG.info("conference media closed; {} codec contexts still open", NativeCodecs.openContexts());
    }
}
