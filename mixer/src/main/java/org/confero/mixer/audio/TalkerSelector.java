package org.confero.mixer.audio;

/**
 * Picks the loudest N participants of a tick. A participant who was a talker last tick competes with
 * {@code switchMarginDb} added to its level, so two voices of similar loudness do not swap places every tick.
 * Allocation-free: it marks {@link Participant#talker} in place and fills a preallocated index array.
 */
final class TalkerSelector {
    private final int maxTalkers;
    private final double silenceThresholdDbov;
    private final double switchMarginDb;
    private final int[] chosen;
    private int count;

    TalkerSelector(MixerConfig config) {
        maxTalkers = config.maxTalkers();
        silenceThresholdDbov = config.silenceThresholdDbov();
        switchMarginDb = config.switchMarginDb();
        chosen = new int[maxTalkers];
    }

    /** Marks the talkers among {@code roster} and returns how many there are; see {@link #talker(int)}. */
    int select(Participant[] roster) {
        count = 0;
        for (Participant p : roster) {
            p.wasTalker = p.talker;
            p.talker = false;
        }
        for (int round = 0; round < maxTalkers; round++) {
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < roster.length; i++) {
                Participant p = roster[i];
                if (p.talker || !eligible(p)) {
                    continue;
                }
                double score = p.level + (p.wasTalker ? switchMarginDb : 0);
                if (score > bestScore) {
                    bestScore = score;
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            roster[best].talker = true;
            chosen[count++] = best;
        }
        return count;
    }

    private boolean eligible(Participant p) {
        return p.hasFrame && !p.muted && p.level > silenceThresholdDbov;
    }

    /** Roster index of the {@code n}-th talker chosen by the last {@link #select}. */
    int talker(int n) {
        return chosen[n];
    }
}
