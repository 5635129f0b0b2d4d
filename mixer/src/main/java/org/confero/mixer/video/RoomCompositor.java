package org.confero.mixer.video;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import org.confero.mixer.codec.FrameScaler;
import org.confero.mixer.codec.YuvImage;

/**
 * One room's picture: draws its sources into a canvas on its own clock, in the room's layout, and encodes the
 * canvas once per (codec, tier) that has a subscriber, whatever the number of subscribers.
 *
 * <p>Threading: {@link VideoSource#onFrame} decodes on the caller's (per-stream worker's) thread and hands the
 * picture over by reference. Everything else here may be called from any thread and never waits for the clock:
 * membership, layout and speaker changes are read at the next tick. Ticks run on a shared {@link VideoClock}
 * (or, without one, when the owner calls {@link #tick()}); two ticks of a room never overlap, and a scheduled
 * tick that finds the room late is skipped and counted rather than queued. Subscribers are called on the tick's
 * thread and must not block.
 */
public final class RoomCompositor implements AutoCloseable {
    /** Sources a room accepts; more are refused at the door. */
    public static final int MAX_SOURCES = 100;
    private static final VideoSource[] NONE = new VideoSource[0];
    // values() copies its array on every call; the tick iterates these instead.
    private static final Tier[] TIERS = Tier.values();
    private static final VideoCodec[] CODECS = VideoCodec.values();

    private final String roomId;
    private final CompositorConfig config;
    private final LongSupplier clock;
    private final long periodNanos;
    private final long startNanos;
    private final Object membership = new Object();
    private final Object state = new Object();
    private volatile VideoSource[] sources = NONE;
    private volatile Layout layout = Layout.GRID;
    private volatile String presenterId;
    private final SpeakerSelector speaker;
    private final LatencyHistogram addedLatency = new LatencyHistogram();
    private final Predicate<String> present = this::hasSource;
    private final TierOutput[] outputs;
    private final YuvImage canvas;
    private final Tile whole;
    private final TilePainter painter;
    private final FrameScaler tierScaler;
    private final YuvImage[] tierImages = new YuvImage[TIERS.length];
    private final ScheduledFuture<?> schedule;
    // Tick state (one tick at a time).
    private final TileArrangement arrangement;
    private long expectedNanos;
    private boolean scheduledBefore;
    // Guarded by state.
    private boolean closed;
    private boolean ticking;
    private volatile long framesComposed;
    private final java.util.concurrent.atomic.AtomicLong ticksSkipped = new java.util.concurrent.atomic.AtomicLong();
    private volatile long overruns;

    /** A room ticked by {@code clock} at {@code config.fps()}, on the system's monotonic time. */
    public RoomCompositor(String roomId, CompositorConfig config, VideoClock clock) {
        this(roomId, config, clock, System::nanoTime);
    }

    /**
     * @param clock the shared clock to tick on, or null to tick only when the owner calls {@link #tick()}
     * @param nanoTime monotonic time in nanoseconds (injectable for tests)
     */
    public RoomCompositor(String roomId, CompositorConfig config, VideoClock clock, LongSupplier nanoTime) {
        this.roomId = roomId;
        this.config = config;
        this.clock = nanoTime;
        this.periodNanos = config.periodNanos();
        this.startNanos = nanoTime.getAsLong();
        this.speaker = new SpeakerSelector(config.speakerHoldMillis() * 1_000_000L);
        outputs = new TierOutput[CODECS.length * TIERS.length];
        for (VideoCodec codec : CODECS) {
            for (Tier tier : TIERS) {
                outputs[index(codec, tier)] = new TierOutput(codec, tier, config);
            }
        }
        canvas = new YuvImage(config.width(), config.height());
        whole = new Tile(0, 0, config.width(), config.height());
        arrangement = new TileArrangement(config.width(), config.height(), MAX_SOURCES);
        TilePainter createdPainter = null;
        try {
            createdPainter = new TilePainter(canvas);
            tierScaler = new FrameScaler(TIERS.length);
        } catch (RuntimeException e) {
            if (createdPainter != null) {
                createdPainter.close();
            }
            canvas.close();
            throw e;
        }
        painter = createdPainter;
        schedule = clock == null ? null : clock.register(roomId, periodNanos, this::scheduledTick);
    }

    public String roomId() {
        return roomId;
    }

