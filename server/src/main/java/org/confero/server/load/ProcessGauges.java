package org.confero.server.load;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * What the process costs while it is measured: CPU time (whole process, and the named threads of the load tool),
 * resident memory from /proc, and stop-the-world GC pauses from the collectors' notifications (concurrent
 * cycles are not pauses and are left out).
 */
final class ProcessGauges implements AutoCloseable {
    private static final int MAX_PAUSES = 100_000;
    private final List<Double> pausesMillis = new ArrayList<>();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::onGc;
    private volatile boolean recording;

    ProcessGauges() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
    }

    void record(boolean on) {
        recording = on;
    }

    private void onGc(Notification n, Object handback) {
        if (!recording || !GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        if (info.getGcName().contains("Concurrent") || info.getGcAction().contains("concurrent")) {
            return;
        }
        synchronized (pausesMillis) {
            if (pausesMillis.size() < MAX_PAUSES) {
                pausesMillis.add((double) info.getGcInfo().getDuration());
            }
        }
    }

    /** The recorded pauses in ms (the MXBean's resolution is 1 ms). */
    List<Double> pausesMillis() {
        synchronized (pausesMillis) {
            return List.copyOf(pausesMillis);
        }
    }

    void clearPauses() {
        synchronized (pausesMillis) {
            pausesMillis.clear();
        }
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static long threadsCpuNanos(long[] ids) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long id : ids) {
            long t = threads.getThreadCpuTime(id);
            sum += Math.max(0, t);
        }
        return sum;
    }

    /** Resident set size in bytes (VmRSS), or -1 where /proc is missing. */
    static long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    @Override
    public void close() {
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(listener);
            } catch (ListenerNotFoundException ignored) {
                // already gone
            }
        }
    }
}
