package org.confero.server.conference;

import org.confero.server.metrics.Metrics;

/** Named counters for what the media legs drop or notice, as /metrics shows them. */
final class ConferenceCounters {
    final Metrics.Counter rtpMalformed;
    final Metrics.Counter rtpUnknownPayloadType;
    final Metrics.Counter rtpForeignSsrc;
    final Metrics.Counter rtpJitterDropped;
    final Metrics.Counter rtcpMalformed;
    final Metrics.Counter dtmfDigits;
    final Metrics.Counter legsOpened;
    final Metrics.Counter roomFull;
    final Metrics.Counter videoQueueFull;
    final Metrics.Counter videoKeyframeRequestsSent;
    final Metrics.Counter videoKeyframeRequestsReceived;
    final Metrics.Counter videoNacksReceived;
    final Metrics.Counter videoRetransmissions;
    final Metrics.Counter videoNacksSent;
    final Metrics.Counter videoFramesDropped;
    /**
     * Legs answered and not yet confirmed by their ACK, kept as they change (join, confirm, close) so that admission
     * control can read it for every INVITE without walking the rooms.
     */
    final java.util.concurrent.atomic.AtomicInteger legsUnconfirmed = new java.util.concurrent.atomic.AtomicInteger();

    /** Per-leg quality from each RTCP report block a participant sends about our stream, by participant kind. */
    final org.confero.server.metrics.Histogram legLoss;
    final org.confero.server.metrics.Histogram legJitter;
    final org.confero.server.metrics.Histogram legRtt;
    final org.confero.server.metrics.Histogram legMos;

    ConferenceCounters(Metrics metrics) {
        legLoss = metrics.histogram("confero_leg_loss_ratio", "fraction of our packets a participant reported lost",
                new double[] {0, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5}, "kind");
        legJitter = metrics.histogram("confero_leg_jitter_seconds", "interarrival jitter a participant reported",
                new double[] {0.001, 0.005, 0.01, 0.02, 0.04, 0.08, 0.16}, "kind");
        legRtt = metrics.histogram("confero_leg_rtt_seconds", "round-trip time to a participant (RTCP LSR/DLSR)",
                new double[] {0.001, 0.01, 0.05, 0.1, 0.2, 0.4, 0.8}, "kind");
        legMos = metrics.histogram("confero_leg_mos", "estimated mean opinion score of a leg (simplified E-model)",
                new double[] {1.5, 2, 2.5, 3, 3.5, 4, 4.3, 4.5}, "kind");
        rtpMalformed = metrics.counter("confero_rtp_dropped_malformed_total", "RTP datagrams that did not parse");
        rtpUnknownPayloadType = metrics.counter("confero_rtp_dropped_payload_type_total",
                "RTP packets with a payload type that was not negotiated");
        rtpForeignSsrc = metrics.counter("confero_rtp_dropped_foreign_ssrc_total",
                "RTP packets from a second SSRC while the leg's stream was alive");
        rtpJitterDropped = metrics.counter("confero_rtp_dropped_jitter_buffer_total",
                "RTP packets the jitter buffer refused (late, duplicate, malformed)");
        rtcpMalformed = metrics.counter("confero_rtcp_dropped_malformed_total", "RTCP compound packets rejected");
        dtmfDigits = metrics.counter("confero_dtmf_digits_total", "DTMF digits received (RFC 4733)");
        legsOpened = metrics.counter("confero_audio_legs_opened_total", "audio legs that joined a room");
        roomFull = metrics.counter("confero_room_full_total", "joins refused because the room was full");
        videoQueueFull = metrics.counter("confero_video_dropped_queue_full_total",
                "video packets dropped because the stream's decode worker was behind");
        videoKeyframeRequestsSent = metrics.counter("confero_video_keyframe_requests_sent_total",
                "keyframe requests (PLI, FIR, SIP INFO) sent to participants");
        videoKeyframeRequestsReceived = metrics.counter("confero_video_keyframe_requests_received_total",
                "keyframe requests (PLI, FIR, SIP INFO) received from participants");
        videoNacksReceived = metrics.counter("confero_video_nacks_received_total",
                "packets participants asked us to send again (RFC 4585 NACK)");
        videoFramesDropped = metrics.counter("confero_video_frames_dropped_total",
                "participants' frames given up: incomplete past their deadline, malformed or oversize");
        videoNacksSent = metrics.counter("confero_video_nacks_sent_total",
                "lost packets we asked participants to send again (RFC 4585 NACK)");
        videoRetransmissions = metrics.counter("confero_video_retransmissions_total",
                "packets sent again in answer to a NACK");
    }
}
