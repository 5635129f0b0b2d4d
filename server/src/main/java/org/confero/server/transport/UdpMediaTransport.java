package org.confero.server.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.confero.server.guard.SampledLog;
import org.confero.server.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plain UDP RTP/RTCP for SIP legs: every leg's sockets are non-blocking channels served by ONE selector thread,
 * which reads into one direct buffer and hands each packet to the leg's {@code Leg} (which copies it).
 */
public final class UdpMediaTransport implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UdpMediaTransport.class);
    private static final int MAX_READS_PER_KEY = 64;

    private final String bindAddress;
    private final RtpPortAllocator ports;
    private final Selector selector;
    private final Thread thread;
    private final Queue<MediaEndpoint> toRegister = new ConcurrentLinkedQueue<>();
    private final AtomicInteger openSockets = new AtomicInteger();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(2048);
    private final byte[] packet = new byte[2048];
    private final Metrics.Counter received;
    private final Metrics.Counter dropped;
    private final Metrics.Counter sendDrops;
    private final Metrics.Counter refused;
    private final Metrics.Counter latched;
    private final Metrics.Counter srtpFailures;
    private final int latchPackets;
    private final boolean latchAnySource;
    private final SampledLog refusedLog = new SampledLog(LOG, 10_000);
    private volatile boolean running = true;

    /** What a selection key is attached to: which endpoint, and whether the socket is its RTCP one. */
    private record Slot(MediaEndpoint endpoint, boolean rtcpSocket) {}

    public UdpMediaTransport(String bindAddress, int portMin, int portMax, Metrics metrics) throws IOException {
        this(bindAddress, portMin, portMax, metrics, 3, false);
    }

    /**
     * @param latchPackets in-sequence packets before a leg behind NAT latches onto their source
     * @param latchAnySource let such a leg latch onto an IP other than its SIP signalling's
     */
    public UdpMediaTransport(String bindAddress, int portMin, int portMax, Metrics metrics, int latchPackets,
            boolean latchAnySource) throws IOException {
        this.latchPackets = latchPackets;
        this.latchAnySource = latchAnySource;
        this.refused = metrics.counter("sip_rtp_source_refused_total",
                "RTP/RTCP packets on SIP legs refused for their source (not the SDP's address or the latched one)");
        this.srtpFailures = metrics.counter("sip_srtp_auth_failures_total",
                "SRTP/SRTCP packets on SIP legs dropped for a failed authentication or replay check");
        this.latched = metrics.counter("sip_rtp_latched_total", "SIP legs behind NAT that latched onto a media source");
        this.bindAddress = bindAddress;
        this.ports = new RtpPortAllocator(portMin, portMax);
        this.selector = Selector.open();
        this.received = metrics.counter("sip_rtp_packets_received_total", "RTP/RTCP packets received on SIP legs");
        this.dropped = metrics.counter("sip_rtp_packets_dropped_total", "RTP/RTCP packets dropped on SIP legs (not RTP, too short)");
        this.sendDrops = metrics.counter("sip_rtp_send_drops_total", "RTP/RTCP packets that could not be sent on SIP legs");
        metrics.gauge("sip_rtp_open_sockets", "UDP media sockets open for SIP legs", openSockets::get);
        this.thread = new Thread(this::run, "confero-sip-rtp");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Opens a leg's sockets on the next free port pair.
     *
     * @param remoteRtp where to send RTP until the peer's own packets show its real source; null for none yet
     * @throws IOException when no port in the range can be bound
     */
    public MediaEndpoint open(InetSocketAddress remoteRtp, InetSocketAddress remoteRtcp, boolean rtcpMux)
            throws IOException {
        for (int attempt = 0; attempt < ports.capacity(); attempt++) {
            int port = ports.reserve();
            if (port < 0) {
                break;
            }
            DatagramChannel rtp = null;
            DatagramChannel rtcp = null;
            try {
                rtp = bind(port);
                rtcp = rtcpMux ? null : bind(port + 1);
                MediaEndpoint endpoint = new MediaEndpoint(this, rtp, rtcp, port, remoteRtp,
                        rtcpMux ? remoteRtp : remoteRtcp, new SourceFilter(latchPackets, latchAnySource));
                openSockets.addAndGet(rtcpMux ? 1 : 2);
                toRegister.add(endpoint);
                selector.wakeup();
                return endpoint;
            } catch (IOException e) {
                // Someone else holds this port: try the next pair.
                closeQuietly(rtp);
                closeQuietly(rtcp);
                ports.release(port);
            }
        }
        throw new IOException("no free RTP port pair in the configured range");
    }

    private DatagramChannel bind(int port) throws IOException {
        DatagramChannel ch = DatagramChannel.open();
        try {
            ch.setOption(StandardSocketOptions.SO_RCVBUF, 256 * 1024);
            ch.configureBlocking(false);
            ch.bind(new InetSocketAddress(bindAddress, port));
            return ch;
        } catch (IOException e) {
            ch.close();
            throw e;
        }
    }

    /** Sockets currently open (tests check this returns to zero). */
    public int openSocketCount() {
        return openSockets.get();
    }

    void countSendDrop() {
        sendDrops.increment();
    }

    void release(MediaEndpoint endpoint) {
        // Closing a channel cancels its key; the selector forgets it at its next select.
        closeQuietly(endpoint.rtp);
        closeQuietly(endpoint.rtcp);
        openSockets.addAndGet(endpoint.rtcp == null ? -1 : -2);
        ports.release(endpoint.localRtpPort());
        selector.wakeup();
    }

    private void run() {
        while (running) {
            try {
                selector.select(500);
                registerPending();
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    if (key.isValid() && key.isReadable()) {
                        readAll(key, (Slot) key.attachment());
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (running) {
                    LOG.warn("RTP selector loop error (continuing): {}", e.toString());
                }
            }
        }
    }

    private void registerPending() {
        MediaEndpoint e;
        while ((e = toRegister.poll()) != null) {
            if (e.isClosed()) {
                continue;
            }
            try {
                e.rtp.register(selector, SelectionKey.OP_READ, new Slot(e, false));
                if (e.rtcp != null) {
                    e.rtcp.register(selector, SelectionKey.OP_READ, new Slot(e, true));
                }
            } catch (IOException | RuntimeException ex) {
                LOG.debug("endpoint closed before registration: {}", ex.toString());
            }
        }
    }

    private void readAll(SelectionKey key, Slot slot) {
        DatagramChannel ch = (DatagramChannel) key.channel();
        MediaEndpoint endpoint = slot.endpoint();
        for (int i = 0; i < MAX_READS_PER_KEY; i++) {
            readBuffer.clear();
            SocketAddress source;
            try {
                // The JDK reuses the source address object while the sender stays the same: no allocation.
                source = ch.receive(readBuffer);
                if (source == null) {
                    return;
                }
            } catch (IOException e) {
                return;
            }
            readBuffer.flip();
            int length = readBuffer.remaining();
            readBuffer.get(packet, 0, length);
            received.increment();
            try {
                dispatch(endpoint, slot.rtcpSocket(), source, length);
            } catch (RuntimeException e) {
                // A fault behind the leg must not stop the loop that serves every other call.
                dropped.increment();
                LOG.debug("packet handling failed on port {}: {}", endpoint.localRtpPort(), e.toString());
            }
        }
    }

    private void dispatch(MediaEndpoint endpoint, boolean rtcpSocket, SocketAddress source, int length) {
        if (length < 8 || (packet[0] & 0xC0) != 0x80) {
            dropped.increment(); // not RTP version 2 (RFC 3550 §5.1), e.g. STUN or garbage
            return;
        }
        int pt = packet[1] & 0xFF;
        // RFC 5761 §4: on a muxed port, second-byte values 192-223 are RTCP packet types.
        boolean isRtcp = rtcpSocket || (endpoint.rtcpMux() && pt >= 192 && pt <= 223);
        long now = System.nanoTime();
        InetSocketAddress from = (InetSocketAddress) source;
        if (isRtcp) {
            if (!endpoint.filter.acceptRtcp(from, endpoint.rtcpMux())) {
                refuse(endpoint, from);
                return;
            }
            if (!endpoint.deliverRtcp(packet, length, now)) {
                srtpDrop(endpoint, from, "SRTCP", length);
            }
            return;
        }
        if (length < 12) {
            dropped.increment();
            return;
        }
        SourceFilter.Verdict verdict = endpoint.filter.acceptRtp(from, packet);
        if (verdict == SourceFilter.Verdict.REFUSE) {
            refuse(endpoint, from);
            return;
        }
        if (verdict == SourceFilter.Verdict.LATCHED_NOW) {
            latched.increment();
            LOG.info("media port {} latched onto {} behind NAT", endpoint.localRtpPort(), from);
        }
        if (!endpoint.deliverRtp(packet, length, now)) {
            srtpDrop(endpoint, from, "SRTP", length);
        }
    }

    private void srtpDrop(MediaEndpoint endpoint, InetSocketAddress from, String kind, int length) {
        dropped.increment();
        srtpFailures.increment();
        refusedLog.warn(System.currentTimeMillis(), "dropping {} ({} bytes) from {} on port {}: not authentic", kind,
                length, from, endpoint.localRtpPort());
    }

    /** A packet from a source the leg does not take media from: never mixed, never answered. */
    private void refuse(MediaEndpoint endpoint, InetSocketAddress from) {
        dropped.increment();
        refused.increment();
        refusedLog.warn(System.currentTimeMillis(), "refusing media from {} on port {} ({})", from,
                endpoint.localRtpPort(), endpoint.filter.mode());
    }

    private static void closeQuietly(DatagramChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                LOG.debug("close failed: {}", e.toString());
            }
        }
    }

    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        selector.wakeup();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof Slot slot) {
                slot.endpoint().close();
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("selector close failed: {}", e.toString());
        }
    }
}
