package org.confero.server.conference;

import java.util.ArrayList;
import java.util.List;
import org.confero.mixer.rtp.PacketBuffer;
import org.confero.mixer.rtp.ReceiveStatistics;
import org.confero.mixer.rtp.ReportBlock;
import org.confero.mixer.rtp.RtcpWriter;
import org.confero.mixer.rtp.SenderStatistics;

/**
 * One stream's RTCP sender report with a report block about what we receive from the peer and our CNAME (RFC 3550
 * §6.4.1, §6.5.1), built into a reusable buffer. Every stream of a leg stamps its SR from the same wall clock, so
 * a receiver aligns our audio and video (lip sync).
 */
final class SenderReport {
    private final byte[] buffer = new byte[PacketBuffer.HEADROOM + 512 + PacketBuffer.TAILROOM];
    private final List<ReportBlock> blocks = new ArrayList<>(1);

    /**
     * Sends the report through {@code sender}; false when there was nothing to report yet or the send failed.
     *
     * @param received statistics of the peer's stream of the same kind, or null
     */
    boolean send(PacketSender sender, SenderStatistics statistics, ReceiveStatistics received, long ssrc,
            String cname, long nowNanos) {
        blocks.clear();
        if (received != null) {
            ReportBlock block = received.reportBlock(nowNanos);
            if (block != null) {
                blocks.add(block);
            }
        }
        int off = PacketBuffer.HEADROOM;
        int sr = statistics.writeSenderReport(buffer, off, System.currentTimeMillis() * 1_000_000L, nowNanos, blocks);
        if (sr < 0) {
            return false;
        }
        int sdes = RtcpWriter.writeSdesCname(buffer, off + sr, ssrc, cname);
        try {
            sender.sendRtcp(buffer, off, sr + Math.max(0, sdes));
            return true;
        } catch (RuntimeException e) {
            return false; // a closed transport: the leg is going away
        }
    }

    /**
     * RFC 3550 §6.4.2: while we send no media (the peer holds us, or the stream is inactive) we still report what we
     * receive, as a receiver report; false when the send failed.
     */
    boolean sendReceiverReport(PacketSender sender, ReceiveStatistics received, long ssrc, String cname,
            long nowNanos) {
        blocks.clear();
        if (received != null) {
            ReportBlock block = received.reportBlock(nowNanos);
            if (block != null) {
                blocks.add(block);
            }
        }
        int off = PacketBuffer.HEADROOM;
        int rr = RtcpWriter.writeReceiverReport(buffer, off, ssrc, blocks);
        if (rr < 0) {
            return false;
        }
        int sdes = RtcpWriter.writeSdesCname(buffer, off + rr, ssrc, cname);
        try {
            sender.sendRtcp(buffer, off, rr + Math.max(0, sdes));
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
