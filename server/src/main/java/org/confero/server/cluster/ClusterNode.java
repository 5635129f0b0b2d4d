package org.confero.server.cluster;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.confero.server.config.ClusterConfig;
import org.confero.server.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * This node as a member of the cluster: publishes its load and addresses every {@link ClusterKeys#HEARTBEAT},
 * keeps the leases of the rooms it holds, answers where a room is held (placing it on first join), and on a clean
 * shutdown frees its rooms and removes its entry. When Redis cannot be reached, rooms are served here (a room may
 * then be split until Redis is back) and the failure is counted and logged at most once per heartbeat.
 */
public final class ClusterNode implements RoomHome, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);

    private final ClusterConfig config;
    private final Supplier<NodeLoad> load;
    private final Supplier<Set<String>> activeRooms;
    private final Clock clock;
    private final UnifiedJedis redis;
    private final NodeRegistry registry;
    private final RoomPlacement placement;
    /** Rooms this node holds → when a join or a live room last touched them. */
    private final Map<String, Long> held = new ConcurrentHashMap<>();
    private final ScheduledExecutorService heartbeat;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final Metrics.Counter redisFailures;
    private final Metrics.Counter redirects;
    private volatile long lastFailureLog;

    private ClusterNode(ClusterConfig config, Supplier<NodeLoad> load, Supplier<Set<String>> activeRooms, Clock clock,
            UnifiedJedis redis, Metrics metrics) {
        this.config = config;
        this.load = load;
        this.activeRooms = activeRooms;
        this.clock = clock;
        this.redis = redis;
        this.registry = new NodeRegistry(redis);
        this.placement = new RoomPlacement(redis, registry);
        this.redisFailures = metrics.counter("confero_cluster_redis_failures_total",
                "cluster operations that could not reach Redis (rooms served locally meanwhile)");
        this.redirects = metrics.counter("confero_cluster_redirects_total", "joins sent to the node holding the room");
        metrics.gauge("confero_cluster_rooms_held", "rooms placed on this node", held::size);
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cluster-heartbeat");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Joins the cluster: publishes this node at once (so it can place rooms on itself before the first heartbeat)
     * and then every {@link ClusterKeys#HEARTBEAT}.
     *
     * @param load this node's load now
     * @param activeRooms the ids of rooms with participants here now
     */
    public static ClusterNode start(ClusterConfig config, Supplier<NodeLoad> load, Supplier<Set<String>> activeRooms,
            Metrics metrics, Clock clock) {
        UnifiedJedis redis = RedisClient.create(config.redisUrl().orElseThrow());
        ClusterNode node = new ClusterNode(config, load, activeRooms, clock, redis, metrics);
        try {
            node.beat();
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
        long period = ClusterKeys.HEARTBEAT.toMillis();
        node.heartbeat.scheduleAtFixedRate(node::beatSafely, period, period, TimeUnit.MILLISECONDS);
        LOG.info("cluster joined as node={} redis={} sip={} http={}", config.nodeId(), config.printableRedis(),
                config.sipAddress(), config.httpUrl());
        return node;
    }

    public String nodeId() {
        return config.nodeId();
    }

    @Override
    public Optional<NodeInfo> elsewhere(String roomId) {
        long now = clock.millis();
        Optional<NodeInfo> owner;
        try {
            owner = placement.ownerOf(roomId, now);
        } catch (JedisException e) {
            failed("place room=" + roomId, e);
            return Optional.empty();
        }
        if (owner.isEmpty() || owner.get().id().equals(config.nodeId())) {
            held.put(roomId, now);
            return Optional.empty();
        }
        redirects.increment();
        LOG.info("room={} held by node={} ({}): join sent there", roomId, owner.get().id(), owner.get().sipAddress());
        return owner;
    }

    /** Rooms this node holds now. */
    public Set<String> heldRooms() {
        return Set.copyOf(held.keySet());
    }

    private void beatSafely() {
        try {
            beat();
        } catch (JedisException e) {
            failed("heartbeat", e);
        } catch (RuntimeException e) {
            LOG.warn("cluster heartbeat failed node={}: {}", config.nodeId(), e.toString());
        }
    }

    private void beat() {
        long now = clock.millis();
        for (String room : activeRooms.get()) {
            held.put(room, now);
        }
        // an empty room keeps its placement one lease long: a join redirected here may still be on its way
        held.entrySet().removeIf(e -> now - e.getValue() > ClusterKeys.ROOM_LEASE.toMillis());
        placement.refresh(config.nodeId(), held.keySet());
        registry.publish(new NodeInfo(config.nodeId(), config.sipAddress(), config.httpUrl(), config.mediaAddress(),
                load.get(), held.size(), now));
    }

    private void failed(String what, JedisException e) {
        redisFailures.increment();
        long now = clock.millis();
        if (now - lastFailureLog >= ClusterKeys.HEARTBEAT.toMillis()) {
            lastFailureLog = now;
            LOG.warn("cluster {} failed node={}: {}", what, config.nodeId(), e.toString());
        }
    }

    /**
     * Stops as a crashed node would: no more heartbeats, nothing removed; the cluster finds out by the timeout.
     * Used to rehearse a node's death; {@link #close()} does nothing afterwards.
     */
    public void halt() {
        if (stopped.compareAndSet(false, true)) {
            heartbeat.shutdownNow();
            redis.close();
            LOG.warn("cluster node={} halted without leaving", config.nodeId());
        }
    }

    /** Leaves the cluster: frees this node's rooms and removes its entry at once. */
    @Override
    public void close() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        heartbeat.shutdownNow();
        try {
            heartbeat.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            int freed = placement.release(config.nodeId(), held.keySet());
            registry.remove(config.nodeId());
            LOG.info("cluster left node={} rooms freed={}", config.nodeId(), freed);
        } catch (JedisException e) {
            LOG.warn("cluster leave failed node={}: {} (its entry expires by itself)", config.nodeId(), e.toString());
        } finally {
            redis.close();
        }
    }
}
