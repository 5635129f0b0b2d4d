package org.confero.server.cluster;

/**
 * What a node carries now, as published to the cluster every heartbeat.
 *
 * @param participants legs in all rooms
 * @param talkers rooms with someone speaking now
 * @param encoders rooms being mixed (each encodes its mix at least once)
 * @param cpuPercent the JVM's share of the machine's CPU, 0-100 (−1 when unknown)
 */
public record NodeLoad(int participants, int talkers, int encoders, int cpuPercent) {
    public static final NodeLoad IDLE = new NodeLoad(0, 0, 0, 0);
}
