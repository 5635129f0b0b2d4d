package org.confero.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import org.confero.server.config.ClusterConfig;
import org.confero.server.metrics.Metrics;
import org.confero.server.peers.RedisServer;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/** A node's life in the cluster against a real redis-server: join, place, leave cleanly, or die. */
class ClusterNodeTest {
    private static ClusterConfig config(URI redis, String id, int sipPort) {
        return new ClusterConfig(Optional.of(redis), id, "127.0.0.1:" + sipPort, "http://127.0.0.1:" + (sipPort + 1),
                "127.0.0.1");
    }

    @Test
    void aNodePublishesAtOnceHoldsWhatItPlacesAndLeavesNothingBehindOnCleanShutdown() {
        try (RedisServer server = RedisServer.start(); UnifiedJedis redis = RedisClient.create(server.url())) {
            ClusterNode a = ClusterNode.start(config(server.url(), "a", 5070), () -> new NodeLoad(3, 1, 1, 12),
                    Set::of, new Metrics(), Clock.systemUTC());
            ClusterNode b = ClusterNode.start(config(server.url(), "b", 5080), () -> NodeLoad.IDLE, Set::of,
                    new Metrics(), Clock.systemUTC());
            try {
                assertThat(redis.hget(ClusterKeys.node("a"), "participants")).isEqualTo("3");
                assertThat(redis.hget(ClusterKeys.node("a"), "sip")).isEqualTo("127.0.0.1:5070");
                assertThat(redis.hget(ClusterKeys.node("a"), "cpu")).isEqualTo("12");
                assertThat(a.elsewhere("physics")).as("b is idle: b holds it").map(NodeInfo::id).contains("b");
                assertThat(b.elsewhere("physics")).isEmpty();
                assertThat(b.heldRooms()).containsExactly("physics");
                assertThat(a.heldRooms()).isEmpty();
            } finally {
                b.close();
            }
            assertThat(redis.exists(ClusterKeys.node("b"))).isFalse();
            assertThat(redis.exists(ClusterKeys.room("physics"))).as("freed at once").isFalse();
            assertThat(a.elsewhere("physics")).as("placed again on the node that is left").isEmpty();
            a.halt();
            assertThat(redis.exists(ClusterKeys.node("a"))).as("a crash leaves the entry to expire").isTrue();
            assertThat(redis.pttl(ClusterKeys.node("a"))).isBetween(1L, ClusterKeys.NODE_TIMEOUT.toMillis());
            a.close();
            assertThat(redis.exists(ClusterKeys.node("a"))).as("close after halt does nothing").isTrue();
        }
    }

    @Test
    void withRedisGoneRoomsAreServedHereAndTheFailureIsCounted() {
        Metrics metrics = new Metrics();
        ClusterNode node;
        try (RedisServer server = RedisServer.start()) {
            node = ClusterNode.start(config(server.url(), "solo", 5090), () -> NodeLoad.IDLE, Set::of, metrics,
                    Clock.systemUTC());
        }
        try {
            assertThat(node.elsewhere("any")).isEmpty();
            assertThat(metrics.render()).containsPattern("confero_cluster_redis_failures_total(\\{[^}]*\\})? 1");
        } finally {
            node.close();
        }
    }
}
