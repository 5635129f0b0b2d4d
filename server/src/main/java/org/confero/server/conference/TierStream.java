package org.confero.server.conference;

import org.confero.mixer.video.Tier;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.confero.mixer.rtp.PacketBuffer;
import org.confero.mixer.rtp.RtpPacket;
import org.confero.mixer.video.EncodedFrame;
import org.confero.mixer.video.VideoCodec;
import org.confero.mixer.video.rtp.H264Packetizer;
import org.confero.mixer.video.rtp.RetransmissionCache;
import org.confero.mixer.video.rtp.VideoPacketizer;
import org.confero.mixer.video.rtp.Vp8Packetizer;

/**
 * One encoded composite (codec, tier, packetization) and everyone who receives it: each frame is packetized once,
 * kept for retransmission, and handed to every receiver's {@link VideoSendPath}, which only rewrites the header.
 * So a receiver costs a header rewrite and a send, never an encode or a packetization.
 */
final class TierStream implements Consumer<EncodedFrame> {
    /** What a receiver needs to share a stream with another. */
    record Key(VideoCodec codec, Tier tier, int h264PacketizationMode, int maxPayloadBytes) {}

    private static final int CACHE_PACKETS = 1024;
    private static final int MAX_PACKET = 1500;

    private final Key key;
    private final VideoPacketizer packetizer;
    private final RetransmissionCache cache = new RetransmissionCache(CACHE_PACKETS, MAX_PACKET);
    private final CopyOnWriteArrayList<VideoSendPath> receivers = new CopyOnWriteArrayList<>();
    private final byte[] packet = new byte[PacketBuffer.HEADROOM + MAX_PACKET + PacketBuffer.TAILROOM];
    private volatile RoomComposite.Subscription subscription;
    private int sequence = ThreadLocalRandom.current().nextInt(0x10000);

    TierStream(Key key) {
        this.key = key;
        this.packetizer = key.codec() == VideoCodec.VP8
                ? new Vp8Packetizer(key.maxPayloadBytes(), ThreadLocalRandom.current().nextInt(0x8000))
                : new H264Packetizer(key.maxPayloadBytes(), key.h264PacketizationMode(), true);
    }

    Key key() {
        return key;
    }

    void subscription(RoomComposite.Subscription s) {
        this.subscription = s;
    }

    void add(VideoSendPath receiver) {
        receivers.add(receiver);
    }

    /** Returns true when the stream has no receiver left. */
    boolean remove(VideoSendPath receiver) {
        receivers.remove(receiver);
        return receivers.isEmpty();
    }

    /** A composed, encoded frame, on the compositor's thread: packetize once, send to everyone. */
    @Override
    public void accept(EncodedFrame frame) {
        if (frame.length() == 0) {
            return;
        }
        int off = PacketBuffer.HEADROOM;
        packetizer.begin(frame);
        boolean first = true;
        while (packetizer.hasNext()) {
            int payload = packetizer.next(packet, off + RtpPacket.FIXED_HEADER_LENGTH);
            boolean last = !packetizer.hasNext();
            // RFC 7741 §4.1 / RFC 6184 §5.1: the marker bit ends the frame; the payload type is each receiver's
            RtpPacket.writeHeader(packet, off, 0, last, sequence, frame.rtpTimestamp(), 0);
            int length = RtpPacket.FIXED_HEADER_LENGTH + payload;
            cache.store(packet, off, length, sequence);
            for (VideoSendPath r : receivers) {
                r.forward(this, packet, off, length, sequence, frame.rtpTimestamp(), first, frame.keyframe());
            }
            sequence = (sequence + 1) & 0xFFFF;
            first = false;
        }
    }

    /**
     * Copies a packet sent earlier into {@code dst} at {@code dstOff} (the stream's own sequence number), for a
     * receiver's NACK; returns its length, or -1 when it is no longer kept.
     */
    int retransmission(int streamSequence, byte[] dst, int dstOff) {
        return cache.lookup(streamSequence, dst, dstOff);
    }

    /** Stops receiving frames from the compositor (its encoder goes when no stream needs it). */
    void close() {
        RoomComposite.Subscription s = subscription;
        if (s != null) {
            s.close();
        }
    }
}
