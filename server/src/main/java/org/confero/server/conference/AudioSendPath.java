package org.confero.server.conference;

import java.util.concurrent.ThreadLocalRandom;
import org.confero.mixer.audio.EncodedAudioSink;
import org.confero.mixer.rtp.PacketBuffer;
import org.confero.mixer.rtp.ReceiveStatistics;
import org.confero.mixer.rtp.RtpPacket;
import org.confero.mixer.rtp.SenderStatistics;

/**
 * The send route of one leg, on its fan-out lane (always the same thread for a leg, frames in tick order):
 * encoded mix → RTP header with this leg's own SSRC, sequence number and timestamp (RFC 3550 §5.1) → transport;
 * plus an RTCP SR with a report block about what we receive every few seconds (§6.2). One reusable buffer; no
 * allocation per packet.
 */
final class AudioSendPath implements EncodedAudioSink {
    private static final long RTCP_INTERVAL_NANOS = 5_000_000_000L;

    private final PacketSender sender;
    private final int payloadType;
    private final long ssrc;
    private final String cname;
    private final SenderStatistics senderStatistics;
    private final byte[] buffer = new byte[PacketBuffer.HEADROOM + 1500 + PacketBuffer.TAILROOM];
    private final SenderReport report = new SenderReport();
    private volatile boolean sending = true;
    /** What to send while the mix is not sent (a caller outside the room): a one-shot, then a loop; or nothing. */
    private volatile Playback once;
    private volatile Playback loop;
    /** Prompts only reach a caller outside the room that has not put us on hold. */
    private volatile boolean promptsAllowed;
    private volatile ReceiveStatistics receiveStatistics;
    private int sequence = ThreadLocalRandom.current().nextInt(0x10000);
    private long timestamp = ThreadLocalRandom.current().nextLong(0x1_0000_0000L);
    private boolean firstPacket = true;
    private long lastRtcpNanos;
    private long packetsSent;
    private long bytesSent;
    private long sendFailures;

    AudioSendPath(PacketSender sender, int payloadType, long ssrc, String cname, int clockRate) {
        this.sender = sender;
        this.payloadType = payloadType;
        this.ssrc = ssrc;
        this.cname = cname;
        this.senderStatistics = new SenderStatistics(ssrc, clockRate);
        this.lastRtcpNanos = System.nanoTime();
    }

    void setSending(boolean sending) {
        this.sending = sending;
    }

    void setPromptsAllowed(boolean allowed) {
        this.promptsAllowed = allowed;
    }

    /**
     * Plays a prompt while this leg gets no mix: a looping one replaces the loop, a one-shot plays before it;
     * null stops both. The frames are the prompt encoded in this leg's codec.
     */
    void play(Prompt prompt, byte[][] frames) {
        if (prompt == null) {
            once = null;
            loop = null;
        } else if (prompt.loops()) {
            loop = new Playback(frames);
        } else {
            once = new Playback(frames);
        }
    }

    /** A prompt's frames and how far the fan-out lane has sent them (touched by that lane only). */
    private static final class Playback {
        final byte[][] frames;
        int next;

        Playback(byte[][] frames) {
            this.frames = frames;
        }
    }

    /** The prompt frame to send instead of the mix now, or null. */
    private byte[] promptFrame() {
        Playback o = once;
        if (o != null) {
            if (o.next < o.frames.length) {
                return o.frames[o.next++];
            }
            if (once == o) {
                once = null;
            }
        }
        Playback l = loop;
        if (l == null || l.frames.length == 0) {
            return null;
        }
        byte[] frame = l.frames[l.next];
        l.next = (l.next + 1) % l.frames.length;
        return frame;
    }

    void setReceiveStatistics(ReceiveStatistics statistics) {
        this.receiveStatistics = statistics;
    }

    SenderStatistics senderStatistics() {
        return senderStatistics;
    }

    long ssrc() {
        return ssrc;
    }

    @Override
    public void deliver(byte[] payload, int offset, int length, int timestampIncrement) {
        if (!sending && promptsAllowed && (once != null || loop != null)) {
            byte[] prompt = promptFrame();
            if (prompt != null) {
                send(prompt, 0, prompt.length, timestampIncrement);
                return;
            }
        }
        if (!sending || length <= 0 || length > 1500 - RtpPacket.FIXED_HEADER_LENGTH) {
            timestamp += timestampIncrement; // a resumed stream keeps a timestamp consistent with wall-clock time
            firstPacket = true;
            long now = System.nanoTime();
            if (!sending && now - lastRtcpNanos >= RTCP_INTERVAL_NANOS) {
                lastRtcpNanos = now; // on hold we send no RTP, but still report what the phone sends us
                if (!report.sendReceiverReport(sender, receiveStatistics, ssrc, cname, now)) {
                    sendFailures++;
                }
            }
            return;
        }
        send(payload, offset, length, timestampIncrement);
    }

    private void send(byte[] payload, int offset, int length, int timestampIncrement) {
        int off = PacketBuffer.HEADROOM;
        // RFC 3551 §4.1: the marker bit flags the first packet after silence (talkspurt start).
        int header = RtpPacket.writeHeader(buffer, off, payloadType, firstPacket, sequence, timestamp, ssrc);
        System.arraycopy(payload, offset, buffer, off + header, length);
        long now = System.nanoTime();
        try {
            sender.sendRtp(buffer, off, header + length);
            packetsSent++;
            bytesSent += header + length;
            senderStatistics.onPacketSent(length, timestamp & 0xffffffffL, now);
        } catch (RuntimeException e) {
            sendFailures++;
        }
        firstPacket = false;
        sequence = (sequence + 1) & 0xffff;
        timestamp += timestampIncrement;
        if (now - lastRtcpNanos >= RTCP_INTERVAL_NANOS) {
            lastRtcpNanos = now;
            sendReport(now);
        }
    }

    @Override
    public void skipped(int timestampIncrement) {
        timestamp += timestampIncrement; // the gap shows as lost time, not as audio played early
        firstPacket = true;
    }

    private void sendReport(long now) {
        if (!report.send(sender, senderStatistics, receiveStatistics, ssrc, cname, now)) {
            sendFailures++;
        }
    }

    long packetsSent() {
        return packetsSent;
    }

    long bytesSent() {
        return bytesSent;
    }

    long sendFailures() {
        return sendFailures;
    }
}
