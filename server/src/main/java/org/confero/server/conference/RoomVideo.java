package org.confero.server.conference;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.confero.mixer.video.LatencyHistogram;
import org.confero.mixer.video.VideoRoomStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One room's video: a tile per admitted participant (initials for those without video), the legs' video
 * routes, and one {@link TierStream} per (codec, tier, packetization) that has a receiver. The compositor runs
 * only while at least one participant has video, so an audio-only room costs no canvas and no frame clock.
 * Membership changes are serialised here; packets never take this object's lock.
 */
final class RoomVideo implements VideoRoute.Factory, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RoomVideo.class);
    private static final long HOUSEKEEPING_MILLIS = 20;
    private static final VideoRoomStats NO_STATS = new VideoRoomStats(0, 0, 0, Map.of(), 0, 0, 0, 0, Map.of());
    private static final LatencyHistogram.Snapshot NO_LATENCY = new LatencyHistogram.Snapshot(0, 0, 0, 0);

    private final String roomId;
    private final Supplier<RoomComposite> compositeFactory;
    private final Executor decodePool;
    private final ScheduledExecutorService timer;
    private final ConferenceCounters counters;
    /** Admitted participants' names in joining order, whether or not the compositor runs. */
    private final Map<String, String> participants = new LinkedHashMap<>();
    private final Map<String, RoomComposite.Source> tiles = new HashMap<>();
    private final Map<TierStream.Key, TierStream> streams = new HashMap<>();
    private final List<MixerVideoRoute> routes = new CopyOnWriteArrayList<>();
    private RoomComposite composite;
    private ScheduledFuture<?> housekeeping;
    private String layout = "grid";
    private String activeSpeaker;
    private String presenter;
    private static final String SCREEN_SUFFIX = "~screen";
    /** Tiles a picture holds: the compositor refuses more sources. */
    private static final int MAX_TILES = org.confero.mixer.video.RoomCompositor.MAX_SOURCES;
    private VideoRoomStats lastStats = NO_STATS;
    private LatencyHistogram.Snapshot lastLatency = NO_LATENCY;
    private boolean closed;
    /** Where a recording takes the composite's VP8 frames, while one runs. */
    private java.util.function.Consumer<org.confero.mixer.video.EncodedFrame> recorder;
    private RoomComposite.Subscription recording;

    RoomVideo(String roomId, Supplier<RoomComposite> compositeFactory, Executor decodePool,
            ScheduledExecutorService timer, ConferenceCounters counters) {
        this.roomId = roomId;
        this.compositeFactory = compositeFactory;
        this.decodePool = decodePool;
        this.timer = timer;
        this.counters = counters;
    }

    /** An admitted participant is in the picture (as initials until its video decodes). */
    synchronized void participant(MixerLeg leg) {
        if (closed || participants.containsKey(leg.participantId())) {
            return;
        }
        participants.put(leg.participantId(), leg.displayName());
        if (composite != null && tiles.size() < MAX_TILES) {
            tiles.put(leg.participantId(), composite.addSource(leg.participantId(), leg.displayName()));
        }
    }

    /** Removes the participant's tile; its video route must be closed already. */
    synchronized void removeParticipant(String participantId) {
        participants.remove(participantId);
        RoomComposite.Source s = tiles.remove(participantId);
        if (s != null) {
            s.remove();
        }
    }

    @Override
    public synchronized VideoRoute create(MixerLeg leg, NegotiatedVideo video, PacketSender sender) {
        if (closed) {
            throw new IllegalStateException("room " + roomId + " video is closed");
        }
        startCompositor();
        participant(leg);
        RoomComposite.Source source = tiles.get(leg.participantId());
        if (source == null && tiles.size() >= MAX_TILES) {
            // the picture holds as many tiles as the compositor draws: heard, not shown, and not refused for it
            LOG.info("room {} participant {} video ignored: the picture is full", roomId, leg.participantId());
            return null;
        }
        if (source == null) { // a participant still in the lobby: its tile comes with admission
            source = composite.addSource(leg.participantId(), leg.displayName());
            tiles.put(leg.participantId(), source);
        }
        VideoSendPath sendPath = new VideoSendPath(sender, video, leg.streams(), this);
        VideoReceivePath receivePath = new VideoReceivePath(video, source, sender, leg.streams(), leg.listener(),
                counters, sendPath, decodePool);
        MixerVideoRoute[] self = new MixerVideoRoute[1];
        self[0] = new MixerVideoRoute(video, receivePath, sendPath, source, counters, () -> routeClosed(self[0]));
        routes.add(self[0]);
        return self[0];
    }

    @Override
    public synchronized VideoRoute createScreen(MixerLeg leg, ScreenShare screen, PacketSender sender) {
        if (closed) {
            throw new IllegalStateException("room " + roomId + " video is closed");
        }
        startCompositor();
        String id = leg.participantId() + SCREEN_SUFFIX;
        if (tiles.size() >= MAX_TILES) {
            return null;
        }
        RoomComposite.Source source = composite.addScreen(id, leg.displayName() + " (screen)");
        tiles.put(id, source);
        presenter = id;
        composite.setPresenter(id);
        VideoSendPath unused = new VideoSendPath(sender, screen.video(), leg.streams(), this); // receive only
        VideoReceivePath receivePath = new VideoReceivePath(screen.video(), source, sender, leg.streams(),
                leg.listener(), counters, unused, decodePool);
        MixerVideoRoute[] self = new MixerVideoRoute[1];
        self[0] = new MixerVideoRoute(screen.video(), receivePath, unused, source, counters, () -> {
            synchronized (this) {
                RoomComposite.Source s = tiles.remove(id);
                if (s != null) {
                    s.remove();
                }
                if (id.equals(presenter)) {
                    presenter = null;
                    if (composite != null) {
                        composite.setPresenter(null);
                    }
                }
                routeClosed(self[0]);
            }
        });
        routes.add(self[0]);
        LOG.info("room {} participant {} shares a screen", roomId, leg.participantId());
        return self[0];
    }

    private void startCompositor() {
        if (composite != null) {
            return;
        }
        composite = compositeFactory.get();
        composite.setLayout(layout);
        participants.forEach((id, name) -> {
            if (tiles.size() < MAX_TILES) {
                tiles.put(id, composite.addSource(id, name));
            }
        });
        if (activeSpeaker != null) {
            composite.setActiveSpeaker(activeSpeaker);
        }
        housekeeping = timer.scheduleAtFixedRate(this::tick, HOUSEKEEPING_MILLIS, HOUSEKEEPING_MILLIS,
                TimeUnit.MILLISECONDS);
        if (recorder != null) {
            subscribeRecorder();
        }
        LOG.info("room {} video started", roomId);
    }

    /** The last route is gone: nobody in the room has video, so the compositor stops. */
    private synchronized void routeClosed(MixerVideoRoute route) {
        routes.remove(route);
        if (routes.isEmpty() && composite != null) {
            stopCompositor();
            LOG.info("room {} video stopped: nobody has video", roomId);
        }
    }

    private void stopCompositor() {
        housekeeping.cancel(false);
        if (recording != null) {
            recording.close();
            recording = null;
        }
        streams.values().forEach(TierStream::close);
        streams.clear();
        tiles.values().forEach(RoomComposite.Source::remove);
        tiles.clear();
        lastStats = composite.stats();
        lastLatency = composite.addedLatency();
        composite.close();
        composite = null;
    }

    /** True while someone in the room has video (the compositor runs). */
    synchronized boolean hasVideo() {
        return composite != null;
    }

    /**
     * Hands the composite's VP8 frames at {@link Tier#P360} to {@code listener} on the compositor's thread while
     * the room has video, starting at a keyframe; null stops.
     */
    synchronized void recordVideo(java.util.function.Consumer<org.confero.mixer.video.EncodedFrame> listener) {
        if (recording != null) {
            recording.close();
            recording = null;
        }
        recorder = listener;
        if (listener != null && composite != null) {
            subscribeRecorder();
        }
    }

    private void subscribeRecorder() {
        recording = composite.subscribe(org.confero.mixer.video.VideoCodec.VP8, RECORDING_TIER, recorder);
        composite.requestKeyframe(org.confero.mixer.video.VideoCodec.VP8, RECORDING_TIER);
    }

    /** The size a recording keeps of the composite: what most receivers get. */
    static final org.confero.mixer.video.Tier RECORDING_TIER = org.confero.mixer.video.Tier.P360;

    /** A receiver joins the stream of {@code key}, created (and its encoder started) when it is the first. */
    synchronized TierStream attach(VideoSendPath receiver, TierStream.Key key) {
        TierStream s = streams.get(key);
        if (s == null) {
            s = new TierStream(key);
            streams.put(key, s);
            if (composite != null) {
                s.subscription(composite.subscribe(key.codec(), key.tier(), s));
            }
            LOG.info("room {} video stream {} {} started", roomId, key.codec(), key.tier());
        }
        s.add(receiver);
        requestKeyframe(key); // the newcomer starts at a keyframe
        return s;
    }

    synchronized void detach(VideoSendPath receiver, TierStream stream) {
        if (stream.remove(receiver) && streams.get(stream.key()) == stream) {
            streams.remove(stream.key());
            stream.close();
            LOG.info("room {} video stream {} {} stopped", roomId, stream.key().codec(), stream.key().tier());
        }
    }

    synchronized void requestKeyframe(TierStream.Key key) {
        if (composite != null) {
            composite.requestKeyframe(key.codec(), key.tier());
        }
    }

    synchronized void setActiveSpeaker(String participantId) {
        activeSpeaker = participantId;
        if (composite != null) {
            composite.setActiveSpeaker(participantId);
        }
    }

    /** Returns false when the layout was already in force. */
    synchronized boolean setLayout(String layout) {
        if (layout.equals(this.layout)) {
            return false;
        }
        this.layout = layout;
        if (composite != null) {
            composite.setLayout(layout);
        }
        return true;
    }

    synchronized String layout() {
        return layout;
    }

    synchronized VideoRoomStats stats() {
        return composite == null ? lastStats : composite.stats();
    }

    synchronized LatencyHistogram.Snapshot addedLatency() {
        return composite == null ? lastLatency : composite.addedLatency();
    }

    private void tick() {
        for (MixerVideoRoute r : routes) {
            r.tick();
        }
    }

    /** Stops the compositor; the legs' routes are closed first by their legs. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (composite != null) {
            stopCompositor();
        }
        participants.clear();
    }
}
