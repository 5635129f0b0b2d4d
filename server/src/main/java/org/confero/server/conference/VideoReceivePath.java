package org.confero.server.conference;

import java.util.List;
import java.util.concurrent.Executor;
import org.confero.mixer.rtp.PacketBuffer;
import org.confero.mixer.rtp.ReceiveStatistics;
import org.confero.mixer.rtp.RtcpWriter;
import org.confero.mixer.rtp.RtpPacket;
import org.confero.mixer.video.EncodedFrame;
import org.confero.mixer.video.VideoCodec;
import org.confero.mixer.video.rtp.FrameAssembler;
import org.confero.mixer.video.rtp.FrameAssemblerConfig;
import org.confero.mixer.video.rtp.FrameAssemblerListener;
import org.confero.mixer.video.rtp.FrameAssemblerStats;

/**
 * A participant's camera into the room:
 * <pre>
 * transport thread: RtpPacket.wrap → payload type → SSRC latch → ReceiveStatistics → PacketRing (copy, bounded)
 * stream's worker:  PacketRing → FrameAssembler (reorder, NACK, keyframe requests) → decoder → compositor tile
 * </pre>
 * Decoding runs on the shared video pool, one run per stream at a time ({@link SerialWorker}), so a stream's
 * frames decode in order and the transport thread never decodes. Keyframe requests go out as PLI, else FIR,
 * else (a phone that negotiated neither) as SIP INFO through the leg's listener.
 */
final class VideoReceivePath implements FrameAssemblerListener {
    private static final long SSRC_SWITCH_SILENCE_NANOS = 500_000_000L;
    private static final int RING_PACKETS = 512;
    private static final int MAX_PACKET = 1500;
    private static final long DECODER_KEYFRAME_REQUEST_NANOS = 500_000_000L;

    private final NegotiatedVideo video;
    private final RoomComposite.Source source;
    private final PacketSender sender;
    private final long ownSsrc;
    private final LegListener listener;
    private final ConferenceCounters counters;
    private final VideoSendPath sendPath;
    private final PacketRing ring = new PacketRing(RING_PACKETS, MAX_PACKET);
    private FrameAssembler assembler; // the worker's: replaced when the stream's SSRC changes
    private long assembledSsrc = -1;
    private long lastAssembledArrivalNanos;
    private final SerialWorker worker;
    private final RtpPacket view = new RtpPacket();
    private final byte[] rtcp = new byte[PacketBuffer.HEADROOM + 1400 + PacketBuffer.TAILROOM];
    private volatile boolean timerDue;
    private volatile boolean receiving = true;
    private volatile long lastReceiveNanos = System.nanoTime();
    private volatile ReceiveStatistics statistics;
    private volatile FrameAssemblerStats assemblerStats;
    private long latchedSsrc = -1;
    private long packetsAccepted;
    private long packetsDropped;
    private long nacksSent;
    private long keyframeRequestsSent;
    private int firSequence;
    private long lastDecoderKeyframeRequestNanos = System.nanoTime() - DECODER_KEYFRAME_REQUEST_NANOS;

    VideoReceivePath(NegotiatedVideo video, RoomComposite.Source source, PacketSender sender, LocalStreams streams,
            LegListener listener, ConferenceCounters counters, VideoSendPath sendPath, Executor pool) {
        this.video = video;
        this.source = source;
        this.sender = sender;
        this.ownSsrc = streams.videoSsrc();
        this.listener = listener;
        this.counters = counters;
        this.sendPath = sendPath;
        this.assembler = new FrameAssembler(video.codec(), FrameAssemblerConfig.defaults(), this);
        this.assemblerStats = assembler.stats();
        this.worker = new SerialWorker(pool, this::work);
    }

    /** Transport thread: checks and copies the packet, then lets the stream's worker take it. */
    void receiveRtp(byte[] packet, int offset, int length, long arrivalNanos) {
        if (!view.wrap(packet, offset, length)) {
            drop(counters.rtpMalformed);
            return;
        }
        if (view.payloadType() != video.payloadType()) {
            drop(counters.rtpUnknownPayloadType);
            return;
        }
        long ssrc = view.ssrc();
        if (ssrc != latchedSsrc) {
            if (latchedSsrc >= 0 && arrivalNanos - lastReceiveNanos < SSRC_SWITCH_SILENCE_NANOS) {
                drop(counters.rtpForeignSsrc); // a second stream while the first is alive: injected or misrouted
                return;
            }
            latchedSsrc = ssrc;
            ReceiveStatistics fresh = new ReceiveStatistics(ssrc, VideoCodec.RTP_CLOCK_RATE);
            statistics = fresh;
            sendPath.setReceiveStatistics(fresh);
        }
        statistics.onPacket(view.sequenceNumber(), view.timestamp(), arrivalNanos);
        lastReceiveNanos = arrivalNanos;
        if (!receiving) {
            return; // on hold or in the lobby: counted as received, not shown
        }
        if (!ring.offer(packet, offset, length, arrivalNanos)) {
            drop(counters.videoQueueFull); // the stream's worker is behind: loss that NACK/keyframe recovers
            return;
        }
        packetsAccepted++;
        worker.signal();
    }

