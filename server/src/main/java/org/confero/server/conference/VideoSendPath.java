package org.confero.server.conference;

import org.confero.mixer.video.Tier;

import java.util.concurrent.ThreadLocalRandom;
import org.confero.mixer.rtp.Bytes;
import org.confero.mixer.rtp.PacketBuffer;
import org.confero.mixer.rtp.ReceiveStatistics;
import org.confero.mixer.rtp.SenderStatistics;
import org.confero.mixer.video.VideoCodec;

/**
 * The composite's way to one receiver: packets of the receiver's {@link TierStream} → this receiver's payload
 * type, SSRC, sequence numbers and timestamps (RFC 3550 §5.1) → transport. Sequence numbers and timestamps run
 * on without a jump when the receiver moves to another tier, so a move never looks like a stream restart; a
 * receiver starts forwarding a stream at a keyframe. NACKs are answered from the stream's cache, keyframe
 * requests go to the stream's encoder (coalesced there), bandwidth and loss reports move the receiver between
 * tiers.
 */
final class VideoSendPath {
    private static final long SR_INTERVAL_NANOS = 5_000_000_000L;
    private static final int MAX_PACKET = 1500;

    private final PacketSender sender;
    private final NegotiatedVideo video;
    private final long ssrc;
    private final String cname;
    private final RoomVideo room;
    private final TierChooser chooser;
    private final SenderStatistics senderStatistics;
    private final byte[] out = new byte[PacketBuffer.HEADROOM + MAX_PACKET + PacketBuffer.TAILROOM];
    private final byte[] retransmit = new byte[PacketBuffer.HEADROOM + MAX_PACKET + PacketBuffer.TAILROOM];
    private final SenderReport report = new SenderReport();
    private final Object membership = new Object();
    private volatile TierStream stream;
    private volatile ReceiveStatistics receiveStatistics;
    private TierStream forwardingFrom;
    private boolean started;
    private int nextSequence = ThreadLocalRandom.current().nextInt(0x10000);
    private int sequenceDelta;
    private long timestampDelta;
    private long lastTimestamp = ThreadLocalRandom.current().nextLong(0x1_0000_0000L);
    private long lastSendNanos;
    private long lastReportNanos;
    private long packetsSent;
    private long retransmitted;
    private long nacksReceived;
    private long keyframeRequests;
    private long bytesThisSecond;
    private long rateWindowStart = System.nanoTime();
    private volatile long sendingBitsPerSecond;

    VideoSendPath(PacketSender sender, NegotiatedVideo video, LocalStreams streams, RoomVideo room) {
        this.sender = sender;
        this.video = video;
        this.ssrc = streams.videoSsrc();
        this.cname = streams.cname();
        this.room = room;
        Tier ceiling = Tier.largestWithin(video.maxFrameSizeMacroblocks(), video.maxBitrateKbps());
        this.chooser = new TierChooser(ceiling, ceiling);
        this.senderStatistics = new SenderStatistics(ssrc, VideoCodec.RTP_CLOCK_RATE);
    }

    long ssrc() {
        return ssrc;
    }

    void setReceiveStatistics(ReceiveStatistics statistics) {
        this.receiveStatistics = statistics;
    }

    private TierStream.Key key(Tier tier) {
        return new TierStream.Key(video.codec(), tier, video.h264PacketizationMode(), video.maxPayloadBytes());
    }

    /** Starts receiving the composite (admitted, not on hold). Idempotent. */
    void start() {
        synchronized (membership) {
            if (stream == null) {
                stream = room.attach(this, key(chooser.current()));
            }
        }
    }

    /** Stops receiving the composite. Idempotent. */
    void stop() {
        synchronized (membership) {
            TierStream s = stream;
            stream = null;
            synchronized (this) {
                forwardingFrom = null;
            }
            if (s != null) {
                room.detach(this, s);
            }
        }
    }

