package org.confero.server.conference;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.confero.mixer.audio.ParticipantHandle;
import org.confero.mixer.codec.AudioDecoder;
import org.confero.mixer.rtp.Bytes;
import org.confero.mixer.rtp.JitterBuffer;
import org.confero.mixer.rtp.JitterBufferStats;
import org.confero.mixer.rtp.NtpTime;
import org.confero.mixer.rtp.ReceiveStatistics;
import org.confero.mixer.rtp.MosEstimate;
import org.confero.mixer.rtp.RtcpListener;
import org.confero.mixer.rtp.SenderStatistics;
import org.confero.mixer.rtp.RtcpParseResult;
import org.confero.mixer.rtp.RtcpParser;
import org.confero.mixer.rtp.RtpPacket;
import org.confero.mixer.rtp.TelephoneEventDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One participant in a room, SIP or WebRTC alike, and the one place its packets' routes are declared. The
 * transport differs (plain UDP per m-line, or SRTP on one bundled transport); the routes do not.
 *
 * <pre>
 * demux (transport thread):  bundled: payload type → kind (RFC 8843 §9.2); per-port transports name the kind
 * AUDIO receive:  RtpPacket.wrap → payload type (audio | telephone-event) → SSRC latch → ReceiveStatistics
 *                   → audio: JitterBuffer.insert                      → telephone-event: DTMF digits
 *       mix (mixer thread):  JitterBuffer.poll → decode / conceal → AudioMixer (everyone but this leg)
 *       send (fan-out lane): encoded mix → RTP header (streams.audioSsrc, seq, ts) → PacketSender; SR every 5 s
 * VIDEO ({@link VideoRoute}): receive: payload type → SSRC latch → statistics → per-stream worker: frame
 *                   assembler (NACK, keyframe requests) → decoder → the room's compositor
 *       send (compositor thread): shared tier encoder → packetizer (once per encoder) → RTP header rewrite
 *                   (streams.videoSsrc, own seq, ts) → PacketSender; NACKs answered from the encoder's cache
 * RTCP:           audio report blocks and SR → audio route; feedback and reports about the video SSRC → video
 * </pre>
 *
 * {@link LocalStreams} is the one owner of the SSRCs and CNAME this leg sends. Anything malformed or unexpected
 * is dropped and counted in {@link ConferenceCounters}; nothing throws.
 */
final class MixerLeg implements Leg {
    private static final Logger LOG = LoggerFactory.getLogger(MixerLeg.class);
    /** A stream that went quiet this long may be replaced by a new SSRC (a phone that restarted its stream). */
    private static final long SSRC_SWITCH_SILENCE_NANOS = 500_000_000L;

    private final LegRequest request;
    private final String roomId;
    private final String participantId;
    private final NegotiatedAudio audio;
    private final Runnable onRosterChange;
    private final Runnable onConfirm;
    private volatile boolean confirmed;
    /** Counted in {@link ConferenceCounters#legsUnconfirmed} until its ACK or its end, whichever comes first. */
    private final AtomicBoolean awaitingAck;
    private volatile boolean muted;
    private volatile boolean videoMuted;
    private volatile boolean admitted;
    private volatile boolean requestedSend = true;
    private volatile boolean requestedReceive = true;
    private final JitterBuffer jitterBuffer;
    private final AudioDecoder decoder;
    private final AudioReceivePath receivePath;
    private final AudioSendPath sendPath;
    private final TelephoneEventDecoder dtmf;
    private final RtcpParser rtcpParser = new RtcpParser();
    private final RtcpHandler rtcpHandler = new RtcpHandler();
    private final ConferenceCounters counters;
    private final Runnable onClose;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final RtpPacket view = new RtpPacket();
    private final LegListener listener;
    private final VideoRoute.Factory videoRoutes;
    private volatile VideoRoute video;
    private volatile VideoRoute screen;
    private volatile long screenSsrc = -1;
    private volatile ParticipantHandle handle;
    private volatile long lastReceiveNanos;
    private volatile ReceiveStatistics statistics;
    private final java.util.concurrent.atomic.LongAdder rtpAccepted = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder rtcpAccepted = new java.util.concurrent.atomic.LongAdder();
    private long latchedSsrc = -1;
    private long dropped;
    private long dtmfDigits;