    /**
     * Adds a participant's tile (a placeholder until their first picture decodes).
     *
     * @throws IllegalArgumentException if the id is already present
     * @throws IllegalStateException if the room is closed or holds {@link #MAX_SOURCES} sources
     */
    public VideoSource addSource(String id, String displayName) {
        synchronized (membership) {
            if (isClosed()) {
                throw new IllegalStateException("room " + roomId + " is closed");
            }
            if (find(id) != null) {
                throw new IllegalArgumentException("source " + id + " already in room " + roomId);
            }
            if (sources.length >= MAX_SOURCES) {
                throw new IllegalStateException("room " + roomId + " has " + MAX_SOURCES + " video sources");
            }
            VideoSource source = new VideoSource(id, displayName == null ? "" : displayName, clock);
            VideoSource[] grown = java.util.Arrays.copyOf(sources, sources.length + 1);
            grown[grown.length - 1] = source;
            sources = grown;
            return source;
        }
    }

    /** Removes a participant and frees their decoder; unknown ids are ignored. */
    public void removeSource(String id) {
        VideoSource removed = null;
        synchronized (membership) {
            VideoSource[] current = sources;
            for (int i = 0; i < current.length; i++) {
                if (current[i].id().equals(id)) {
                    removed = current[i];
                    VideoSource[] shrunk = new VideoSource[current.length - 1];
                    System.arraycopy(current, 0, shrunk, 0, i);
                    System.arraycopy(current, i + 1, shrunk, i, current.length - i - 1);
                    sources = shrunk;
                    break;
                }
            }
        }
        if (removed != null) {
            removed.close();
        }
    }

    /** The source with this id, or null. */
    public VideoSource source(String id) {
        return find(id);
    }

    /** Shows or hides the speaking border on a participant's tile. */
    public void setSpeaking(String id, boolean speaking) {
        VideoSource source = find(id);
        if (source != null) {
            source.setSpeaking(speaking);
        }
    }

    /** The audio mixer's active speaker; the speaker layout follows once they have held the floor long enough. */
    public void setActiveSpeaker(String id) {
        if (id != null) {
            speaker.request(id, clock.getAsLong());
        }
    }

    public void setLayout(Layout layout) {
        this.layout = java.util.Objects.requireNonNull(layout);
    }

    public Layout layout() {
        return layout;
    }

    /** The source shown large in the presenter layout (a screen share), or null for none. */
    public void setPresenter(String id) {
        this.presenterId = id;
    }

    /**
     * Subscribes to the room's picture in one codec and tier. The first subscriber of a pair opens its encoder
     * at the next tick; every new subscriber gets a keyframe within {@code keyframeMinIntervalMillis}.
     */
    public Subscription subscribe(VideoCodec codec, Tier tier, EncodedFrameListener listener) {
        if (isClosed()) {
            throw new IllegalStateException("room " + roomId + " is closed");
        }
        return outputs[index(codec, tier)].subscribe(java.util.Objects.requireNonNull(listener));
    }

    /** A receiver lost the picture (PLI/FIR): coalesced with every other request for that encoder. */
    public void requestKeyframe(VideoCodec codec, Tier tier) {
        outputs[index(codec, tier)].requestKeyframe();
    }

    private void scheduledTick() {
        long now = clock.getAsLong();
        expectedNanos = scheduledBefore ? expectedNanos + periodNanos : now;
        scheduledBefore = true;
        if (now - expectedNanos > periodNanos / 2) {
            // A late run is the executor catching up after an overrun: skipping it keeps the room on time.
            ticksSkipped.incrementAndGet();
            return;
        }
        tick();
    }

    /**
     * Composes and encodes one frame on the calling thread (the clock's, or the owner's when the room has no
     * clock). A call while another tick of this room runs is skipped and counted.
     */
    public void tick() {
        synchronized (state) {
            if (closed) {
                return;
            }
            if (ticking) {
                ticksSkipped.incrementAndGet();
                return;
            }
            ticking = true;
        }
        boolean free;
        try {
            long started = clock.getAsLong();
            compose(started);
            if (encode(started)) {
                recordAddedLatency(clock.getAsLong());
            }
            framesComposed++;
            if (clock.getAsLong() - started > periodNanos) {
                overruns++;
            }
        } finally {
            synchronized (state) {
                ticking = false;
                free = closed;
            }
            if (free) {
                freeNative();
            }
        }
    }

    private void compose(long now) {
        canvas.makeWritable();
        painter.fill(whole, TilePainter.BLACK);
        VideoSource[] all = sources;
        String speakerId = speaker.current(now, present);
        String presenter = presenterId;
        int shown = arrangement.arrange(all, TileArrangement.featured(layout, all,
                presenter == null ? null : find(presenter), speakerId == null ? null : find(speakerId)));
        long timeout = config.stopTimeoutMillis() * 1_000_000L;
        for (int i = 0; i < shown; i++) {
            VideoSource source = arrangement.source(i);
            painter.paint(source, arrangement.tile(i), source.showsVideo(now, timeout));
        }
        arrangement.clear(shown);
    }

