package org.confero.server.config;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Cluster mode: several Confero nodes share one Redis where each publishes its load and addresses and where every
 * room is placed on one node. Off (a single node) when no Redis URL is set.
 *
 * @param redisUrl {@code redis://host:port}; empty = cluster mode off
 * @param nodeId this node's id, unique in the cluster
 * @param sipAddress {@code host:port} other nodes and the SIP front send this node's calls to
 * @param httpUrl base URL browsers are sent to for rooms this node holds, e.g. {@code https://node2.example.org:8443}
 * @param mediaAddress the address this node's media (RTP, WebRTC) is reached on, published for operators
 */
public record ClusterConfig(Optional<URI> redisUrl, String nodeId, String sipAddress, String httpUrl,
        String mediaAddress) {
    public static final ClusterConfig OFF = new ClusterConfig(Optional.empty(), "", "", "", "");

    public ClusterConfig {
        Objects.requireNonNull(redisUrl, "cluster.redis-url");
        Objects.requireNonNull(nodeId, "cluster.node-id");
        Objects.requireNonNull(sipAddress, "cluster.sip-address");
        Objects.requireNonNull(httpUrl, "cluster.http-url");
        Objects.requireNonNull(mediaAddress, "cluster.media-address");
        redisUrl.ifPresent(url -> {
            if (!"redis".equals(url.getScheme()) || url.getHost() == null) {
                throw new IllegalArgumentException("cluster.redis-url must look like redis://host:port, was '"
                        + url.getScheme() + "://" + url.getHost() + "'");
            }
        });
        if (redisUrl.isPresent()) {
            if (!nodeId.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new IllegalArgumentException("cluster.node-id must be 1-64 of A-Z a-z 0-9 . _ -, was '"
                        + nodeId + "'");
            }
            if (!sipAddress.matches("[A-Za-z0-9.:\\[\\]-]+:\\d{1,5}")) {
                throw new IllegalArgumentException("cluster.sip-address must be host:port, was '" + sipAddress + "'");
            }
            if (!httpUrl.matches("https?://[A-Za-z0-9.:\\[\\]-]+(:\\d{1,5})?")) {
                throw new IllegalArgumentException("cluster.http-url must be http(s)://host[:port] without a path, was '"
                        + httpUrl + "'");
            }
        }
    }

    public boolean enabled() {
        return redisUrl.isPresent();
    }

    /** The Redis host and port (default port 6379); the URL's password, if any, is never printed. */
    public String printableRedis() {
        return redisUrl.map(u -> "redis://" + u.getHost() + ":" + (u.getPort() < 0 ? 6379 : u.getPort()))
                .orElse("(off: a single node)");
    }
}
