package org.confero.server.conference;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One room's video: a tile per admitted participant (initials for those without video), the legs' video
 * routes, and one {@link TierStream} per (codec, tier, packetization) that has a receiver. Membership changes
 * are serialised here; packets never take this object's lock.
 */
final class RoomVideo implements VideoRoute.Factory, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RoomVideo.class);
    private static final long HOUSEKEEPING_MILLIS = 20;

    private final String roomId;
    private final RoomComposite composite;
    private final Executor decodePool;
    private final ConferenceCounters counters;
    private final Map<String, RoomComposite.Source> tiles = new HashMap<>();
    private final Map<TierStream.Key, TierStream> streams = new HashMap<>();
    private final List<MixerVideoRoute> routes = new CopyOnWriteArrayList<>();
    private final ScheduledFuture<?> housekeeping;
    private boolean closed;

    RoomVideo(String roomId, RoomComposite composite, Executor decodePool, ScheduledExecutorService timer,
            ConferenceCounters counters) {
        this.roomId = roomId;
        this.composite = composite;
        this.decodePool = decodePool;
        this.counters = counters;
        this.housekeeping = timer.scheduleAtFixedRate(this::tick, HOUSEKEEPING_MILLIS, HOUSEKEEPING_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    /**
     * The participant's tile, added on first use (admission or video, whichever comes first); null once the
     * picture holds as many tiles as the compositor draws: such a participant is heard but not shown, and its
     * call is not refused for it.
     */
    synchronized RoomComposite.Source tile(MixerLeg leg) {
        RoomComposite.Source s = tiles.get(leg.participantId());
        if (s == null && !closed && tiles.size() < org.confero.mixer.video.RoomCompositor.MAX_SOURCES) {
            s = composite.addSource(leg.participantId(), leg.displayName());
            tiles.put(leg.participantId(), s);
        }
        return s;
    }

    /** Removes the participant's tile; its video route must be closed already. */
    synchronized void removeTile(String participantId) {
        RoomComposite.Source s = tiles.remove(participantId);
        if (s != null) {
            s.remove();
        }
    }

    @Override
    public VideoRoute create(MixerLeg leg, NegotiatedVideo video, PacketSender sender) {
        RoomComposite.Source source = tile(leg);
        if (source == null) {
            throw new IllegalStateException("room " + roomId + " video is closed");
        }
        VideoSendPath sendPath = new VideoSendPath(sender, video, leg.streams(), this);
        VideoReceivePath receivePath = new VideoReceivePath(video, source, sender, leg.streams(), leg.listener(),
                counters, sendPath, decodePool);
        MixerVideoRoute[] self = new MixerVideoRoute[1];
        self[0] = new MixerVideoRoute(video, receivePath, sendPath, source, counters, () -> routes.remove(self[0]));
        routes.add(self[0]);
        MixerVideoRoute route = self[0];
        return route;
    }

    /** A receiver joins the stream of {@code key}, created (and its encoder started) when it is the first. */
    synchronized TierStream attach(VideoSendPath receiver, TierStream.Key key) {
        TierStream s = streams.get(key);
        if (s == null) {
            s = new TierStream(key);
            streams.put(key, s);
            if (!closed) {
                s.subscription(composite.subscribe(key.codec(), key.tier(), s));
            }
            LOG.info("room {} video stream {} {} started", roomId, key.codec(), key.tier());
        }
        s.add(receiver);
        composite.requestKeyframe(key.codec(), key.tier()); // the newcomer starts at a keyframe
        return s;
    }

    synchronized void detach(VideoSendPath receiver, TierStream stream) {
        if (stream.remove(receiver) && streams.get(stream.key()) == stream) {
            streams.remove(stream.key());
            stream.close();
            LOG.info("room {} video stream {} {} stopped", roomId, stream.key().codec(), stream.key().tier());
        }
    }

    void requestKeyframe(TierStream.Key key) {
        composite.requestKeyframe(key.codec(), key.tier());
    }

    void setActiveSpeaker(String participantId) {
        composite.setActiveSpeaker(participantId);
    }

    void setLayout(String layout) {
        composite.setLayout(layout);
    }

    /** Streams in use now: the encoders the room pays for. */
    synchronized Map<TierStream.Key, Integer> streamReceivers() {
        Map<TierStream.Key, Integer> out = new HashMap<>();
        streams.forEach((k, s) -> out.put(k, s.receiverCount()));
        return out;
    }

    private void tick() {
        for (MixerVideoRoute r : routes) {
            r.tick();
        }
    }

    /** Stops housekeeping and the compositor; the legs' routes are closed first by their legs. */
    @Override
    public void close() {
        housekeeping.cancel(false);
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            streams.values().forEach(TierStream::close);
            streams.clear();
            tiles.values().forEach(RoomComposite.Source::remove);
            tiles.clear();
        }
        composite.close();
    }
}
