package org.confero.server.cascade;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.confero.server.conference.ConferenceMedia;
import org.confero.server.conference.RoomFullException;
import org.confero.server.transport.UdpMediaTransport;
import org.confero.server.webrtc.srtp.SrtpTransformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The home node's side: the links remote nodes opened into its rooms, one per (room, node). A node that asks again
 * (it restarted) replaces its old link. The table is bounded by configuration: only known peers get this far
 * ({@link CascadeApi}), so there are at most rooms × peers links. A link the peer stopped feeding is closed by
 * {@link #closeIdle}.
 */
final class CascadeHome implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CascadeHome.class);

    /** Why a link was not opened. */
    enum Refusal { NO_ROOM, ROOM_FULL, NO_PORT }

    /** The home's end of a new link, or why there is none. */
    record Opened(CascadeLink link, Refusal refusal) {}

    private final ConferenceMedia media;
    private final UdpMediaTransport transport;
    private final Map<String, CascadeLink> links = new HashMap<>();
    private boolean closed;

    CascadeHome(ConferenceMedia media, UdpMediaTransport transport) {
        this.media = media;
        this.transport = transport;
    }

    /** Opens (or re-opens) {@code node}'s link into {@code roomId}, sending to {@code peerRtp} with {@code srtp}. */
    Opened open(String roomId, String node, InetSocketAddress peerRtp,
            java.util.function.Supplier<SrtpTransformer> srtp) {
        if (media.findRoom(roomId).isEmpty()) {
            return new Opened(null, Refusal.NO_ROOM);
        }
        String key = roomId + "/" + node;
        CascadeLink old;
        synchronized (this) {
            if (closed) {
                return new Opened(null, Refusal.NO_PORT);
            }
            old = links.remove(key);
        }
        if (old != null) {
            old.close(); // the peer restarted or re-linked: its old leg must leave before the new one joins
            LOG.info("room {} cascade link from node {} replaced", roomId, node);
        }
        CascadeLink link;
        try {
            link = CascadeLink.open(media, transport, roomId, node, peerRtp, srtp.get());
        } catch (RoomFullException e) {
            return new Opened(null, Refusal.ROOM_FULL);
        } catch (IOException e) {
            return new Opened(null, Refusal.NO_PORT);
        }
        CascadeLink raced;
        synchronized (this) {
            raced = closed ? link : links.put(key, link);
        }
        if (raced != null) {
            raced.close();
        }
        LOG.info("room {} cascade link from node {} open: port {} ↔ {} (SRTP {})", roomId, node, link.localPort(),
                peerRtp, LinkKeys.PROFILE);
        return new Opened(link, null);
    }

    /** Closes {@code node}'s link into {@code roomId}; false when there was none. */
    boolean close(String roomId, String node) {
        CascadeLink link;
        synchronized (this) {
            link = links.remove(roomId + "/" + node);
        }
        if (link == null) {
            return false;
        }
        link.close();
        LOG.info("room {} cascade link from node {} closed by the peer", roomId, node);
        return true;
    }

    /** Closes the links whose peer sent no RTP for {@code timeoutSeconds}: a node that died leaves no leg behind. */
    void closeIdle(long nowNanos, int timeoutSeconds) {
        List<CascadeLink> idle = new ArrayList<>();
        synchronized (this) {
            links.values().removeIf(link -> link.idle(nowNanos, timeoutSeconds) && idle.add(link));
        }
        for (CascadeLink link : idle) {
            link.close();
            LOG.warn("room {} cascade link from node {} closed: no RTP for {} s", link.roomId(), link.peerNode(),
                    timeoutSeconds);
        }
    }

    synchronized int openLinks() {
        return links.size();
    }

    @Override
    public void close() {
        List<CascadeLink> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(links.values());
            links.clear();
        }
        all.forEach(CascadeLink::close);
    }
}