    MixerLeg(LegRequest request, JitterBuffer jitterBuffer, AudioDecoder decoder, AudioSendPath sendPath,
            LegListener listener, VideoRoute.Factory videoRoutes, ConferenceCounters counters, Runnable onClose,
            Runnable onRosterChange, Runnable onConfirm) {
        this.request = request;
        this.onConfirm = onConfirm;
        this.confirmed = request.confirmed();
        this.awaitingAck = new AtomicBoolean(!confirmed);
        this.listener = listener;
        this.videoRoutes = videoRoutes;
        this.roomId = request.roomId();
        this.participantId = request.participantId();
        this.audio = request.audio();
        this.onRosterChange = onRosterChange;
        this.admitted = request.admitted();
        this.jitterBuffer = jitterBuffer;
        this.decoder = decoder;
        this.receivePath = new AudioReceivePath(jitterBuffer, decoder, audio.codec().rtpClockRate());
        this.sendPath = sendPath;
        this.counters = counters;
        this.onClose = onClose;
        this.dtmf = new TelephoneEventDecoder(digit -> {
            dtmfDigits++;
            counters.dtmfDigits.increment();
            listener.onDtmf(digit);
        });
        this.lastReceiveNanos = System.nanoTime();
        if (!request.admitted()) {
            for (Prompt p : Prompt.values()) {
                PromptFrames.of(p, audio.codec()); // encoded here, at setup, not on the thread that plays them
            }
        }
        applyMedia(); // a lobby participant must not get a single frame before the mixer knows its handle
        if (!confirmed) {
            counters.legsUnconfirmed.incrementAndGet(); // last: a constructor that threw leaves nothing counted
        }
    }

    org.confero.mixer.codec.AudioCodec sendCodec() {
        return audio.codec();
    }

    AudioReceivePath receivePath() {
        return receivePath;
    }

    AudioSendPath sendPath() {
        return sendPath;
    }

    /** Enters the room's mix once; never after close (a closed leg must not leave a participant behind). */
    void attach(java.util.function.Supplier<ParticipantHandle> joinMix) {
        synchronized (this) {
            if (closed.get() || handle != null) {
                return;
            }
            handle = joinMix.get();
        }
        applyMedia();
    }

    boolean confirmed() {
        return confirmed;
    }

    @Override
    public void confirm() {
        if (confirmed) {
            return;
        }
        confirmed = true;
        settleAck();
        try {
            onConfirm.run();
            LOG.info("room {} participant {} confirmed: in the mix", roomId, participantId);
        } catch (IllegalStateException e) {
            LOG.info("room {} participant {} confirmed as the room closed: {}", roomId, participantId, e.getMessage());
        }
    }

    @Override
    public String roomId() {
        return roomId;
    }

    @Override
    public String participantId() {
        return participantId;
    }

    @Override
    public void receiveBundledRtp(byte[] packet, int offset, int length, long arrivalNanos) {
        VideoRoute s = screen;
        // the screen may share the camera's payload type (RFC 8843 §9.2): its SSRC tells it apart
        if (s != null && length >= 12 && (packet[offset + 1] & 0x7F) == s.payloadType()
                && Bytes.uint32(packet, offset + 8) == screenSsrc) {
            s.receiveRtp(packet, offset, length, arrivalNanos);
            return;
        }
        VideoRoute v = video;
        if (v != null && length >= 2 && (packet[offset + 1] & 0x7F) == v.payloadType()) {
            v.receiveRtp(packet, offset, length, arrivalNanos);
        } else {
            receiveAudioRtp(packet, offset, length, arrivalNanos);
        }
    }