    private void drop(org.confero.server.metrics.Metrics.Counter counter) {
        packetsDropped++;
        counter.increment();
    }

    /** The peer's SR for its video (lip sync and our report block's delay since last SR). */
    void onSenderReport(long ssrc, long ntpTimestamp, long arrivalNanos) {
        ReceiveStatistics s = statistics;
        if (s != null && s.ssrc() == ssrc) {
            s.onSenderReport(ntpTimestamp, arrivalNanos);
        }
    }

    /** Called every ~20 ms by the room: NACK retries, frame deadlines and repeated keyframe requests. */
    void tick() {
        timerDue = true;
        worker.signal();
    }

    void setReceiving(boolean receiving) {
        this.receiving = receiving;
        source.setHasVideo(receiving);
    }

    /** The stream's worker: everything the transport handed over, then the timer. One run at a time. */
    private void work() {
        ring.drain(this::assemble);
        if (!timerDue) {
            return;
        }
        timerDue = false;
        assembler.onTimer(System.nanoTime());
        // counters are read every housekeeping tick (20 ms), not per packet: stats() builds a record
        FrameAssemblerStats now = assembler.stats();
        FrameAssemblerStats before = assemblerStats;
        long dropped = now.framesDroppedIncomplete() + now.framesDroppedMalformed() + now.framesDroppedOversize()
                - before.framesDroppedIncomplete() - before.framesDroppedMalformed() - before.framesDroppedOversize();
        if (dropped > 0) {
            counters.videoFramesDropped.add(dropped);
        }
        assemblerStats = now;
    }

    private void assemble(byte[] packet, int length, long arrivalNanos) {
        long ssrc = org.confero.mixer.rtp.Bytes.uint32(packet, 8);
        if (ssrc != assembledSsrc) {
            // the sender restarted its stream (the transport accepted the switch): new sequence space, new frames
            if (assembledSsrc >= 0) {
                assembler.close();
                assembler = new FrameAssembler(video.codec(), FrameAssemblerConfig.defaults(), this);
                assemblerStats = assembler.stats();
            }
            assembledSsrc = ssrc;
        }
        lastAssembledArrivalNanos = arrivalNanos;
        assembler.onPacket(packet, 0, length, arrivalNanos);
    }

    @Override
    public void onFrame(EncodedFrame frame) {
        frame.arrivalNanos(lastAssembledArrivalNanos); // a frame completes with the packet just assembled
        if (source.decode(frame)) {
            long now = System.nanoTime();
            // the assembler thought the frame whole, the decoder disagrees: ask again, but not per frame
            if (now - lastDecoderKeyframeRequestNanos >= DECODER_KEYFRAME_REQUEST_NANOS) {
                lastDecoderKeyframeRequestNanos = now;
                requestKeyframe();
            }
        }
    }

    @Override
    public void sendNack(int[] seqs, int count) {
        if (!video.accepts(VideoFeedback.NACK) || latchedSsrc < 0) {
            return;
        }
        int off = PacketBuffer.HEADROOM;
        // RFC 3550 §6.1 / RFC 4585 §3.1: feedback goes in a compound packet that starts with a report
        int rr = RtcpWriter.writeReceiverReport(rtcp, off, ownSsrc, List.of());
        int nack = RtcpWriter.writeNack(rtcp, off + rr, ownSsrc, latchedSsrc, seqs, count);
        if (rr > 0 && nack > 0) {
            nacksSent += count;
            counters.videoNacksSent.add(count);
            sender.sendRtcp(rtcp, off, rr + nack);
        }
    }

    @Override
    public void requestKeyframe() {
        keyframeRequestsSent++;
        counters.videoKeyframeRequestsSent.increment();
        long media = latchedSsrc;
        int off = PacketBuffer.HEADROOM;
        if (media >= 0 && video.accepts(VideoFeedback.PLI)) {
            int rr = RtcpWriter.writeReceiverReport(rtcp, off, ownSsrc, List.of());
            int pli = RtcpWriter.writePli(rtcp, off + rr, ownSsrc, media);
            sender.sendRtcp(rtcp, off, rr + pli);
        } else if (media >= 0 && video.accepts(VideoFeedback.FIR)) {
            int rr = RtcpWriter.writeReceiverReport(rtcp, off, ownSsrc, List.of());
            int fir = RtcpWriter.writeFir(rtcp, off + rr, ownSsrc, media, firSequence++ & 0xFF);
            sender.sendRtcp(rtcp, off, rr + fir);
        } else {
            listener.onKeyframeNeeded(); // RFC 5168 SIP INFO, for phones without RTCP feedback
        }
    }

    long packetsAccepted() {
        return packetsAccepted;
    }

    long packetsDropped() {
        return packetsDropped;
    }

    long nacksSent() {
        return nacksSent;
    }

    long keyframeRequestsSent() {
        return keyframeRequestsSent;
    }

    FrameAssemblerStats assemblerStats() {
        return assemblerStats;
    }

    /**
     * Stops the worker after a run in progress, then frees the assembler's buffers: nothing decodes into the tile
     * from this stream after this returns.
     */
    void close() {
        worker.stop(() -> {
            assembler.close();
            source.setHasVideo(false); // the participant stays in the picture, as initials
        });
    }
}
