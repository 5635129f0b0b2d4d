package org.confero.server.conference;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.confero.mixer.video.Tier;
import org.confero.mixer.video.VideoRoomStats;
import org.confero.server.metrics.Metrics;

/** Per-room video figures for /metrics, read from each room's compositor at scrape time. */
final class VideoMetrics {
    private final Supplier<Map<String, RoomVideo>> rooms;

    VideoMetrics(Supplier<Map<String, RoomVideo>> rooms) {
        this.rooms = rooms;
    }

    void register(Metrics metrics) {
        perRoom(metrics, "confero_video_frames_composed", "composite frames drawn since the room started",
                s -> (double) s.framesComposed());
        perRoom(metrics, "confero_video_composite_overruns",
                "composite ticks that overran or were skipped to keep the frame rate",
                s -> (double) (s.overruns() + s.ticksSkipped()));
        perRoom(metrics, "confero_video_keyframes_produced", "keyframes the room's encoders produced",
                s -> (double) s.keyframesProduced());
        perRoom(metrics, "confero_video_decode_errors", "participants' frames that failed to decode",
                s -> (double) s.decodeErrors());
        metrics.labelledGauge("confero_video_added_latency_ms",
                "participants' pictures from arrival to the first composite sent with them, by room and quantile", () -> {
                    Map<Map<String, String>, Double> out = new HashMap<>();
                    rooms.get().forEach((room, video) -> {
                        var l = video.addedLatency();
                        if (l.count() > 0) {
                            out.put(Map.of("room", room, "quantile", "0.5"), (double) l.medianMillis());
                            out.put(Map.of("room", room, "quantile", "0.95"), (double) l.p95Millis());
                        }
                    });
                    return out;
                });
        metrics.labelledGauge("confero_video_encoders", "encoders running, by room and tier", () -> {
            Map<Map<String, String>, Double> out = new HashMap<>();
            rooms.get().forEach((room, video) -> {
                VideoRoomStats s = video.stats();
                for (Tier t : Tier.values()) {
                    out.put(Map.of("room", room, "tier", t.name().toLowerCase(java.util.Locale.ROOT)),
                            (double) s.encodersPerTier().getOrDefault(t, 0));
                }
            });
            return out;
        });
    }

    private void perRoom(Metrics metrics, String name, String help, Function<VideoRoomStats, Double> value) {
        metrics.labelledGauge(name, help, () -> {
            Map<Map<String, String>, Double> out = new HashMap<>();
            rooms.get().forEach((room, video) -> out.put(Map.of("room", room), value.apply(video.stats())));
            return out;
        });
    }
}
