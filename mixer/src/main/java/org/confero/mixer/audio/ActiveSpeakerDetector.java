package org.confero.mixer.audio;

/**
 * The room's active speaker: the participant loudest over about a second, who keeps the title until someone
 * else is louder by a margin, and also through pauses (a video layout should not jump when everyone is
 * quiet). Runs on the tick thread; the result is read from any thread.
 */
final class ActiveSpeakerDetector {
    private final double silenceThresholdDbov;
    private final double marginDb;
    private volatile String activeSpeaker;
    private Participant current;

    ActiveSpeakerDetector(double silenceThresholdDbov, double marginDb) {
        this.silenceThresholdDbov = silenceThresholdDbov;
        this.marginDb = marginDb;
    }

    /** @return true when the active speaker changed this tick */
    boolean update(Participant[] roster) {
        Participant loudest = null;
        for (Participant p : roster) {
            boolean audible = !p.muted && p.slowLevel > silenceThresholdDbov;
            if (audible && (loudest == null || p.slowLevel > loudest.slowLevel)) {
                loudest = p;
            }
        }
        // a silent room keeps its last speaker on screen; only leaving the room clears it
        if (current != null && current.removed) {
            current = null;
        }
        if (loudest == null || loudest == current) {
            return publish();
        }
        if (current == null || loudest.slowLevel > current.slowLevel + marginDb) {
            current = loudest;
        }
        return publish();
    }

    private boolean publish() {
        String id = current == null ? null : current.id;
        if (java.util.Objects.equals(id, activeSpeaker)) {
            return false;
        }
        activeSpeaker = id;
        return true;
    }

    String activeSpeaker() {
        return activeSpeaker;
    }
}
