package org.confero.server.webrtc;

import java.util.concurrent.atomic.LongAdder;

/** One session's packet counters; each increment also feeds the gateway-wide counter of the same meaning. */
final class SessionCounters {
    private final WebRtcMetrics metrics;
    private final LongAdder received = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder authFailures = new LongAdder();
    private final LongAdder replays = new LongAdder();
    private final LongAdder receiveDrops = new LongAdder();
    private final LongAdder sendDrops = new LongAdder();

    SessionCounters(WebRtcMetrics metrics) {
        this.metrics = metrics;
    }

    void received() {
        received.increment();
        metrics.packetsReceived.increment();
    }

    void sent() {
        sent.increment();
        metrics.packetsSent.increment();
    }

    void authFailure() {
        authFailures.increment();
        metrics.srtpAuthFailures.increment();
    }

    void replay() {
        replays.increment();
        metrics.srtpReplayDrops.increment();
    }

    void receiveDrop() {
        receiveDrops.increment();
        metrics.receiveDrops.increment();
    }

    void sendDrop() {
        sendDrops.increment();
        metrics.sendDrops.increment();
    }

    SessionStats snapshot() {
        return new SessionStats(received.sum(), sent.sum(), authFailures.sum(), replays.sum(), receiveDrops.sum(),
                sendDrops.sum());
    }
}