    @Override
    public void receiveBundledRtcp(byte[] packet, int offset, int length, long arrivalNanos) {
        receiveAudioRtcp(packet, offset, length, arrivalNanos);
        VideoRoute v = video;
        if (v != null) {
            v.receiveRtcp(packet, offset, length, arrivalNanos);
        }
        VideoRoute s = screen;
        if (s != null) {
            s.receiveRtcp(packet, offset, length, arrivalNanos);
        }
    }

    @Override
    public void receiveRtp(MediaKind kind, byte[] packet, int offset, int length, long arrivalNanos) {
        if (kind == MediaKind.AUDIO) {
            receiveAudioRtp(packet, offset, length, arrivalNanos);
            return;
        }
        VideoRoute v = video;
        if (v != null) {
            v.receiveRtp(packet, offset, length, arrivalNanos);
        } else {
            drop(counters.rtpUnknownPayloadType); // video on a port whose video was just removed
        }
    }

    @Override
    public void receiveRtcp(MediaKind kind, byte[] packet, int offset, int length, long arrivalNanos) {
        if (kind == MediaKind.AUDIO) {
            receiveAudioRtcp(packet, offset, length, arrivalNanos);
            return;
        }
        VideoRoute v = video;
        if (v != null) {
            v.receiveRtcp(packet, offset, length, arrivalNanos);
        }
    }

    private void receiveAudioRtp(byte[] packet, int offset, int length, long arrivalNanos) {
        if (closed.get()) {
            return;
        }
        if (!view.wrap(packet, offset, length)) {
            drop(counters.rtpMalformed);
            return;
        }
        int pt = view.payloadType();
        boolean isAudio = pt == audio.payloadType();
        boolean isDtmf = !isAudio && pt == audio.telephoneEventPayloadType();
        if (!isAudio && !isDtmf) {
            drop(counters.rtpUnknownPayloadType);
            return;
        }
        long ssrc = view.ssrc();
        if (ssrc != latchedSsrc) {
            if (latchedSsrc >= 0 && arrivalNanos - lastReceiveNanos < SSRC_SWITCH_SILENCE_NANOS) {
                drop(counters.rtpForeignSsrc); // a second stream while the first is alive: injected or misrouted
                return;
            }
            if (latchedSsrc >= 0) {
                LOG.info("room {} participant {} stream changed SSRC", roomId, participantId);
            }
            latchedSsrc = ssrc;
            ReceiveStatistics fresh = new ReceiveStatistics(ssrc, audio.codec().rtpClockRate());
            statistics = fresh;
            sendPath.setReceiveStatistics(fresh);
        }
        rtpAccepted.increment();
        statistics.onPacket(view.sequenceNumber(), view.timestamp(), arrivalNanos);
        lastReceiveNanos = arrivalNanos;
        if (isDtmf) {
            dtmf.onPacket(view);
            return;
        }
        JitterBuffer.Insert result = jitterBuffer.insert(packet, offset, length, arrivalNanos);
        if (result != JitterBuffer.Insert.ACCEPTED) {
            counters.rtpJitterDropped.increment(); // the leg's own count comes from the buffer's stats()
        }
    }

    private void receiveAudioRtcp(byte[] packet, int offset, int length, long arrivalNanos) {
        if (closed.get()) {
            return;
        }
        rtcpHandler.arrivalNanos = arrivalNanos;
        RtcpParseResult result = rtcpParser.parse(packet, offset, length, rtcpHandler);
        if (result != RtcpParseResult.OK) {
            drop(counters.rtcpMalformed);
        } else {
            rtcpAccepted.increment();
        }
    }

    private void drop(org.confero.server.metrics.Metrics.Counter counter) {
        dropped++;
        counter.increment();
    }

    @Override
    public void setDirection(boolean send, boolean receive) {
        requestedSend = send;
        requestedReceive = receive;
        applyMedia();
        // Holding a call must not look like a dead call to the RTP timeout.
        lastReceiveNanos = System.nanoTime();
        LOG.info("room {} participant {} direction send={} receive={}", roomId, participantId, send, receive);
    }

