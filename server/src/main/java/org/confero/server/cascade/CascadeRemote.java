package org.confero.server.cascade;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.confero.server.conference.ConferenceMedia;
import org.confero.server.conference.ParticipantKind;
import org.confero.server.conference.RoomFullException;
import org.confero.server.guard.SampledLog;
import org.confero.server.transport.UdpMediaTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A remote node's side of one cascaded room: while any local participant is in the room, a link to the home node is
 * up; when the last one leaves it is closed, and the room's mixer with it. A failed or silent link is retried with a
 * growing delay (1 s to 30 s). Runs only on the cascade's thread ({@link #reconcile}), so it needs no lock.
 */
final class CascadeRemote {
    private static final Logger LOG = LoggerFactory.getLogger(CascadeRemote.class);
    private static final long FIRST_RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long LAST_RETRY_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final String roomId;
    private final String nodeId;
    private final String homeNode;
    private final URI homeUrl;
    private final String linkAddress;
    private final String secret;
    private final ConferenceMedia media;
    private final UdpMediaTransport transport;
    private final LinkClient client;
    private final int idleSeconds;
    private final SampledLog failures = new SampledLog(LOG, 10_000);
    private CascadeLink link;
    private long retryDelayNanos = FIRST_RETRY_NANOS;
    private long nextAttemptNanos = System.nanoTime();

    CascadeRemote(String roomId, String nodeId, String homeNode, URI homeUrl, String linkAddress, String secret,
            ConferenceMedia media, UdpMediaTransport transport, LinkClient client, int idleSeconds) {
        this.secret = secret;
        this.roomId = roomId;
        this.nodeId = nodeId;
        this.homeNode = homeNode;
        this.homeUrl = homeUrl;
        this.linkAddress = linkAddress;
        this.media = media;
        this.transport = transport;
        this.client = client;
        this.idleSeconds = idleSeconds;
    }

    String roomId() {
        return roomId;
    }

    boolean linked() {
        return link != null;
    }

    /** Brings the link in line with the room: up while local participants are in it, down otherwise. */
    void reconcile(long nowNanos) throws InterruptedException {
        boolean wanted = media.roster(roomId).stream().anyMatch(m -> m.kind() != ParticipantKind.CASCADE);
        if (link != null && (!wanted || link.idle(nowNanos, idleSeconds))) {
            if (wanted) {
                failures.warn(System.currentTimeMillis(), "room {} cascade link to node {}: no RTP for {} s,"
                        + " re-linking", roomId, homeNode, idleSeconds);
            }
            unlink();
        }
        if (wanted && link == null && nowNanos - nextAttemptNanos >= 0) {
            if (!tryLink()) {
                nextAttemptNanos = nowNanos + retryDelayNanos;
                retryDelayNanos = Math.min(retryDelayNanos * 2, LAST_RETRY_NANOS);
            } else {
                retryDelayNanos = FIRST_RETRY_NANOS;
            }
        }
    }

    private boolean tryLink() throws InterruptedException {
        CascadeLink opened;
        try {
            opened = CascadeLink.open(media, transport, roomId, homeNode, null, null);
        } catch (IOException | RoomFullException e) {
            failures.warn(System.currentTimeMillis(), "room {} cascade link to node {} not opened: {}", roomId,
                    homeNode, e.toString());
            return false;
        }
        LinkMessage request = LinkMessage.of(roomId, nodeId, LinkMessage.format(linkAddress, opened.localPort()));
        LinkClient.Result result = client.post(homeUrl, LinkClient.LINK_PATH, request);
        Optional<InetSocketAddress> home = result.answer().flatMap(LinkMessage::rtpAddress);
        if (home.isEmpty()) {
            opened.close();
            failures.warn(System.currentTimeMillis(), "room {} cascade link to node {} at {} refused: status {} {}",
                    roomId, homeNode, homeUrl, result.status(), result.problem());
            return false;
        }
        opened.aim(home.get(), LinkKeys.forRemote(secret, roomId, homeNode, nodeId, request.nonce(),
                result.answer().get().nonce()));
        link = opened;
        LOG.info("room {} cascade link to home node {} open: port {} ↔ {}", roomId, homeNode, opened.localPort(),
                home.get());
        return true;
    }

    /** Closes our end and tells the home node (best effort: its idle check closes its end anyway). */
    void unlink() throws InterruptedException {
        CascadeLink closing = link;
        if (closing == null) {
            return;
        }
        link = null;
        closing.close();
        LinkClient.Result result = client.post(homeUrl, LinkClient.UNLINK_PATH, LinkMessage.of(roomId, nodeId, ""));
        LOG.info("room {} cascade link to home node {} closed (home answered {})", roomId, homeNode,
                result.status());
    }
}
