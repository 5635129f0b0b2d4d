package org.confero.server.load;

import java.util.Locale;

/**
 * What one participant noticed during the measurement window.
 *
 * @param windowExpected packets expected inside the window: sequence numbers spanned by those that arrived
 * @param windowReceived packets that arrived inside it
 * @param maxGapMillis the longest time inside the window without a packet (a stopped stream shows here)
 * @param seqExpected packets expected by sequence numbers over the whole call (RFC 3550 A.3)
 * @param received packets received over the whole call
 * @param jitterMillis interarrival jitter at the end (RFC 3550 A.8), and its highest value inside the window
 * @param latencyP50Millis added mouth-to-ear latency of this listener's matched onsets (-1 when not probed)
 * @param hearing the lowest share, over the room's other talkers, of their onsets this listener heard (-1 when
 *     not probed or nobody else talks)
 * @param selfFrames frames in which a talker heard its own tone (0 for listeners)
 */
record PeerResult(String id, LoadPeer.Kind kind, String room, String codec, boolean talker, boolean joined,
        String failure, long windowExpected, long windowReceived, long maxGapMillis, long seqExpected, long received,
        double jitterMillis, double maxJitterMillis, boolean probed, int latencyP50Millis, int latencyP99Millis,
        double hearing, long selfFrames, long sent) {

    /** Share of the window's expected packets that arrived, 0..1 (0 when nothing arrived in the window). */
    double windowShare() {
        return windowExpected == 0 ? 0 : Math.min(1.0, (double) windowReceived / windowExpected);
    }

    static String csvHeader() {
        return "id,kind,room,codec,talker,joined,failure,window_expected,window_received,window_share,max_gap_ms,"
                + "seq_expected,received,jitter_ms,max_jitter_ms,probed,latency_p50_ms,latency_p99_ms,hearing,"
                + "self_frames,sent";
    }

    String csvRow() {
        String why = failure == null ? "" : '"' + failure.replace("\"", "'").replace("\n", " ") + '"';
        return String.join(",", id, kind.name().toLowerCase(Locale.ROOT), room, codec, Boolean.toString(talker),
                Boolean.toString(joined), why, Long.toString(windowExpected), Long.toString(windowReceived),
                fixed(4, windowShare()), Long.toString(maxGapMillis), Long.toString(seqExpected),
                Long.toString(received), fixed(2, jitterMillis), fixed(2, maxJitterMillis), Boolean.toString(probed),
                Integer.toString(latencyP50Millis), Integer.toString(latencyP99Millis), fixed(3, hearing),
                Long.toString(selfFrames), Long.toString(sent));
    }

    private static String fixed(int decimals, double value) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
