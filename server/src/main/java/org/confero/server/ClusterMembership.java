package org.confero.server;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import org.confero.server.cluster.ClusterNode;
import org.confero.server.cluster.NodeLoad;
import org.confero.server.conference.MixerConferenceMedia;
import org.confero.server.config.ClusterConfig;
import org.confero.server.metrics.Metrics;

/** Joins the cluster with this server's rooms as the load it publishes. */
final class ClusterMembership {
    private ClusterMembership() {}

    static ClusterNode join(ClusterConfig config, MixerConferenceMedia media, Metrics metrics) {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return ClusterNode.start(config, () -> new NodeLoad(media.openLegCount(), media.talkingRoomCount(),
                media.activeRoomCount(), cpuPercent(os)), media::activeRoomIds, metrics, Clock.systemUTC());
    }

    private static int cpuPercent(java.lang.management.OperatingSystemMXBean os) {
        if (os instanceof OperatingSystemMXBean sun) {
            double load = sun.getProcessCpuLoad();
            return load < 0 ? -1 : (int) Math.round(load * 100);
        }
        return -1;
    }
}
