package org.confero.server.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.ThreadLocalRandom;
import org.confero.mixer.codec.AudioCodec;
import org.confero.mixer.rtp.RtpPacket;
import org.confero.server.webrtc.dtls.PacketQueueTransport;
import org.confero.server.webrtc.srtp.PacketBuffer;
import org.confero.server.webrtc.srtp.PacketKind;
import org.confero.server.webrtc.srtp.SrtpTransformer;
import org.jitsi.srtp.SrtpErrorStatus;

/**
 * One simulated participant's media: the RTP it sends on the paced sender's clock and the RTP it receives on
 * the receiving thread. Signalling lives elsewhere ({@link SipCalls}, {@link WebRtcJoiner}); they hand this
 * peer its channel, remote address and, for WebRTC, its SRTP context and DTLS queue.
 */
final class LoadPeer implements MediaLoop.Receiver {
    enum Kind { SIP, WEBRTC }

    /** Silent Opus senders send one frame every this many (400 ms), as libopus DTX does. */
    static final int DTX_INTERVAL_FRAMES = 20;

    final int index;
    final String id;
    final Kind kind;
    final int room;
    final String roomId;
    final AudioCodec codec;
    final int talkerSlot;
    final ReceiveMeter meter;
    final ToneProbe probe;
    private final ToneFrames frames;
    private final OnsetLog onsets;
    private final boolean dtx;
    private final int ssrc = ThreadLocalRandom.current().nextInt();
    private final RtpPacket rx = new RtpPacket();
    private final PacketBuffer srtpRx = new PacketBuffer();

    volatile DatagramChannel channel;
    volatile InetSocketAddress remote;
    volatile int sendPayloadType;
    volatile SrtpTransformer srtp;
    volatile PacketQueueTransport dtlsQueue;
    private volatile boolean sending;
    volatile String failure;
    volatile boolean joined;
    volatile boolean endedByServer;

    // paced sender's state, touched by its thread only
    private int seq = ThreadLocalRandom.current().nextInt(0x10000);
    private long timestamp = ThreadLocalRandom.current().nextInt() & 0xffffffffL;
    private boolean inSpurt;
    private long lastFrame = -1;
    private boolean gap = true;
    private long silentFrames;
    private long packetsSent;
    private long sendErrors;
    // receiving thread's counters
    private long ignored;
    private long srtpFailures;

    LoadPeer(int index, String id, Kind kind, int room, String roomId, AudioCodec codec, int talkerSlot,
             ToneFrames frames, OnsetLog onsets, ReceiveMeter meter, ToneProbe probe) {
        this.index = index;
        this.id = id;
        this.kind = kind;
        this.room = room;
        this.roomId = roomId;
        this.codec = codec;
        this.talkerSlot = talkerSlot;
        this.frames = frames;
        this.onsets = onsets;
        this.meter = meter;
        this.probe = probe;
        this.dtx = codec == AudioCodec.OPUS;
    }

    boolean talker() {
        return talkerSlot >= 0;
    }

    void startSending() {
        sending = true;
    }

    void stopSending() {
        sending = false;
    }

    /**
     * Sends this peer's packet for {@code frame}, if any, through the sender's buffers (no allocation). A talker
     * sends its tone during its spurts; only spurts whose first frame it sends are sent, and a stall of the
     * sender cuts the spurt, so every tone a listener hears starts with a logged onset.
     */
    void sendFrame(long frame, SendBuffers buffers) {
        DatagramChannel ch = channel;
        InetSocketAddress to = remote;
        if (!sending || ch == null || to == null) {
            return;
        }
        byte[] payload;
        boolean marker = false;
        long missed = lastFrame < 0 ? 0 : frame - lastFrame - 1;
        if (missed > 0) {
            // the sender stalled and skipped frames: the sampling clock ran on, as a phone's would (RFC 3550 §5.1)
            timestamp += missed * codec.timestampsPerFrame();
            gap = true;
        }
        boolean talking = talker() && TalkPattern.talking(frame, talkerSlot);
        if (!talking || missed > 0) {
            inSpurt = false; // a stall cuts the spurt: the tone comes back only with the next logged onset
        }
        boolean onset = talking && TalkPattern.phase(frame, talkerSlot) == 0;
        if (onset) {
            inSpurt = true;
            marker = true;
        }
        lastFrame = frame;
        if (inSpurt) {
            payload = frames.tone(talkerSlot, TalkPattern.phase(frame, talkerSlot));
            silentFrames = 0;
        } else {
            boolean send = !dtx || silentFrames % DTX_INTERVAL_FRAMES == 0;
            silentFrames++;
            if (!send) {
                timestamp += codec.timestampsPerFrame();
                gap = true;
                return;
            }
            payload = frames.silence(frame);
        }
        marker |= gap;
        gap = false;
        long now = System.nanoTime();
        try {
            ByteBuffer out = srtp == null ? buffers.plain(payload, sendPayloadType, marker, seq, timestamp, ssrc)
                    : buffers.protect(srtp, payload, sendPayloadType, marker, seq, timestamp, ssrc);
            if (out != null) {
                ch.send(out, to);
                packetsSent++;
                if (onset) {
                    onsets.record(now);
                }
            } else {
                sendErrors++;
            }
        } catch (IOException e) {
            sendErrors++;
        }
        seq = (seq + 1) & 0xffff;
        timestamp += codec.timestampsPerFrame();
    }

    /** One datagram from this peer's socket, on the receiving thread. */
    @Override
    public void onDatagram(byte[] buf, int off, int len, long arrivalNanos) {
        if (kind == Kind.WEBRTC) {
            PacketKind k = PacketKind.of(buf, off, len);
            if (k == PacketKind.DTLS) {
                PacketQueueTransport q = dtlsQueue;
                if (q != null) {
                    q.offer(buf, off, len);
                }
                return;
            }
            SrtpTransformer s = srtp;
            if (k != PacketKind.RTP || s == null) {
                ignored++; // STUN consent checks, SRTCP
                return;
            }
            srtpRx.load(buf, off, len);
            if (s.unprotectRtp(srtpRx) != SrtpErrorStatus.OK) {
                srtpFailures++;
                return;
            }
            onRtp(srtpRx.getBuffer(), srtpRx.getOffset(), srtpRx.getLength(), arrivalNanos);
        } else if (RtpPacket.isRtcp(buf, off, len)) {
            ignored++;
        } else {
            onRtp(buf, off, len, arrivalNanos);
        }
    }

    private void onRtp(byte[] buf, int off, int len, long arrivalNanos) {
        if (!rx.wrap(buf, off, len)) {
            ignored++;
            return;
        }
        meter.onPacket(rx.sequenceNumber(), rx.timestamp(), arrivalNanos);
        if (probe != null && rx.payloadLength() > 0) {
            probe.onPayload(buf, rx.payloadOffset(), rx.payloadLength(), arrivalNanos);
        }
    }

    long packetsSent() {
        return packetsSent;
    }

    long sendErrors() {
        return sendErrors;
    }

    long ignored() {
        return ignored;
    }

    long srtpFailures() {
        return srtpFailures;
    }
}
