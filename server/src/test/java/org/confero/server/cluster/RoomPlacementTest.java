package org.confero.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.confero.server.peers.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/** Placement and the node registry against a real redis-server. */
class RoomPlacementTest {
    private static RedisServer server;
    private static UnifiedJedis redis;
    private NodeRegistry registry;
    private RoomPlacement placement;
    private final long now = 1_700_000_000_000L;

    @BeforeAll
    static void startRedis() {
        server = RedisServer.start();
        redis = RedisClient.create(server.url());
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void emptyRedis() {
        redis.flushAll();
        registry = new NodeRegistry(redis);
        placement = new RoomPlacement(redis, registry);
    }

    private static NodeInfo node(String id, int participants, long seen) {
        return new NodeInfo(id, "127.0.0.1:" + (5000 + id.hashCode() % 100), "http://127.0.0.1:8080", "127.0.0.1",
                new NodeLoad(participants, 0, 0, 0), 0, seen);
    }

    @Test
    void aNodeEntryCarriesLoadAndAddressesAndExpiresWithoutHeartbeats() {
        NodeInfo a = new NodeInfo("a", "10.0.0.1:5060", "https://a.example.org", "10.0.0.1", new NodeLoad(7, 2, 3, 41),
                1, now);
        registry.publish(a);
        assertThat(registry.live("a", now)).contains(a);
        long ttl = redis.pttl(ClusterKeys.node("a"));
        assertThat(ttl).isBetween(1L, ClusterKeys.NODE_TIMEOUT.toMillis());
        assertThat(registry.live("a", now + ClusterKeys.NODE_TIMEOUT.toMillis() + 1))
                .as("an entry older than the timeout is dead even if its hash lingers").isEmpty();
        registry.remove("a");
        assertThat(redis.exists(ClusterKeys.node("a"))).isFalse();
        assertThat(redis.smembers(ClusterKeys.NODES)).isEmpty();
    }

    @Test
    void theFirstJoinPlacesTheRoomOnTheLeastLoadedNodeAndLaterJoinsFindIt() {
        registry.publish(node("a", 9, now));
        registry.publish(node("b", 2, now));
        registry.publish(node("c", 5, now));
        assertThat(placement.ownerOf("maths", now)).map(NodeInfo::id).contains("b");
        registry.publish(node("b", 50, now)); // b is now the busiest: the room stays where it is
        assertThat(placement.ownerOf("maths", now)).map(NodeInfo::id).contains("b");
        assertThat(placement.storedOwner("maths")).contains("b");
        assertThat(redis.pttl(ClusterKeys.room("maths"))).isBetween(1L, ClusterKeys.ROOM_LEASE.toMillis());
    }

    @Test
    void placementsBetweenHeartbeatsSpreadOverEqualNodes() {
        for (String id : List.of("a", "b", "c")) {
            registry.publish(node(id, 0, now));
        }
        Map<String, Integer> perNode = new HashMap<>();
        for (int i = 0; i < 12; i++) {
            String owner = placement.ownerOf("room" + i, now).orElseThrow().id();
            perNode.merge(owner, 1, Integer::sum);
        }
        assertThat(perNode).containsEntry("a", 4).containsEntry("b", 4).containsEntry("c", 4);
    }

    @Test
    void nodesPlacingOneRoomAtOnceAgreeOnOneOwner() throws Exception {
        for (String id : List.of("a", "b", "c")) {
            registry.publish(node(id, 0, now));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 20; round++) {
                String room = "race" + round;
                List<Callable<Optional<NodeInfo>>> joins = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    joins.add(() -> {
                        try (UnifiedJedis own = RedisClient.create(server.url())) {
                            return new RoomPlacement(own, new NodeRegistry(own)).ownerOf(room, now);
                        }
                    });
                }
                Set<String> owners = new HashSet<>();
                for (Future<Optional<NodeInfo>> f : pool.invokeAll(joins, 20, TimeUnit.SECONDS)) {
                    owners.add(f.get().orElseThrow().id());
                }
                assertThat(owners).as(room).hasSize(1);
                assertThat(placement.storedOwner(room)).contains(owners.iterator().next());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDeadOwnersRoomIsPlacedAgainOnALiveNode() {
        registry.publish(node("a", 0, now));
        registry.publish(node("b", 5, now));
        assertThat(placement.ownerOf("history", now)).map(NodeInfo::id).contains("a");
        redis.del(ClusterKeys.node("a")); // what the expiry does to a node that stopped beating
        assertThat(placement.ownerOf("history", now)).map(NodeInfo::id).contains("b");
        assertThat(placement.storedOwner("history")).contains("b");
        assertThat(redis.smembers(ClusterKeys.NODES)).containsExactly("b");

        registry.publish(node("c", 0, now));
        long later = now + ClusterKeys.NODE_TIMEOUT.toMillis() + 1;
        registry.publish(node("c", 0, later));
        assertThat(placement.ownerOf("history", later)).as("b's entry is stale at 'later'").map(NodeInfo::id)
                .contains("c");
    }

    @Test
    void onlyTheOwnerRefreshesOrReleasesItsRooms() {
        registry.publish(node("a", 0, now));
        registry.publish(node("b", 1, now));
        placement.ownerOf("r1", now);
        assertThat(placement.storedOwner("r1")).contains("a");
        redis.pexpire(ClusterKeys.room("r1"), 500);
        assertThat(placement.refresh("b", List.of("r1"))).isZero();
        assertThat(redis.pttl(ClusterKeys.room("r1"))).isLessThanOrEqualTo(500);
        assertThat(placement.refresh("a", List.of("r1", "unknown"))).isEqualTo(1);
        assertThat(redis.pttl(ClusterKeys.room("r1"))).isGreaterThan(500);
        assertThat(placement.release("b", List.of("r1"))).isZero();
        assertThat(placement.release("a", List.of("r1"))).isEqualTo(1);
        assertThat(placement.storedOwner("r1")).isEmpty();
    }

    @Test
    void withNoLiveNodeNothingIsPlaced() {
        assertThat(placement.ownerOf("lonely", now)).isEmpty();
        assertThat(placement.storedOwner("lonely")).isEmpty();
    }
}