    /** One packet of a stream's frame, on the compositor's thread. */
    synchronized void forward(TierStream from, byte[] packet, int offset, int length, int streamSequence,
            long streamTimestamp, boolean frameStart, boolean keyframe) {
        if (from != stream) {
            return; // a stream we just left
        }
        long now = System.nanoTime();
        if (from != forwardingFrom) {
            if (!(frameStart && keyframe)) {
                return; // a receiver joins a stream at a keyframe: anything else would not decode
            }
            // go on from where this receiver's sequence and timeline are (RFC 3550 §5.1: no jump on a tier move)
            long elapsed = started ? (now - lastSendNanos) * VideoCodec.RTP_CLOCK_RATE / 1_000_000_000L : 0;
            sequenceDelta = (nextSequence - streamSequence) & 0xFFFF;
            timestampDelta = lastTimestamp + elapsed - streamTimestamp;
            forwardingFrom = from;
            started = true;
        }
        int off = PacketBuffer.HEADROOM;
        System.arraycopy(packet, offset, out, off, length);
        int sequence = (streamSequence + sequenceDelta) & 0xFFFF;
        long timestamp = (streamTimestamp + timestampDelta) & 0xFFFF_FFFFL;
        rewrite(out, off, sequence, timestamp);
        try {
            sender.sendRtp(out, off, length);
            packetsSent++;
            senderStatistics.onPacketSent(length - 12, timestamp, now);
        } catch (RuntimeException e) {
            // a closed transport: the leg is going away
        }
        nextSequence = (sequence + 1) & 0xFFFF;
        lastTimestamp = timestamp;
        lastSendNanos = now;
        bytesThisSecond += length;
        if (now - rateWindowStart >= 1_000_000_000L) {
            sendingBitsPerSecond = bytesThisSecond * 8_000_000_000L / (now - rateWindowStart);
            bytesThisSecond = 0;
            rateWindowStart = now;
        }
        if (frameStart && now - lastReportNanos >= SR_INTERVAL_NANOS) {
            lastReportNanos = now;
            sendReport(now);
        }
    }

    private void rewrite(byte[] b, int off, int sequence, long timestamp) {
        b[off + 1] = (byte) ((b[off + 1] & 0x80) | video.payloadType());
        Bytes.putUint16(b, off + 2, sequence);
        Bytes.putUint32(b, off + 4, timestamp);
        Bytes.putUint32(b, off + 8, ssrc);
    }

    /** RFC 4585 §6.2.1: the receiver lost our packet {@code sequence}; resend it when we still have it. */
    synchronized boolean onNack(int sequence) {
        nacksReceived++;
        TierStream s = forwardingFrom;
        if (s == null) {
            return false;
        }
        int off = PacketBuffer.HEADROOM;
        int length = s.retransmission((sequence - sequenceDelta) & 0xFFFF, retransmit, off);
        if (length < 12) {
            return false;
        }
        long timestamp = (Bytes.uint32(retransmit, off + 4) + timestampDelta) & 0xFFFF_FFFFL;
        rewrite(retransmit, off, sequence & 0xFFFF, timestamp);
        try {
            sender.sendRtp(retransmit, off, length);
            retransmitted++;
            return true;
        } catch (RuntimeException e) {
            return false; // as above
        }
    }

    /** A PLI, FIR or SIP INFO from this receiver. */
    void onKeyframeRequest() {
        keyframeRequests++;
        TierStream s = stream;
        if (s != null) {
            room.requestKeyframe(s.key());
        }
    }

    /** A REMB estimate for our video. */
    void onBandwidth(long bitsPerSecond, long nowNanos) {
        moveTo(chooser.onBandwidth(bitsPerSecond, sendingBitsPerSecond, nowNanos));
    }

    /** A report block about our video: RTT for the statistics, loss for the tier of receivers without REMB. */
    void onReportBlock(int fractionLost, long jitter, long lastSr, long delaySinceLastSr, long arrivalNtp,
            long nowNanos) {
        senderStatistics.onReportBlock(fractionLost, jitter, lastSr, delaySinceLastSr, arrivalNtp);
        if (!video.accepts(VideoFeedback.REMB)) {
            moveTo(chooser.onLoss(fractionLost, nowNanos));
        }
    }

    /**
     * Membership changes hold only {@link #membership}, never this object's lock, which the compositor's thread
     * takes per packet: the compositor never waits for a receiver that waits for the compositor.
     */
    private void moveTo(Tier tier) {
        synchronized (membership) {
            TierStream current = stream;
            if (current == null || current.key().tier() == tier) {
                return;
            }
            stream = room.attach(this, key(tier));
            room.detach(this, current);
        }
    }

    private void sendReport(long now) {
        report.send(sender, senderStatistics, receiveStatistics, ssrc, cname, now);
    }

    long packetsSent() {
        return packetsSent;
    }

    long retransmitted() {
        return retransmitted;
    }

    long nacksReceived() {
        return nacksReceived;
    }

    long keyframeRequests() {
        return keyframeRequests;
    }

}