    @Override
    public void setVideo(Optional<NegotiatedVideo> negotiated, PacketSender sender) {
        VideoRoute replaced;
        synchronized (this) {
            if (closed.get()) {
                return;
            }
            replaced = video;
            video = negotiated.isPresent() && videoRoutes != null
                    ? videoRoutes.create(this, negotiated.get(), sender) : null;
        }
        if (replaced != null) {
            replaced.close();
        }
        applyMedia();
        LOG.info("room {} participant {} video {}", roomId, participantId,
                video == null ? "off" : negotiated.map(v -> v.codec() + " pt " + v.payloadType()).orElse("off"));
    }

    @Override
    public void setScreenShare(Optional<ScreenShare> share, PacketSender sender) {
        VideoRoute replaced;
        synchronized (this) {
            if (closed.get()) {
                return;
            }
            replaced = screen;
            screen = null;
            if (share.isPresent() && videoRoutes != null) {
                screenSsrc = share.get().ssrc();
                screen = videoRoutes.createScreen(this, share.get(), sender);
                if (screen != null) {
                    screen.setActive(false, admitted);
                }
            }
        }
        if (replaced != null) {
            replaced.close();
        }
        LOG.info("room {} participant {} screen share {}", roomId, participantId, share.isPresent() ? "on" : "off");
    }

    @Override
    public void setVideoMuted(boolean muted) {
        if (videoMuted != muted) {
            videoMuted = muted;
            applyMedia();
        }
    }

    @Override
    public void requestKeyframe() {
        VideoRoute v = video;
        if (v != null) {
            v.requestKeyframe();
        }
    }

    LegListener listener() {
        return listener;
    }

    LocalStreams streams() {
        return request.streams();
    }

    VideoStats videoStats() {
        VideoRoute v = video;
        return v == null ? VideoStats.NONE : v.stats();
    }

    @Override
    public void admit() {
        if (admitted) {
            return;
        }
        admitted = true;
        applyMedia();
        LOG.info("room {} participant {} admitted from the lobby", roomId, participantId);
        onRosterChange.run();
    }

    @Override
    public void play(Prompt prompt) {
        sendPath.play(prompt, prompt == null ? null : PromptFrames.of(prompt, audio.codec()));
    }

    @Override
    public boolean admitted() {
        return admitted;
    }

    /** The one place that turns direction, lobby and mute into what the mixer does with this leg. */
    private void applyMedia() {
        boolean inRoom = admitted;
        sendPath.setSending(requestedSend && inRoom);
        sendPath.setPromptsAllowed(requestedSend && !inRoom);
        receivePath.setReceiving(requestedReceive && inRoom);
        VideoRoute v = video;
        if (v != null) {
            v.setActive(requestedSend && inRoom, requestedReceive && inRoom && !videoMuted);
        }
        VideoRoute s = screen;
        if (s != null) {
            s.setActive(false, requestedReceive && inRoom);
        }
        ParticipantHandle h = handle;
        if (h != null) {
            if (inRoom && requestedReceive && !muted) {
                h.unmute();
            } else {
                h.mute();
            }
        }
    }

    @Override
    public void setMuted(boolean muted) {
        if (this.muted == muted) {
            return;
        }
        this.muted = muted;
        applyMedia();
        LOG.info("room {} participant {} {}", roomId, participantId, muted ? "muted" : "unmuted");
        onRosterChange.run();
    }

    boolean isMuted() {
        return muted;
    }

    String displayName() {
        return request.displayName();
    }

    ParticipantKind kind() {
        return request.kind();
    }

    @Override
    public long lastReceiveNanos() {
        return lastReceiveNanos;
    }

