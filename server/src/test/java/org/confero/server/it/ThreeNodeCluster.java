package org.confero.server.it;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.confero.server.peers.Kamailio;
import org.confero.server.peers.RedisServer;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * A Confero cluster on loopback: a throw-away Redis, three in-process Confero nodes in cluster mode (each on its
 * own ports and RTP range), and Kamailio with the shipped {@code deploy/kamailio/kamailio.cfg} in front of them.
 */
final class ThreeNodeCluster implements AutoCloseable {
    static final Path KAMAILIO_CFG = Path.of("..", "deploy", "kamailio", "kamailio.cfg").toAbsolutePath().normalize();

    private final RedisServer redis;
    private final UnifiedJedis client;
    private final List<RunningServer> nodes;
    private final Kamailio kamailio;

    private ThreeNodeCluster(RedisServer redis, UnifiedJedis client, List<RunningServer> nodes, Kamailio kamailio) {
        this.redis = redis;
        this.client = client;
        this.nodes = nodes;
        this.kamailio = kamailio;
    }

    /** @param rooms room ids configured on every node */
    static ThreeNodeCluster start(List<String> rooms) {
        RedisServer redis = RedisServer.start();
        List<RunningServer> nodes = new ArrayList<>();
        try {
            for (int i = 1; i <= 3; i++) {
                Map<String, String> env = new HashMap<>();
                env.put("CONFERO_CLUSTER_REDIS_URL", redis.url().toString());
                env.put("CONFERO_CLUSTER_NODE_ID", "node" + i);
                // every call arrives from the SIP front's address, as behind a real proxy
                env.put("CONFERO_GUARD_EXEMPT_SOURCES", "127.0.0.1");
                env.put("CONFERO_SIP_RTP_TIMEOUT", "30");
                env.put("CONFERO_MEDIA_RTP_PORT_MIN", Integer.toString(21000 + 1000 * i));
                env.put("CONFERO_MEDIA_RTP_PORT_MAX", Integer.toString(21999 + 1000 * i));
                env.put("CONFERO_MEDIA_MIXER_THREADS", "1");
                for (String room : rooms) {
                    env.put("CONFERO_ROOM_" + room.toUpperCase(java.util.Locale.ROOT) + "_NAME", "Room " + room);
                }
                nodes.add(RunningServer.start(env));
            }
            Kamailio kamailio = Kamailio.start(KAMAILIO_CFG, redis.port(),
                    nodes.stream().map(RunningServer::sipPort).toList());
            return new ThreeNodeCluster(redis, RedisClient.create(redis.url()), nodes, kamailio);
        } catch (RuntimeException e) {
            nodes.forEach(RunningServer::close);
            redis.close();
            throw e;
        }
    }

    List<RunningServer> nodes() {
        return nodes;
    }

    Kamailio kamailio() {
        return kamailio;
    }

    UnifiedJedis redis() {
        return client;
    }

    /** The node id Redis names as the room's owner. */
    Optional<String> storedOwner(String room) {
        return Optional.ofNullable(client.get("confero:room:" + room));
    }

    RunningServer node(String nodeId) {
        return nodes.stream().filter(n -> n.server().cluster().orElseThrow().nodeId().equals(nodeId)).findFirst()
                .orElseThrow();
    }

    static String idOf(RunningServer node) {
        return node.server().cluster().orElseThrow().nodeId();
    }

    /** Participants of the room on each node that is still running, by node id. */
    Map<String, Integer> participantsPerNode(String room) {
        Map<String, Integer> counts = new HashMap<>();
        for (RunningServer node : nodes) {
            if (!node.server().isClosed()) {
                counts.put(idOf(node), node.server().media().participantCount(room));
            }
        }
        return counts;
    }

    int totalParticipants() {
        return nodes.stream().filter(n -> !n.server().isClosed()).mapToInt(n -> n.server().media().openLegCount())
                .sum();
    }

    String diagnostics() {
        String log = kamailio.log();
        return "kamailio log tail:\n" + log.substring(Math.max(0, log.length() - 4000));
    }

    @Override
    public void close() {
        kamailio.close();
        nodes.forEach(RunningServer::close);
        client.close();
        redis.close();
    }
}
