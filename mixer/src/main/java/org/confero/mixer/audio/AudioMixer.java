package org.confero.mixer.audio;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

import org.confero.mixer.codec.AudioCodec;
import org.confero.mixer.codec.AudioEncoder;
import org.confero.mixer.codec.CodecFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One room's audio mix, one 20 ms {@link #tick()} at a time.
 *
 * <p>Per tick: read every input, update levels, choose the loudest {@link MixerConfig#maxTalkers()} talkers,
 * sum them, then encode. Each talker gets the mix minus its own voice from its own encoder. Every other
 * participant (a listener) hears the same full mix, so with shared encodes there is one encode per codec in
 * use and the cost grows with talkers × codecs, not with the room's size.
 *
 * <p>Encoder continuity: a participant's RTP stream is fed by its own encoder while it talks and by its
 * codec's shared encoder while it listens. The shared encoders run on every tick that has a listener, so a
 * talker falling silent joins a stream already in progress. An encoder that resumes after sitting idle is
 * reset first, so its first frame fades in from silence rather than replaying look-ahead audio from its last
 * use. The receiver's decoder sees one switch of encoder state at that moment (Opus and G.722 resynchronise
 * within a frame; G.711 has no state); the talker hysteresis keeps such switches rare.
 *
 * <p>No echo at that switch: every encoder delays its input (Opus look-ahead; the resampler's filter in front
 * of G.711 and G.722), so the shared encoder's next frame still carries the end of the full mix it encoded last
 * tick, and that mix held the voice of whoever was a talker then. A participant who leaves the talker set (its
 * sender stalls mid-word, or a louder voice takes its place) therefore stays on its own encoder, fed the full
 * mix that no longer holds it, for {@link #SHARED_ENCODER_MEMORY_TICKS} ticks before it joins the shared stream.
 *
 * <p>Fan-out: a tick mixes and encodes into one of a few {@link TickFrames} and hands them to the
 * {@link FanOutLanes}, which send them while the next tick mixes; the tick never waits on a send and no lock is
 * held while packets go out. When the lanes are still sending all of this room's earlier frames, the tick reads
 * its inputs (jitter buffers keep draining) but encodes and sends nothing, and the next frame's RTP timestamps
 * jump over the gap.
 *
 * <p>Threads: {@code tick()} is called by one scheduler thread at a time (an overlapping call returns at once
 * and is counted). {@code add}, {@code remove}, mute and the read-only views may be called from any thread:
 * they swap a copy-on-write roster and never wait for a tick. Removed participants' encoders are closed by the
 * next tick, the only thread that may still be using them.
 */
public final class AudioMixer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AudioMixer.class);
    private static final int FRAME = AudioCodec.MIX_FRAME_SAMPLES;
    private static final int CODECS = AudioCodec.values().length;
    /** A participant's repeated failures are logged once, then once per this many (50 a second otherwise). */
    private static final int FAILURE_LOG_INTERVAL = 500;
    /** Frames in flight per room: a tick reuses the oldest once the lanes are done with it. */
    private static final int FRAME_RING = 4;
    /**
     * Ticks a former talker keeps its own encoder: the shared encoders' delay is under one 20 ms frame (Opus
     * look-ahead 6.5 ms, swresample's filter a few ms), so after this many ticks their output no longer holds
     * audio from a mix the participant was part of. One tick of margin.
     */
    static final int SHARED_ENCODER_MEMORY_TICKS = 2;

    private final String roomId;
    private final MixerConfig config;
    private final Object rosterLock = new Object();
    private volatile Participant[] roster = new Participant[0];
    private final ConcurrentLinkedQueue<Participant> retired = new ConcurrentLinkedQueue<>();
    private final ReentrantLock tickLock = new ReentrantLock();
    private final AudioEncoder[] sharedEncoders = new AudioEncoder[CODECS];
    private final int[] sharedLengths = new int[CODECS];
    private final FanOutLanes lanes;
    private final TickFrames[] frameRing = new TickFrames[FRAME_RING];
    private final int firstLane;
    private int frameCursor;
    private int skippedTicks;
    private long joined;
    private final long[] sharedEncodedTick = new long[CODECS];
    private final TalkerSelector selector;
    private final MixBus bus = new MixBus();
    private final ActiveSpeakerDetector speakers;
    private volatile ActiveSpeakerListener speakerListener;
    private volatile MixTap mixTap;
    private volatile boolean closed;
    private long tickNumber;

    private volatile long ticks;
    private volatile long encodes;
    private volatile long sharedEncodes;
    private volatile long encodeFailures;
    private volatile long inputFailures;
    private final LongAdder sinkFailures = new LongAdder();
    private volatile long droppedTicks;
    private final AtomicLong overlappingTicks = new AtomicLong();

    /** A mixer whose frames are sent on the thread that ticks it (tools and tests). */
    public AudioMixer(String roomId, MixerConfig config) {
        this(roomId, config, FanOutLanes.callerRuns());
    }

    /** A mixer whose frames are sent by {@code lanes}, shared with the server's other rooms. */
    public AudioMixer(String roomId, MixerConfig config, FanOutLanes lanes) {
        this.roomId = roomId;
        this.config = config;
        this.lanes = lanes;
        this.firstLane = lanes.firstLaneOfRoom();
        for (int i = 0; i < FRAME_RING; i++) {
            frameRing[i] = new TickFrames(this, lanes);
        }
        this.selector = new TalkerSelector(config);
        this.speakers = new ActiveSpeakerDetector(config.silenceThresholdDbov(), config.switchMarginDb());
        Arrays.fill(sharedEncodedTick, Long.MIN_VALUE);
    }

    public String roomId() {
        return roomId;
    }

    /**
     * Adds a participant whose decoded audio comes from {@code input} and whose mix leaves, encoded with
     * {@code sendCodec}, through {@code sink}. Opens the participant's encoder on the calling thread.
     *
     * @throws IllegalStateException if the id is already in the room or the mixer is closed
     */
    public ParticipantHandle add(String participantId, AudioCodec sendCodec, AudioInput input, EncodedAudioSink sink) {
        AudioEncoder encoder = CodecFactory.encoder(sendCodec, config.opus());
        synchronized (rosterLock) {
            // Blocks of BLOCK participants per lane: a small room stays on one lane, a large one spreads.
            int lane = (int) ((firstLane + joined++ / FanOutLanes.BLOCK) % lanes.laneCount());
            Participant participant = new Participant(participantId, sendCodec, input, sink, encoder, lane);
            if (closed || indexOf(roster, participantId) >= 0) {
                encoder.close();
                throw new IllegalStateException(closed ? "mixer of room " + roomId + " is closed"
                        : "participant " + participantId + " is already in room " + roomId);
            }
            if (config.sharedListenerEncodes() && sharedEncoders[sendCodec.ordinal()] == null) {
                // Written before the roster below, so a tick that sees this participant sees the encoder too.
                sharedEncoders[sendCodec.ordinal()] = CodecFactory.encoder(sendCodec, config.opus());
            }
            Participant[] current = roster;
            Participant[] next = Arrays.copyOf(current, current.length + 1);
            next[current.length] = participant;
            roster = next;
            LOG.info("room {} participant {} joined the audio mix sending {}", roomId, participantId, sendCodec);
            return new ParticipantHandle(this, participant);
        }
    }

    /** @return false if no participant has that id */
    public boolean remove(String participantId) {
        Participant gone;
        synchronized (rosterLock) {
            Participant[] current = roster;
            int index = indexOf(current, participantId);
            if (index < 0) {
                return false;
            }
            gone = current[index];
            Participant[] next = new Participant[current.length - 1];
            System.arraycopy(current, 0, next, 0, index);
            System.arraycopy(current, index + 1, next, index, current.length - index - 1);
            gone.removed = true;
            roster = next;
            retired.add(gone);
        }
        LOG.info("room {} participant {} left the audio mix", roomId, participantId);
        // Called from a sink or listener during a tick, the encoder may still be in use: the next tick frees it.
        if (!tickLock.isHeldByCurrentThread() && tickLock.tryLock()) {
            try {
                closeRetired(); // no tick is running: free its encoder now
            } finally {
                tickLock.unlock();
            }
        }
        return true;
    }

    /** Runs one 20 ms mixing cycle on the calling thread. */
    public void tick() {
        if (!tickLock.tryLock()) {
            overlappingTicks.incrementAndGet();
            return;
        }
        TickFrames frames = null;
        try {
            if (closed) {
                return;
            }
            closeRetired();
            Participant[] current = roster;
            long now = ++tickNumber;
            long startNanos = System.nanoTime();
            readInputs(current);
            TickFrames free = frameRing[frameCursor];
            if (free.busy()) {
                skippedTicks++; // the lanes still send this room's last FRAME_RING ticks: this one is dropped
                droppedTicks++;
                lanes.countDroppedTick();
                ticks++;
                return;
            }
            frameCursor = (frameCursor + 1) % FRAME_RING;
            free.begin(startNanos, skippedTicks);
            skippedTicks = 0;
            frames = free;
            int talkers = selector.select(current);
            bus.clear();
            for (int k = 0; k < talkers; k++) {
                bus.add(current[selector.talker(k)].frame);
            }
            short[] fullMix = bus.fullMix();
            tap(fullMix);
            for (int k = 0; k < talkers; k++) {
                Participant talker = current[selector.talker(k)];
                talker.talkerTicks++;
                talker.lastTalkerTick = now;
                bus.mixMinus(talker.frame, talker.mixMinusSelf);
                encodeOwn(talker, talker.mixMinusSelf, now, frames);
            }
            for (Participant listener : current) {
                if (listener.talker) {
                    continue;
                }
                if (config.sharedListenerEncodes() && now - listener.lastTalkerTick > SHARED_ENCODER_MEMORY_TICKS) {
                    deliverShared(listener, fullMix, now, frames);
                } else {
                    encodeOwn(listener, fullMix, now, frames);
                }
            }
            if (speakers.update(current)) {
                notifySpeakerChange(speakers.activeSpeaker());
            }
            ticks++;
        } finally {
            tickLock.unlock();
        }
        if (frames != null) {
            frames.dispatch(); // outside every lock: the lanes send while the next tick mixes
        }
    }

    private void readInputs(Participant[] current) {
        double threshold = config.silenceThresholdDbov();
        for (Participant p : current) {
            boolean got;
            try {
                got = p.input.read(p.frame);
            } catch (RuntimeException e) {
                got = false;
                inputFailures++;
                if (p.inputFailures++ % FAILURE_LOG_INTERVAL == 0) {
                    LOG.warn("room {} participant {} input failed {} times, counted as silence: {}", roomId, p.id,
                            p.inputFailures, e.toString());
                }
            }
            if (got) {
                p.framesRead++;
            }
            p.hasFrame = got && !p.muted;
            p.updateLevel(p.hasFrame ? AudioLevels.power(p.frame, 0, FRAME) : 0);
            if (!p.hasFrame || p.level <= threshold) {
                p.silentTicks++;
            }
        }
    }

    private void encodeOwn(Participant p, short[] pcm, long now, TickFrames frames) {
        if (p.lastOwnEncodeTick != now - 1) {
            p.encoder.reset();
        }
        p.lastOwnEncodeTick = now;
        int length = p.encoder.encode(pcm, 0, p.payload, 0);
        p.ownEncodes++;
        encodes++;
        if (length < 0) {
            encodeFailures++;
        } else if (length > 0) {
            frames.addOwn(p, p.payload, length);
        }
    }

    private void deliverShared(Participant listener, short[] fullMix, long now, TickFrames frames) {
        int c = listener.codec.ordinal();
        if (sharedEncodedTick[c] != now) {
            AudioEncoder shared = sharedEncoders[c];
            if (sharedEncodedTick[c] != now - 1) {
                shared.reset();
            }
            sharedEncodedTick[c] = now;
            sharedLengths[c] = shared.encode(fullMix, 0, frames.shared[c], 0);
            encodes++;
            sharedEncodes++;
            if (sharedLengths[c] < 0) {
                encodeFailures++;
            }
        }
        if (sharedLengths[c] > 0) {
            frames.addShared(listener, c, sharedLengths[c]);
        }
    }

    /** On the participant's fan-out lane: one frame to its sink, after {@code skipped} dropped ticks. */
    void deliver(Participant p, byte[] payload, int offset, int length, int skipped) {
        try {
            if (skipped > 0) {
                p.sink.skipped(skipped * p.codec.timestampsPerFrame());
            }
            p.sink.deliver(payload, offset, length, p.codec.timestampsPerFrame());
            p.framesDelivered++;
        } catch (RuntimeException e) {
            sinkFailures.increment();
            if (p.sinkFailures++ % FAILURE_LOG_INTERVAL == 0) {
                LOG.warn("room {} participant {} sink failed {} times, frame dropped: {}", roomId, p.id,
                        p.sinkFailures, e.toString());
            }
        }
    }

    private void tap(short[] fullMix) {
        MixTap tap = mixTap;
        if (tap != null) {
            try {
                tap.mixed(fullMix);
            } catch (RuntimeException e) {
                sinkFailures.increment();
                LOG.warn("room {} mix tap failed: {}", roomId, e.toString());
            }
        }
    }

    private void notifySpeakerChange(String id) {
        ActiveSpeakerListener listener = speakerListener;
        LOG.debug("room {} active speaker is now {}", roomId, id);
        if (listener != null) {
            try {
                listener.activeSpeakerChanged(id);
            } catch (RuntimeException e) {
                LOG.warn("room {} active speaker listener failed: {}", roomId, e.toString());
            }
        }
    }

    private void closeRetired() {
        for (Participant p; (p = retired.poll()) != null; ) {
            p.encoder.close();
        }
    }

    /** Current smoothed level of every participant, as RFC 6464 values (0 loudest, 127 silent). */
    public Map<String, Integer> levels() {
        Map<String, Integer> levels = new LinkedHashMap<>();
        for (Participant p : roster) {
            levels.put(p.id, AudioLevels.rfc6464Level(p.level));
        }
        return levels;
    }

    /** The participant loudest over roughly the last second, kept through pauses until someone else speaks. */
    public Optional<String> activeSpeaker() {
        return Optional.ofNullable(speakers.activeSpeaker());
    }

    public void setActiveSpeakerListener(ActiveSpeakerListener listener) {
        this.speakerListener = listener;
    }

    /** Sets (or with null removes) the receiver of the room's full mix, e.g. a recorder. */
    public void setMixTap(MixTap tap) {
        this.mixTap = tap;
    }

    /** Ids of the talkers mixed in the last tick (exact on the tick thread, a recent view elsewhere). */
    public List<String> talkers() {
        List<String> ids = new ArrayList<>();
        for (Participant p : roster) {
            if (p.talker) {
                ids.add(p.id);
            }
        }
        return Collections.unmodifiableList(ids);
    }

    public Optional<ParticipantStats> stats(String participantId) {
        Participant[] current = roster;
        int index = indexOf(current, participantId);
        return index < 0 ? Optional.empty() : Optional.of(current[index].stats());
    }

    public MixerStats stats() {
        return new MixerStats(ticks, encodes, sharedEncodes, encodeFailures, inputFailures, sinkFailures.sum(),
                overlappingTicks.get(), roster.length, droppedTicks);
    }

    /** Frees every encoder; waits for a running tick to finish. Later ticks do nothing. Idempotent. */
    @Override
    public void close() {
        synchronized (rosterLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        tickLock.lock();
        try {
            Participant[] last = roster;
            roster = new Participant[0];
            for (Participant p : last) {
                p.removed = true;
                p.encoder.close();
            }
            closeRetired();
            for (int c = 0; c < CODECS; c++) {
                if (sharedEncoders[c] != null) {
                    sharedEncoders[c].close();
                    sharedEncoders[c] = null;
                }
            }
        } finally {
            tickLock.unlock();
        }
        LOG.info("room {} audio mixer closed after {} ticks", roomId, ticks);
    }

    private static int indexOf(Participant[] participants, String id) {
        for (int i = 0; i < participants.length; i++) {
            if (participants[i].id.equals(id)) {
                return i;
            }
        }
        return -1;
    }
}