    @Override
    public LegStats stats() {
        ReceiveStatistics s = statistics;
        JitterBufferStats buffered = jitterBuffer.stats();
        return new LegStats(
                s == null ? 0 : s.received(),
                s == null ? 0 : Math.max(0, s.lost()),
                dropped + buffered.late() + buffered.duplicate() + buffered.malformed(),
                s == null ? 0 : s.jitterMillis(),
                sendPath.packetsSent(),
                sendPath.bytesSent(),
                dtmfDigits);
    }

    LegView view() {
        boolean inRoom = admitted;
        return new LegView(roomId, participantId, request.displayName(), request.kind(), audio.codec(),
                audio.payloadType(), requestedSend && inRoom, requestedReceive && inRoom && !muted, inRoom, muted,
                rtpAccepted.sum(), rtcpAccepted.sum(), stats(), videoStats());
    }

    /** Leaves the unconfirmed count exactly once, by its ACK or its end (an ACK and a BYE may race). */
    private void settleAck() {
        if (awaitingAck.compareAndSet(true, false)) {
            counters.legsUnconfirmed.decrementAndGet();
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        settleAck();
        VideoRoute v;
        VideoRoute shared;
        ParticipantHandle h;
        synchronized (this) {
            h = handle; // read under the lock attach() takes: a leg confirmed while closing is removed here
            v = video;
            video = null;
            shared = screen;
            screen = null;
        }
        if (h != null) {
            h.remove();
        }
        if (shared != null) {
            shared.close();
        }
        if (v != null) {
            v.close();
        }
        onClose.run();
        LegStats s = stats();
        LOG.info("room {} participant {} audio closed: received {} lost {} dropped {} sent {} jitter buffer {}"
                + " concealed {} decode errors {}", roomId, participantId, s.packetsReceived(), s.packetsLost(),
                s.packetsDropped(), s.packetsSent(), jitterBuffer.stats(), receivePath.concealedFrames(),
                receivePath.decodeErrors());
    }

    /** Frees the decoder; called by the room once the mixer no longer reads this leg. */
    void release() {
        decoder.close();
    }

    /** Undoes a leg that never got into its room (the room refused it): uncounted and freed, nothing to leave. */
    void abandon() {
        settleAck();
        release();
    }

    /** One report block's figures into the leg quality histograms (a few per leg and minute: RTCP's pace). */
    private void observeQuality(int fractionLost, long jitter, long rttNanos) {
        String kind = request.kind().name().toLowerCase(java.util.Locale.ROOT);
        double loss = fractionLost / 256.0;
        double jitterSeconds = (double) jitter / audio.codec().rtpClockRate();
        counters.legLoss.observe(loss, kind);
        counters.legJitter.observe(jitterSeconds, kind);
        if (rttNanos >= 0) {
            counters.legRtt.observe(rttNanos / 1e9, kind);
        }
        counters.legMos.observe(MosEstimate.of(loss, jitterSeconds * 1000, rttNanos >= 0 ? rttNanos / 1e6 : -1), kind);
    }

    /** RTCP from the peer: its SRs feed our report blocks, its report blocks about our stream give RTT. */
    private final class RtcpHandler implements RtcpListener {
        long arrivalNanos;

        @Override
        public void onSenderReport(long ssrc, long ntpTimestamp, long rtpTimestamp, long packetCount, long octetCount) {
            ReceiveStatistics s = statistics;
            if (s != null && s.ssrc() == ssrc) {
                s.onSenderReport(ntpTimestamp, arrivalNanos);
            }
        }

        @Override
        public void onReportBlock(long reporterSsrc, long sourceSsrc, int fractionLost, int cumulativeLost,
                long extendedHighestSeq, long jitter, long lastSr, long delaySinceLastSr) {
            if (sourceSsrc == sendPath.ssrc()) {
                SenderStatistics sent = sendPath.senderStatistics();
                sent.onReportBlock(fractionLost, jitter, lastSr, delaySinceLastSr,
                        NtpTime.fromUnixNanos(System.currentTimeMillis() * 1_000_000L));
                observeQuality(fractionLost, jitter, sent.rttNanos());
            }
        }
    }
}
