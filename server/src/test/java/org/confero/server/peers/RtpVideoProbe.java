package org.confero.server.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.confero.mixer.rtp.RtcpWriter;
import org.confero.mixer.rtp.RtpPacket;
import org.confero.mixer.video.rtp.Vp8Depacketizer;

/**
 * A receiver of a VP8 stream that only watches it: it notes when each keyframe starts (RFC 7741 §4.3: S=1, PID=0
 * and the frame header's P bit clear) and can send RTCP PLIs from its RTCP port, like a browser that lost the
 * picture. Listens on the RTP port its SDP names and sends from the port after it.
 */
public final class RtpVideoProbe implements AutoCloseable {
    private final DatagramSocket rtp;
    private final DatagramSocket rtcp;
    private final Thread reader;
    private final List<Long> keyframeNanos = new CopyOnWriteArrayList<>();
    private final AtomicLong packets = new AtomicLong();
    private volatile long mediaSsrc = -1;
    private volatile boolean closed;

    public RtpVideoProbe(int localRtpPort) {
        try {
            rtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", localRtpPort));
            rtcp = new DatagramSocket(new InetSocketAddress("127.0.0.1", localRtpPort + 1));
            rtp.setSoTimeout(100);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        reader = new Thread(this::read, "rtp-video-probe-" + localRtpPort);
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        byte[] buf = new byte[2048];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        RtpPacket view = new RtpPacket();
        Vp8Depacketizer vp8 = new Vp8Depacketizer();
        while (!closed) {
            try {
                rtp.receive(p);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                return;
            }
            if (!view.wrap(buf, 0, p.getLength())) {
                continue;
            }
            packets.incrementAndGet();
            mediaSsrc = view.ssrc();
            int d = vp8.parseDescriptor(buf, view.payloadOffset(), view.payloadLength());
            if (d > 0 && vp8.keyframe()) {
                keyframeNanos.add(System.nanoTime());
            }
        }
    }

    public long packets() {
        return packets.get();
    }

    /** Start times of the keyframes received so far ({@link System#nanoTime()}). */
    public List<Long> keyframes() {
        return List.copyOf(keyframeNanos);
    }

    /** Keyframes that started at or after {@code sinceNanos}. */
    public long keyframesSince(long sinceNanos) {
        return keyframeNanos.stream().filter(t -> t >= sinceNanos).count();
    }

    /** Sends a compound RR + PLI (RFC 4585 §6.3.1) about the stream received to {@code serverRtcpPort}. */
    public void sendPli(int serverRtcpPort) {
        long media = mediaSsrc;
        if (media < 0) {
            throw new IllegalStateException("nothing received yet");
        }
        byte[] buf = new byte[64];
        int rr = RtcpWriter.writeReceiverReport(buf, 0, 0x5EED, List.of());
        int pli = RtcpWriter.writePli(buf, rr, 0x5EED, media);
        try {
            rtcp.send(new DatagramPacket(buf, rr + pli, new InetSocketAddress("127.0.0.1", serverRtcpPort)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        closed = true;
        rtp.close();
        rtcp.close();
        try {
            reader.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