    /**
     * A picture's added latency: from its last packet's arrival to the end of the tick that sent the first
     * composite containing it (listeners packetize and send within the tick).
     */
    private void recordAddedLatency(long sentNanos) {
        for (VideoSource source : sources) {
            long arrival = source.takeUnreportedArrival();
            if (arrival != 0) {
                addedLatency.record(sentNanos - arrival);
            }
        }
    }

    /** Added latency of participants' pictures through this room (arrival → composite sent). */
    public LatencyHistogram.Snapshot addedLatency() {
        return addedLatency.snapshot();
    }

    /** @return true when at least one encoder ran */
    private boolean encode(long now) {
        boolean any = false;
        long rtpTimestamp = (now - startNanos) / 100_000 * 9; // 90 kHz (RFC 7741 §4.1, RFC 6184 §5.1)
        for (Tier tier : TIERS) {
            YuvImage picture = null;
            for (VideoCodec codec : CODECS) {
                TierOutput output = outputs[index(codec, tier)];
                if (!output.wanted()) {
                    output.closeEncoder();
                    continue;
                }
                if (picture == null) {
                    picture = pictureFor(tier);
                }
                output.encodeAndDeliver(picture, rtpTimestamp, now);
                any = true;
            }
        }
        return any;
    }

    /** The canvas itself for its own size; otherwise one downscale of the canvas per tier and tick. */
    private YuvImage pictureFor(Tier tier) {
        if (tier.width() == canvas.width() && tier.height() == canvas.height()) {
            return canvas;
        }
        YuvImage image = tierImages[tier.ordinal()];
        if (image == null) {
            image = new YuvImage(tier.width(), tier.height());
            tierImages[tier.ordinal()] = image;
        }
        image.makeWritable();
        tierScaler.scale(canvas, image);
        return image;
    }

    public VideoRoomStats stats() {
        Map<Tier, Integer> encoders = new EnumMap<>(Tier.class);
        long frames = 0;
        long keyframes = 0;
        long listenerFailures = 0;
        for (TierOutput output : outputs) {
            if (output.encoderOpen()) {
                encoders.merge(output.tier, 1, Integer::sum);
            }
            frames += output.framesEncoded();
            keyframes += output.keyframes();
            listenerFailures += output.listenerFailures();
        }
        Map<String, VideoRoomStats.SourceStats> perSource = new HashMap<>();
        long decodeErrors = 0;
        for (VideoSource source : sources) {
            perSource.put(source.id(), new VideoRoomStats.SourceStats(source.framesDecoded(), source.decodeErrors(),
                    source.framesAwaitingKeyframe()));
            decodeErrors += source.decodeErrors();
        }
        return new VideoRoomStats(framesComposed, ticksSkipped.get(), overruns, encoders, frames, keyframes, decodeErrors,
                listenerFailures, perSource);
    }

    /**
     * Stops the room's clock and frees every native context: at once, or at the end of a tick in progress on
     * another thread. Idempotent; never waits for the clock.
     */
    @Override
    public void close() {
        synchronized (state) {
            if (closed) {
                return;
            }
            closed = true;
            if (schedule != null) {
                schedule.cancel(false);
            }
            if (ticking) {
                return; // the running tick frees on its way out
            }
        }
        freeNative();
    }

    private boolean isClosed() {
        synchronized (state) {
            return closed;
        }
    }

    private void freeNative() {
        VideoSource[] all;
        synchronized (membership) {
            all = sources;
            sources = NONE;
        }
        for (VideoSource source : all) {
            source.close();
        }
        for (TierOutput output : outputs) {
            output.closeEncoder();
        }
        for (int i = 0; i < tierImages.length; i++) {
            if (tierImages[i] != null) {
                tierImages[i].close();
                tierImages[i] = null;
            }
        }
        painter.close();
        tierScaler.close();
        canvas.close();
    }

    private boolean hasSource(String id) {
        return find(id) != null;
    }

    private VideoSource find(String id) {
        for (VideoSource source : sources) {
            if (source.id().equals(id)) {
                return source;
            }
        }
        return null;
    }

    private static int index(VideoCodec codec, Tier tier) {
        return codec.ordinal() * TIERS.length + tier.ordinal();
    }
}
