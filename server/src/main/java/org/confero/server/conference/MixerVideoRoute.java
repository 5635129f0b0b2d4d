package org.confero.server.conference;


import java.util.concurrent.atomic.AtomicBoolean;
import org.confero.mixer.rtp.Bytes;
import org.confero.mixer.rtp.NtpTime;
import org.confero.mixer.rtp.RtcpFeedback;
import org.confero.mixer.rtp.RtcpListener;
import org.confero.mixer.rtp.RtcpParseResult;
import org.confero.mixer.rtp.RtcpParser;

/**
 * A leg's video: its camera into the compositor ({@link VideoReceivePath}) and the composite out
 * ({@link VideoSendPath}), with the RTCP that concerns either. RTCP feedback about our composite (NACK, PLI,
 * FIR, REMB, report blocks) is matched on our video SSRC, so on a bundled transport the audio's reports never
 * move video and the reverse.
 */
final class MixerVideoRoute implements VideoRoute {
    private final NegotiatedVideo video;
    private final VideoReceivePath receivePath;
    private final VideoSendPath sendPath;
    private final RoomComposite.Source source;
    private final ConferenceCounters counters;
    private final RtcpParser rtcpParser = new RtcpParser();
    private final Feedback feedback = new Feedback();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Runnable onClose;
    private volatile boolean sending;
    private long rtcpDropped;

    MixerVideoRoute(NegotiatedVideo video, VideoReceivePath receivePath, VideoSendPath sendPath,
            RoomComposite.Source source, ConferenceCounters counters, Runnable onClose) {
        this.onClose = onClose;
        this.video = video;
        this.receivePath = receivePath;
        this.sendPath = sendPath;
        this.source = source;
        this.counters = counters;
    }

    @Override
    public int payloadType() {
        return video.payloadType();
    }

    @Override
    public void receiveRtp(byte[] packet, int offset, int length, long arrivalNanos) {
        if (!closed.get()) {
            receivePath.receiveRtp(packet, offset, length, arrivalNanos);
        }
    }

    @Override
    public void receiveRtcp(byte[] packet, int offset, int length, long arrivalNanos) {
        if (closed.get()) {
            return;
        }
        synchronized (feedback) { // RTCP of one leg may come from two sockets (RTP and RTCP ports)
            feedback.arrivalNanos = arrivalNanos;
            if (rtcpParser.parse(packet, offset, length, feedback) != RtcpParseResult.OK) {
                rtcpDropped++;
                counters.rtcpMalformed.increment();
            }
        }
    }

    @Override
    public void requestKeyframe() {
        counters.videoKeyframeRequestsReceived.increment();
        sendPath.onKeyframeRequest();
    }

    @Override
    public void setActive(boolean send, boolean receive) {
        if (closed.get()) {
            return;
        }
        boolean out = send && video.send();
        if (out != sending) {
            sending = out;
            if (out) {
                sendPath.start();
            } else {
                sendPath.stop();
            }
        }
        receivePath.setReceiving(receive && video.receive());
    }

    /** Called every ~20 ms by the room's video housekeeping. */
    void tick() {
        if (!closed.get()) {
            receivePath.tick();
        }
    }

    @Override
    public VideoStats stats() {
        var assembled = receivePath.assemblerStats();
        return new VideoStats(receivePath.packetsAccepted(), receivePath.packetsDropped() + rtcpDropped,
                assembled.framesDelivered(), source.framesDecoded(), source.decodeErrors(), receivePath.nacksSent(),
                sendPath.nacksReceived(), receivePath.keyframeRequestsSent(), sendPath.keyframeRequests(),
                sendPath.packetsSent(), sendPath.retransmitted());
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        sendPath.stop();
        receivePath.close(); // nothing decodes into the tile after this
        onClose.run(); // may stop the room's compositor when this was the last video
    }

    /** RTCP that concerns this leg's video. */
    private final class Feedback implements RtcpListener {
        long arrivalNanos;

        @Override
        public void onSenderReport(long ssrc, long ntpTimestamp, long rtpTimestamp, long packetCount, long octetCount) {
            receivePath.onSenderReport(ssrc, ntpTimestamp, arrivalNanos);
        }

        @Override
        public void onReportBlock(long reporterSsrc, long sourceSsrc, int fractionLost, int cumulativeLost,
                long extendedHighestSeq, long jitter, long lastSr, long delaySinceLastSr) {
            if (sourceSsrc == sendPath.ssrc()) {
                sendPath.onReportBlock(fractionLost, jitter, lastSr, delaySinceLastSr,
                        NtpTime.fromUnixNanos(System.currentTimeMillis() * 1_000_000L), arrivalNanos);
            }
        }

        @Override
        public void onNack(long senderSsrc, long mediaSsrc, int packetId, int lostBitmask) {
            if (mediaSsrc == sendPath.ssrc()) {
                RtcpFeedback.forEachNackedSequence(packetId, lostBitmask, seq -> {
                    counters.videoNacksReceived.increment();
                    if (sendPath.onNack(seq)) {
                        counters.videoRetransmissions.increment();
                    }
                });
            }
        }

        @Override
        public void onPli(long senderSsrc, long mediaSsrc) {
            if (mediaSsrc == sendPath.ssrc()) {
                requestKeyframe();
            }
        }

        @Override
        public void onFir(long senderSsrc, long targetSsrc, int commandSequence) {
            if (targetSsrc == sendPath.ssrc()) {
                requestKeyframe();
            }
        }

        @Override
        public void onRemb(long senderSsrc, long bitrateBps, byte[] buf, int ssrcOffset, int ssrcCount) {
            for (int i = 0; i < ssrcCount; i++) {
                if (Bytes.uint32(buf, ssrcOffset + 4 * i) == sendPath.ssrc()) {
                    sendPath.onBandwidth(bitrateBps, arrivalNanos);
                    return;
                }
            }
        }
    }
}
